import { filesCard } from '../../cards/record-cards';
import type { CommandHandler } from '../types';

/**
 * `steward portfolio`: the picture of every contract the caller manages, as an image with its alt text, posted
 * where the command was typed; in a chat shared with a vendor the service sends it to the caller directly.
 */
export const showPortfolio: CommandHandler<'portfolio'> = async ({ actor, deps }) => {
  const result = await deps.services.reports.portfolioChart(actor);
  return {
    card: filesCard(result.file.title, [result]),
    files: result.posted ? [] : [result.file],
  };
};
