import { filesCard } from '../../cards/record-cards';
import type { CommandHandler } from '../types';

/**
 * `steward charts REF`: a trend chart per KPI and a green/amber/red heat map, as PNGs the service posts where
 * the command was typed; in a vendor's place, of the vendor-visible KPIs only (the service decides).
 */
export const showCharts: CommandHandler<'charts'> = async ({ command, actor, deps }) => {
  const results = await deps.services.reports.scorecardCharts(actor, command.reference);
  return {
    card: filesCard(`${results.length} chart${results.length === 1 ? '' : 's'} of ${command.reference}`, results),
    files: results.filter((result) => !result.posted).map((result) => result.file),
  };
};
