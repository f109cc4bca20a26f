import { StewardError } from '../../../domain/errors';
import type { CommandHandler } from '../types';

/**
 * `steward decision REF YYYY-MM-DD @owner|me text`: what the governance review decided, shown in the next pack.
 * In a review pack's channel thread the REF may be left out: the pack the thread hangs off names it.
 */
export const recordDecision: CommandHandler<'decision'> = async ({ command, actor, deps, conversation }) => {
  const owner = command.owner;
  const input = {
    dueDate: command.dueDate,
    text: command.text,
    ...(owner
      ? {
          owner: {
            ...(owner.aadObjectId ? { teamsUserId: owner.aadObjectId } : {}),
            ...(owner.name ? { name: owner.name } : { name: 'the person you mentioned' }),
          },
        }
      : {}),
  };
  let decision: Awaited<ReturnType<typeof deps.services.reviewPacks.recordDecision>>;
  if (command.reference) {
    decision = await deps.services.reviewPacks.recordDecision(actor, command.reference, input);
  } else if (conversation.threadId) {
    decision = await deps.services.reviewPacks.recordDecisionInThread(
      actor,
      { surface: 'teams', channelId: conversation.id, messageId: conversation.threadId },
      input,
    );
  } else {
    throw new StewardError(
      'validation',
      'Name the contract: decision REF YYYY-MM-DD @owner what was decided. (In a review pack’s thread the pack names it.)',
    );
  }
  return {
    text: `Recorded for the ${decision.quarterKey} review of ${decision.contractRef}: ${decision.text} · owner ${decision.ownerName} · due ${decision.dueDate}. It is shown in the next review pack.`,
  };
};
