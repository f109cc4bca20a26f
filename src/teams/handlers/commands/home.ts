import { homeCard } from '../../cards/list-cards';
import type { CommandHandler } from '../types';

export const showHome: CommandHandler<{ name: 'home' }> = async ({ actor, deps }) => ({
  card: homeCard(await deps.services.dashboard.home(actor)),
});
