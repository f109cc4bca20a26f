import { escapeMrkdwn, mention, slackDate } from '../../../blocks/mrkdwn';
import type { SubcommandContext } from './context';

/** `/steward acknowledge REF`: the vendor confirms the kickoff (what the Acknowledge button does, typed). */
export async function runAcknowledge(ctx: SubcommandContext, reference: string): Promise<void> {
  const view = await ctx.deps.services.kickoff.acknowledgeKickoff(ctx.actor, reference);
  const ref = escapeMrkdwn(view.contractRef);
  const by = view.acknowledged ? ` by ${mention(view.acknowledged.by)} on ${slackDate(view.acknowledged.at)}` : '';
  await ctx.reply({
    text: view.alreadyAcknowledged
      ? `The kickoff of *${ref}* was already acknowledged${by}.`
      : `:white_check_mark: Thank you: the kickoff of *${ref}* is acknowledged. The contract team has been told.`,
  });
}
