import { escalationListCard } from '../../cards/list-cards';
import { viewOf } from '../context';
import type { CommandHandler } from '../types';

export const listEscalations: CommandHandler<'escalations'> = async ({ command, actor, conversation, deps }) => ({
  card: escalationListCard(
    await deps.services.escalations.listOpen(actor, command.reference),
    command.reference,
    viewOf(conversation),
  ),
});
