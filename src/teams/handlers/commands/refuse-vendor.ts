import type { Actor } from '../../../services/service-api';
import type { CommandName } from '../../commands';
import type { Reply, TeamsHandlerDeps } from '../types';

/**
 * Vendors (guests and users of other organisations) may use help, home and scorecard; anything else is
 * refused politely and recorded, so the contract team can see who tried what (as on Slack).
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
    text: `Sorry, "steward ${command}" is for the contract team. You can see your scorecard with "steward scorecard REF" and answer your check-ins on the cards Steward sends you.`,
  };
}
