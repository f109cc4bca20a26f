import type { CommandHandler } from '../types';

/** `steward decision REF YYYY-MM-DD @owner|me text`: what the governance review decided, shown in the next pack. */
export const recordDecision: CommandHandler<'decision'> = async ({ command, actor, deps }) => {
  const owner = command.owner;
  const decision = await deps.services.reviewPacks.recordDecision(actor, command.reference, {
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
  });
  return {
    text: `Recorded for the ${decision.quarterKey} review of ${decision.contractRef}: ${decision.text} · owner ${decision.ownerName} · due ${decision.dueDate}. It is shown in the next review pack.`,
  };
};
