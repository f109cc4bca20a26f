import { helpCard } from '../../cards/help-card';
import type { CommandHandler } from '../types';

/** `steward help`: vendors see the commands they may use, as on Slack. */
export const showHelp: CommandHandler<'help'> = async ({ actor }) => ({ card: helpCard({ external: actor.external }) });
