import { riskListMessage } from '../../../blocks/risks';
import type { SubcommandContext } from './context';

/** The register is internal: the service refuses vendors and vendor-shared channels, and says where to ask. */
export async function runRisks(ctx: SubcommandContext, reference: string): Promise<void> {
  const risks = await ctx.deps.services.risks.list(ctx.actor, reference);
  await ctx.reply(riskListMessage(risks, reference));
}
