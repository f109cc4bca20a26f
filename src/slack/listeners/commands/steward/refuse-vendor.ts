import { type CommandName, vendorRefusal } from '../../../../chat/commands';
import type { SubcommandContext } from './context';

/**
 * Vendors (Slack Connect users from another organisation) may use the few commands marked for them in the
 * shared table (src/chat/commands.ts); anything else is refused politely and recorded, so the contract team can
 * see who tried what.
 */
export async function refuseVendor(ctx: SubcommandContext, command: CommandName, reference?: string): Promise<void> {
  try {
    await ctx.deps.services.audit.recordRefusal(ctx.actor, `/steward ${command}`, reference);
  } catch (error) {
    ctx.deps.logger.warn({ err: error }, 'could not record a refused vendor command');
  }
  await ctx.reply({ text: vendorRefusal(command, '/steward ') });
}
