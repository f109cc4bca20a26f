import type { CommandHandler } from '../types';
import { filesAnswer } from './files-answer';

/**
 * `steward charts REF`: a trend chart per KPI and a green/amber/red heat map, posted by the service as one card
 * where the command was typed; in a vendor's place, of the vendor-visible KPIs only (the service decides).
 */
export const showCharts: CommandHandler<'charts'> = async ({ command, actor, conversation, deps }) => {
  const results = await deps.services.reports.scorecardCharts(actor, command.reference);
  return filesAnswer(
    `${results.length} chart${results.length === 1 ? '' : 's'} of ${command.reference}`,
    results,
    conversation,
  );
};
