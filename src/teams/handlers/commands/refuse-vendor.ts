import { type CommandName, plainQuotes, vendorRefusal } from '../../../chat/commands';
import type { Actor } from '../../../services/service-api';
import type { Reply, TeamsHandlerDeps } from '../types';

/**
 * Vendors (guests and users of other organisations) may use the commands marked for them in the shared table
 * (src/chat/commands.ts); anything else is refused politely and recorded, so the contract team can see who tried
 * what (as on Slack).
 */
export async function refuseVendor(
  deps: TeamsHandlerDeps,
  actor: Actor,
  command: CommandName,
  reference?: string,
): Promise<Reply> {
  try {
    await deps.services.audit.recordRefusal(actor, `steward ${command}`, reference);
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not record a refused vendor command');
  }
  return { text: plainQuotes(vendorRefusal(command, 'steward ')) };
}
