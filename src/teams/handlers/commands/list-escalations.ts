import { escalationListCard } from '../../cards/list-cards';
import type { Command } from '../../commands';
import type { CommandHandler } from '../types';

export const listEscalations: CommandHandler<Extract<Command, { name: 'escalations' }>> = async ({
  command,
  actor,
  deps,
}) => ({
  card: escalationListCard(await deps.services.escalations.listOpen(actor, command.reference), command.reference),
});
