import type { Mention } from '../../../../chat/commands';
import { StewardError } from '../../../../domain/errors';
import { escapeMrkdwn } from '../../../blocks/mrkdwn';
import type { SubcommandContext } from './context';

/** `decision REF YYYY-MM-DD @owner|me text`: what the governance review decided, shown in the next review pack. */
export async function runDecision(
  ctx: SubcommandContext,
  reference: string | undefined,
  dueDate: string,
  owner: Mention | undefined,
  text: string,
): Promise<void> {
  // A slash command carries no thread, so here the contract is named; in a pack's thread a mention does it.
  if (!reference) {
    throw new StewardError(
      'validation',
      'Name the contract: `/steward decision REF YYYY-MM-DD @owner what was decided`, e.g. `/steward decision ACME-2026-001 2026-05-31 me renegotiate the credit`. In a review pack’s thread, mention @Steward with `decision YYYY-MM-DD @owner what was decided` instead.',
    );
  }
  const decision = await ctx.deps.services.reviewPacks.recordDecision(ctx.actor, reference, {
    dueDate,
    text,
    ...(owner ? { owner: { slackUserId: owner.id, ...(owner.name ? { name: owner.name } : {}) } } : {}),
  });
  await ctx.reply({
    text: `:memo: Recorded for the ${escapeMrkdwn(decision.quarterKey)} review of *${escapeMrkdwn(decision.contractRef)}*: ${escapeMrkdwn(decision.text)} · owner ${escapeMrkdwn(decision.ownerName)} · due ${decision.dueDate}. It is shown in the next review pack.`,
  });
}
