import type { ExportFormat } from '../../../../chat/commands';
import { auditExportMessage, auditVerificationMessage } from '../../../blocks/records';
import type { SubcommandContext } from './context';

/** `/steward audit verify REF`: recomputes the hash chain and names the first event that does not hold. */
export async function runAuditVerify(ctx: SubcommandContext, reference: string): Promise<void> {
  const verification = await ctx.deps.services.auditTrail.verifyAudit(ctx.actor, reference);
  await ctx.reply({ text: auditVerificationMessage(reference, verification) });
}

/** `/steward audit export REF csv|json`: the file goes where the command ran (or to the DM when that place is shared). */
export async function runAuditExport(ctx: SubcommandContext, reference: string, format: ExportFormat): Promise<void> {
  const result = await ctx.deps.services.auditTrail.exportAudit(ctx.actor, reference, format);
  await ctx.reply({ text: auditExportMessage(reference, result) });
}
