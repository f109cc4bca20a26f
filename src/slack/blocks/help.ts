import { COMMAND_GROUPS, type CommandGroup, SUBCOMMANDS, type SubcommandName } from '../command-arguments';
import { context, type KnownBlock, section } from './kit';
import { escapeMrkdwn } from './mrkdwn';

function available(external: boolean): SubcommandName[] {
  return (Object.keys(SUBCOMMANDS) as SubcommandName[]).filter((name) => !external || SUBCOMMANDS[name].vendor);
}

/**
 * The commands one may use, a section per group: one section holds at most 3,000 characters
 * (https://docs.slack.dev/reference/block-kit/blocks/section-block), which all of them together would pass.
 */
function commandSections(external: boolean): KnownBlock[] {
  const names = available(external);
  return (Object.keys(COMMAND_GROUPS) as CommandGroup[]).flatMap((group) => {
    const inGroup = names.filter((name) => SUBCOMMANDS[name].group === group);
    if (inGroup.length === 0) return [];
    const lines = inGroup.map((name) => `\`${SUBCOMMANDS[name].usage}\`\n      ${SUBCOMMANDS[name].summary}`);
    return [section(`*${COMMAND_GROUPS[group]}*\n${lines.join('\n')}`)];
  });
}

/** `/steward help`. Vendors see the commands they may use. */
export function helpMessage(external: boolean): { text: string; blocks: KnownBlock[] } {
  const intro = external
    ? 'Steward tracks how the contracts you deliver are performing. You can answer your check-ins from the prompts, see your scorecard and obligations, and acknowledge a kickoff:'
    : 'Steward tracks contract performance: KPIs, check-ins, scores, escalations, obligations, risks, credits, value and closeout. Commands:';
  return {
    text: `Steward commands: ${available(external).join(', ')}`,
    blocks: [
      section(intro),
      ...commandSections(external),
      context('REF is a contract reference such as `ACME-2026-001`. Replies here are only visible to you.'),
    ],
  };
}

/** The reply to bad input: what was wrong and the right usage for that subcommand (or all of them). */
export function usageMessage(
  result: { subcommand?: SubcommandName; problem: string },
  external: boolean,
): { text: string; blocks: KnownBlock[] } {
  const problem = escapeMrkdwn(result.problem);
  if (!result.subcommand) {
    return {
      text: `${problem} Try /steward help.`,
      blocks: [section(`:thinking_face: ${problem} These are the commands:`), ...commandSections(external)],
    };
  }
  const usage = SUBCOMMANDS[result.subcommand].usage;
  return {
    text: `${problem} Usage: ${usage}`,
    blocks: [section(`:thinking_face: ${problem}\nUsage: \`${usage}\``)],
  };
}
