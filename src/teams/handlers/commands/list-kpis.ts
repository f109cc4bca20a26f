import { kpiListCard } from '../../cards/list-cards';
import type { CommandHandler } from '../types';

export const listKpis: CommandHandler<'kpis'> = async ({ command, actor, deps }) => ({
  card: kpiListCard(command.reference, await deps.services.contracts.kpis(actor, command.reference)),
});
