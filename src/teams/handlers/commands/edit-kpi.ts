import { StewardError } from '../../../domain/errors';
import { kpiFormCard } from '../../cards/contract-forms';
import type { CommandHandler } from '../types';

/** `steward kpi REF`: the form for a new KPI; with a key, the KPI's form prefilled with its definition. */
export const editKpi: CommandHandler<'kpi'> = async ({ command, actor, deps }) => {
  const { reference, kpiKey } = command;
  if (!kpiKey) return { card: kpiFormCard({ reference }) };
  const existing = (await deps.services.contracts.kpis(actor, reference)).find((kpi) => kpi.key === kpiKey);
  if (!existing) {
    throw new StewardError(
      'not_found',
      `${reference} has no KPI with the key "${kpiKey}". Leave the key out to add a new KPI: steward kpi ${reference}`,
    );
  }
  return { card: kpiFormCard({ reference, existing }) };
};
