import type { Actor, KickoffView } from '../../../services/service-api';
import { kickoffCard } from '../../cards/kickoff-card';
import type { CommandHandler, TeamsHandlerDeps } from '../types';

/** The vendor's acknowledgment, typed or clicked; the service records it once and tells the owners. */
export async function acknowledgedKickoff(deps: TeamsHandlerDeps, actor: Actor, reference: string) {
  const view: KickoffView & { alreadyAcknowledged: boolean } = await deps.services.kickoff.acknowledgeKickoff(
    actor,
    reference,
  );
  const notice = view.alreadyAcknowledged
    ? `The kickoff of ${reference} was already acknowledged.`
    : `✅ Thank you: the kickoff of ${reference} is acknowledged, and its owners were told.`;
  return kickoffCard(view, { notice });
}

/** `steward acknowledge REF`: what the kickoff notice asks the vendor to type. */
export const acknowledgeKickoff: CommandHandler<'acknowledge'> = async ({ command, actor, deps }) => ({
  card: await acknowledgedKickoff(deps, actor, command.reference),
});
