import type { Actor } from '../../../services/service-api';
import type { CommandName } from '../../commands';
import type { Reply, TeamsHandlerDeps } from '../types';

/**
 * Vendors (guests and users of other organisations) may use the commands whose services serve them too
 * (help, home, scorecard, kickoff, acknowledge, obligations, charts: `vendor` in commands.ts); anything else
 * is refused politely and recorded, so the contract team can see who tried what (as on Slack).
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
  return {
    text: `Sorry, "steward ${command}" is for the contract team. You can see your scorecard ("steward scorecard REF"), the kickoff ("steward kickoff REF") and what you owe ("steward obligations REF"), and answer your check-ins on the cards Steward sends you.`,
  };
}
