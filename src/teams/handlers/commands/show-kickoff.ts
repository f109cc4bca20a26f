import { kickoffCard } from '../../cards/kickoff-card';
import type { Command } from '../../commands';
import type { CommandHandler } from '../types';

/** `steward kickoff REF`: the checklist; a vendor sees the vendor view with the Acknowledge button. */
export const showKickoff: CommandHandler<Extract<Command, { name: 'kickoff' }>> = async ({ command, actor, deps }) => ({
  card: kickoffCard(await deps.services.kickoff.checklist(actor, command.reference)),
});
