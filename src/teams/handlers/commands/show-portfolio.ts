import type { CommandHandler } from '../types';
import { filesAnswer } from './files-answer';

/**
 * `steward portfolio`: the picture of every contract the caller manages, as an image with its alt text, posted
 * where the command was typed; in a chat shared with a vendor the service sends it to the caller directly.
 */
export const showPortfolio: CommandHandler<'portfolio'> = async ({ actor, conversation, deps }) => {
  const result = await deps.services.reports.portfolioChart(actor);
  return filesAnswer(result.file.title, [result], conversation);
};
