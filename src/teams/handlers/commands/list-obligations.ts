import type { Actor } from '../../../services/service-api';
import { obligationListCard } from '../../cards/obligation-cards';
import type { CommandHandler } from '../types';

/**
 * Whether the card offers the outcome buttons: setting an outcome is a manager's, and never from a vendor
 * or in a place shared with one. The service decides in the end; this only leaves out buttons that would
 * be refused anyway.
 */
export function mayDecideOutcomes(actor: Actor): boolean {
  return !actor.external && !actor.channel?.shared;
}

/** `steward obligations REF`: a vendor sees what its own contacts owe, and may add evidence. */
export const listObligations: CommandHandler<'obligations'> = async ({ command, actor, deps }) => ({
  card: obligationListCard(command.reference, await deps.services.obligations.list(actor, command.reference), {
    canDecide: mayDecideOutcomes(actor),
  }),
});
