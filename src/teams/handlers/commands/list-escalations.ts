import { escalationListCard } from '../../cards/list-cards';
import type { CommandHandler } from '../types';

export const listEscalations: CommandHandler<'escalations'> = async ({ command, actor, deps }) => ({
  card: escalationListCard(await deps.services.escalations.listOpen(actor, command.reference), command.reference),
});
