import { helpCard, welcomeCard } from '../../cards/help-card';
import type { CommandHandler } from '../types';

/** `steward help`: vendors see the commands they may use, as on Slack; a greeting gets the welcome. */
export const showHelp: CommandHandler<'help'> = async ({ command, actor }) => ({
  card: command.greeting ? welcomeCard({ external: actor.external }) : helpCard({ external: actor.external }),
});
