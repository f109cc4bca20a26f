import { COMMAND_HELP, type CommandHelp, HELP_SECTIONS } from '../commands';
import {
  type AdaptiveCard,
  adaptiveCard,
  type CardElement,
  errorBanner,
  literal,
  paragraph,
  text,
} from './adaptive-card';

/** Every command with its usage; with a problem on top when the typed command was not understood. */
export function helpCard(options: { problem?: string; commands?: readonly CommandHelp[] } = {}): AdaptiveCard {
  // Every command, the forms included (the manifest's menu lists fewer: LISTED_COMMANDS).
  const commands = options.commands ?? COMMAND_HELP;
  const body: CardElement[] = [];
  if (options.problem) body.push(errorBanner(options.problem));
  body.push(
    text(
      options.problem
        ? commands.length === 1
          ? 'Usage'
          : 'What I understand'
        : '👋 Steward keeps your contracts on track',
      {
        weight: 'Bolder',
        size: 'Medium',
      },
    ),
  );
  if (!options.problem) {
    body.push(
      text(
        'I prompt contract owners and vendors for KPI check-ins, score each answer against its target and thresholds, and escalate when a KPI goes red or nobody answers. I also follow obligations, risks, corrective actions, service credits, value and the closeout of each contract.',
        { isSubtle: true },
      ),
    );
  }
  const usage = (command: CommandHelp) => [
    paragraph([literal(command.usage, { weight: 'Bolder' })], 'Small'),
    paragraph([literal(command.summary)], 'None'),
  ];
  if (options.problem) body.push(...commands.flatMap(usage));
  else {
    // Every command, under the heading of what it is for.
    for (const section of HELP_SECTIONS) {
      const inSection = commands.filter((command) => command.section === section);
      if (inSection.length === 0) continue;
      body.push(text(section, { weight: 'Bolder', spacing: 'Large', color: 'Accent' }), ...inSection.flatMap(usage));
    }
  }
  if (!options.problem) {
    body.push(text('In a channel, @mention Steward before the command.', { isSubtle: true, spacing: 'Medium' }));
  }
  return adaptiveCard(body);
}
