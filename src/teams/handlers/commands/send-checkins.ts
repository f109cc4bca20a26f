import { sendNowSummary } from '../../../chat/checkin-whereabouts';
import { localDateTime } from '../../../domain/local-time';
import type { CommandHandler } from '../types';

/**
 * `steward checkin REF [KPI]`: sends what is still to send, and for the rest says who each prompt waits for and
 * where it is, times in the person's own time zone when their client gives it.
 */
export const sendCheckins: CommandHandler<'checkin'> = async ({ command, actor, conversation, deps }) => {
  const result = await deps.services.checkins.sendNow(actor, command.reference, command.kpiKey);
  const scope = command.kpiKey ? `${command.reference} (${command.kpiKey})` : command.reference;
  const timezone = conversation.timezone ?? 'UTC';
  const text = sendNowSummary(result, scope, {
    place: (place) =>
      place.surface !== 'teams' ? 'Slack' : place.channelId === conversation.id ? 'this chat' : 'another Teams chat',
    when: (at) => {
      const local = localDateTime(at, timezone);
      const time = `${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')}`;
      return `${local.date} ${time}${conversation.timezone ? '' : ' UTC'}`;
    },
  });
  return { text };
};
