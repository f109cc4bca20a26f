import type { SubcommandName } from '../../../command-arguments';
import type { SubcommandContext } from './context';

/**
 * Vendors (Slack Connect users from another organisation) may use the few commands marked for them in
 * SUBCOMMANDS; anything else is refused politely and recorded, so the contract team can see who tried what.
 */
export async function refuseVendor(
  ctx: SubcommandContext,
  subcommand: SubcommandName,
  reference?: string,
): Promise<void> {
  try {
    await ctx.deps.services.audit.recordRefusal(ctx.actor, `/steward ${subcommand}`, reference);
  } catch (error) {
    ctx.deps.logger.warn({ err: error }, 'could not record a refused vendor command');
  }
  await ctx.reply({
    text: `Sorry, \`/steward ${subcommand}\` is for the contract team. You can see your scorecard with \`/steward scorecard REF\` and your obligations with \`/steward obligations REF\`, acknowledge a kickoff, and answer your check-ins from the prompts Steward sends you.`,
  });
}
