import type { CommandHandler } from '../types';

/** `steward close REF closed|renewed [YYYY-MM-DD] note…`: the end of the closeout (a manager's decision). */
export const closeContract: CommandHandler<'close'> = async ({ command, actor, deps }) => {
  const contract = await deps.services.closeout.closeContract(actor, command.reference, command.outcome, {
    note: command.note,
    ...(command.newEndDate ? { newEndDate: command.newEndDate } : {}),
  });
  return {
    text:
      command.outcome === 'closed'
        ? `${contract.reference} is closed out (now ${contract.status}). Its internal channels were told.`
        : `${contract.reference} is renewed until ${contract.endDate}; the closeout starts again for the new term.`,
  };
};
