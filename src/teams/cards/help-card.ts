import { COMMAND_NAMES, COMMANDS, type CommandName, helpSections } from '../../chat/commands';
import { CARD_ACTIONS } from './action-ids';
import {
  type AdaptiveCard,
  actionSet,
  adaptiveCard,
  type CardElement,
  errorBanner,
  execute,
  literal,
  paragraph,
  text,
} from './adaptive-card';

const INTRO =
  'I prompt contract owners and vendors for KPI check-ins, score each answer against its target and thresholds, and escalate when a KPI goes red or nobody answers. I also follow obligations, risks, corrective actions, service credits, value and the closeout of each contract.';

/** The welcome's buttons: the command each one types, and whether a vendor may run it. */
const WELCOME_BUTTONS: ReadonlyArray<{ title: string; command: CommandName }> = [
  { title: 'My check-ins', command: 'home' },
  { title: 'Scorecards', command: 'list' },
  { title: 'Escalations', command: 'escalations' },
  { title: 'Help', command: 'help' },
];

/**
 * What a person sees first (Steward installed, or "hi"): what Steward does in two lines and a button for each
 * everyday place, instead of every command at once. Each button runs its command and shows the answer in place.
 */
export function welcomeCard(options: { external?: boolean } = {}): AdaptiveCard {
  const buttons = WELCOME_BUTTONS.filter(({ command }) => !options.external || COMMANDS[command].vendor);
  return adaptiveCard([
    text('👋 Steward keeps your contracts on track', { weight: 'Bolder', size: 'Medium' }),
    text(INTRO, { isSubtle: true }),
    text('Start here, or type a command: "steward help" lists them all.', { spacing: 'Medium' }),
    actionSet(
      buttons.map(({ title, command }) =>
        execute(title, { action: CARD_ACTIONS.runCommand, command }, undefined, { associatedInputs: 'none' }),
      ),
    ),
  ]);
}

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
    text(INTRO, { isSubtle: true }),
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
