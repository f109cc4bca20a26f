import { COMMAND_NAMES, COMMANDS, type CommandName, helpSections } from '../../chat/commands';
import {
  type AdaptiveCard,
  adaptiveCard,
  type CardElement,
  errorBanner,
  literal,
  paragraph,
  text,
} from './adaptive-card';

/** How a command is typed on Teams: the shared usage with `steward` in front. */
export function teamsUsage(name: CommandName): string {
  return COMMANDS[name].usage.map((form) => `steward ${form}`).join(' | ');
}

/**
 * Every command with its usage, grouped as on Slack (src/chat/commands.ts); with a problem on top when the typed
 * command was not understood, and then only the `commands` it is about. Vendors see what they may use.
 */
export function helpCard(
  options: { problem?: string; commands?: readonly CommandName[]; external?: boolean } = {},
): AdaptiveCard {
  const body: CardElement[] = [];
  const usage = (name: CommandName) => [
    paragraph([literal(teamsUsage(name), { weight: 'Bolder' })], 'Small'),
    paragraph([literal(COMMANDS[name].summary)], 'None'),
  ];
  if (options.problem) {
    const commands = options.commands ?? COMMAND_NAMES;
    body.push(
      errorBanner(options.problem),
      text(commands.length === 1 ? 'Usage' : 'What I understand', { weight: 'Bolder', size: 'Medium' }),
      ...commands.flatMap(usage),
    );
    return adaptiveCard(body);
  }
  body.push(
    text('👋 Steward keeps your contracts on track', { weight: 'Bolder', size: 'Medium' }),
    text(
      'I prompt contract owners and vendors for KPI check-ins, score each answer against its target and thresholds, and escalate when a KPI goes red or nobody answers. I also follow obligations, risks, corrective actions, service credits, value and the closeout of each contract.',
      { isSubtle: true },
    ),
  );
  for (const section of helpSections(options.external ?? false)) {
    body.push(
      text(section.title, { weight: 'Bolder', spacing: 'Large', color: 'Accent' }),
      ...section.commands.flatMap(usage),
    );
  }
  body.push(text('In a channel, @mention Steward before the command.', { isSubtle: true, spacing: 'Medium' }));
  return adaptiveCard(body);
}
