import { kpiListCard } from '../../cards/list-cards';
import type { Command } from '../../commands';
import type { CommandHandler } from '../types';

export const listKpis: CommandHandler<Extract<Command, { name: 'kpis' }>> = async ({ command, actor, deps }) => ({
  card: kpiListCard(command.reference, await deps.services.contracts.kpis(actor, command.reference)),
});
