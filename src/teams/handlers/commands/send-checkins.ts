import type { CommandHandler } from '../types';

export const sendCheckins: CommandHandler<'checkin'> = async ({ command, actor, deps }) => {
  const { prompted } = await deps.services.checkins.sendNow(actor, command.reference, command.kpiKey);
  const scope = command.kpiKey ? `${command.reference} (${command.kpiKey})` : command.reference;
  return {
    text:
      prompted === 0
        ? `Nothing to send for ${scope}: this period's check-ins are already answered or not due.`
        : `Sent ${prompted} check-in${prompted === 1 ? '' : 's'} for ${scope}.`,
  };
};
