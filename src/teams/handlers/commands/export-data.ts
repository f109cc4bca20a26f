import type { ExportKind } from '../../../services/service-api';
import type { CommandHandler } from '../types';
import { filesAnswer } from './files-answer';

const ONE: Record<ExportKind, string> = {
  contracts: 'contract',
  kpis: 'KPI',
  scores: 'score',
  escalations: 'escalation',
};

/** `steward export KIND csv|xlsx|json [REF]`: one contract (its manager), or every contract the person manages. */
export const exportData: CommandHandler<'export'> = async ({ command, actor, conversation, deps }) => {
  const result = await deps.services.reports.exportData(actor, command.kind, command.format, {
    ...(command.reference ? { reference: command.reference } : {}),
  });
  const scope = command.reference ?? 'the contracts you manage';
  const what = result.count === 1 ? ONE[command.kind] : command.kind;
  return filesAnswer(`${result.count} ${what} of ${scope} as ${command.format.toUpperCase()}`, [result], conversation);
};
