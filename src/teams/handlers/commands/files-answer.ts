import type { FileResult } from '../../../services/service-api';
import type { AdaptiveCard } from '../../cards/adaptive-card';
import { filesCard } from '../../cards/record-cards';
import type { ConversationContext, Reply } from '../types';

/**
 * The answer to a command whose files the service posts: nothing more when every file went up in this
 * conversation (the file's own card says what it is), else a card saying where each went, with any file
 * that could not be posted attached.
 */
export function filesAnswer(
  headline: string,
  results: readonly FileResult[],
  conversation: ConversationContext,
  options: { lines?: readonly string[]; card?: AdaptiveCard } = {},
): Reply {
  const here = results.length > 0 && results.every((result) => result.posted?.channelId === conversation.id);
  if (here && !options.lines?.length) return { postedHere: headline };
  return {
    card: options.card ?? filesCard(headline, results, options.lines ?? [], conversation.id),
    files: results.filter((result) => !result.posted).map((result) => result.file),
  };
}
