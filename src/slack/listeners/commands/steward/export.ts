import type { DataExportFormat } from '../../../../chat/commands';
import type { ExportKind } from '../../../../services/service-api';
import { exportMessage } from '../../../blocks/records';
import type { SubcommandContext } from './context';

/** One contract's data (its managers only), or every contract the caller manages. */
export async function runExport(
  ctx: SubcommandContext,
  kind: ExportKind,
  format: DataExportFormat,
  reference?: string,
): Promise<void> {
  const result = await ctx.deps.services.reports.exportData(ctx.actor, kind, format, reference ? { reference } : {});
  await ctx.reply({ text: exportMessage(result) });
}
