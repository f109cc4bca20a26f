import { helpCard } from '../../cards/help-card';
import type { CommandHandler } from '../types';

export const showHelp: CommandHandler<{ name: 'help' }> = async () => ({ card: helpCard() });
