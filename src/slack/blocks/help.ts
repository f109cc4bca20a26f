import { COMMANDS, type CommandName, helpSections } from '../../chat/commands';
import { context, type KnownBlock, section } from './kit';
import { escapeMrkdwn } from './mrkdwn';

const usageOf = (name: CommandName): string => COMMANDS[name].usage.map((form) => `/steward ${form}`).join(' | ');

/**
 * The commands one may use, a section per group of the shared table (src/chat/commands.ts): one section holds
 * at most 3,000 characters (https://docs.slack.dev/reference/block-kit/blocks/section-block), which all of
 * them together would pass.
 */
function commandSections(external: boolean): KnownBlock[] {
  return helpSections(external).map(({ title, commands }) =>
    section(
      `*${title}*\n${commands.map((name) => `\`${usageOf(name)}\`\n      ${COMMANDS[name].summary}`).join('\n')}`,
    ),
  );
}

/** `/steward help`. Vendors see the commands they may use. */
export function helpMessage(external: boolean): { text: string; blocks: KnownBlock[] } {
  const intro = external
    ? 'Steward tracks how the contracts you deliver are performing. You can answer your check-ins from the prompts, see your scorecard, the kickoff and your obligations, and acknowledge a kickoff:'
    : 'Steward tracks contract performance: KPIs, check-ins, scores, escalations, obligations, risks, credits, value and closeout. Commands:';
  return {
    text: `Steward commands: ${helpSections(external)
      .flatMap((group) => group.commands)
      .join(', ')}`,
    blocks: [
      section(intro),
      ...commandSections(external),
      context('REF is a contract reference such as `ACME-2026-001`. Replies here are only visible to you.'),
    ],
  };
}

/** The reply to bad input: what was wrong and the right usage for that command (or all of them). */
export function usageMessage(
  result: { command?: CommandName; problem: string },
  external: boolean,
): { text: string; blocks: KnownBlock[] } {
  const problem = escapeMrkdwn(result.problem);
  if (!result.command) {
    return {
      text: `${problem} Try /steward help.`,
      blocks: [section(`:thinking_face: ${problem} These are the commands:`), ...commandSections(external)],
    };
  }
  const usage = usageOf(result.command);
  return {
    text: `${problem} Usage: ${usage}`,
    blocks: [section(`:thinking_face: ${problem}\nUsage: \`${usage}\``)],
  };
}
