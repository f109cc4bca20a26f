import { SUBCOMMANDS, type SubcommandName } from '../command-arguments';
import { context, type KnownBlock, section } from './kit';
import { escapeMrkdwn } from './mrkdwn';

function available(external: boolean): SubcommandName[] {
  return (Object.keys(SUBCOMMANDS) as SubcommandName[]).filter((name) => !external || SUBCOMMANDS[name].vendor);
}

function commandList(external: boolean): string {
  return available(external)
    .map((name) => `\`${SUBCOMMANDS[name].usage}\`\n      ${SUBCOMMANDS[name].summary}`)
    .join('\n');
}

/** `/steward help`. Vendors see the commands they may use. */
export function helpMessage(external: boolean): { text: string; blocks: KnownBlock[] } {
  const intro = external
    ? 'Steward tracks how the contracts you deliver are performing. You can answer your check-ins from the prompts and see your scorecard:'
    : 'Steward tracks contract performance: KPIs, check-ins, scores and escalations. Commands:';
  return {
    text: `Steward commands: ${available(external).join(', ')}`,
    blocks: [
      section(intro),
      section(commandList(external)),
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
      blocks: [section(`:thinking_face: ${problem} These are the commands:`), section(commandList(external))],
    };
  }
  const usage = SUBCOMMANDS[result.subcommand].usage;
  return {
    text: `${problem} Usage: ${usage}`,
    blocks: [section(`:thinking_face: ${problem}\nUsage: \`${usage}\``)],
  };
}
