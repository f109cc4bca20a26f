import { ACTIONS, actionsOn } from '../../src/chat/actions';
import { COMMAND_NAMES, COMMANDS, type CommandName, HELP_SECTIONS } from '../../src/chat/commands';
import { helpMessage } from '../../src/slack/blocks/help';
import { SLACK_ACTION_IDS } from '../../src/slack/ids';
import { SLACK_BUTTONS } from '../../src/slack/listeners/actions';
import { SLACK_COMMANDS } from '../../src/slack/listeners/commands/steward-command';
import { TEAMS_ACTION_IDS } from '../../src/teams/cards/action-buttons';
import { helpCard } from '../../src/teams/cards/help-card';
import { CARD_ACTION_HANDLERS } from '../../src/teams/handlers/card-actions';
import { TEAMS_COMMANDS } from '../../src/teams/handlers/commands';
import { textOf } from '../slack/fixtures';
import { readable } from '../teams/cards/card-assertions';

/**
 * Slack and Teams answer the same commands, with the same vendor rules and help sections. The handler maps are
 * typed `{ [N in CommandName]: Handler<N> }`, so a command added to src/chat/commands.ts and forgotten on one
 * surface does not compile; this test is the same lock at run time (a map built some other way, a key removed
 * by a cast) and checks what people see in help.
 */
describe('Slack and Teams parity', () => {
  it('both surfaces answer every command of the table, and nothing else', () => {
    expect([...SLACK_COMMANDS].sort()).toEqual([...COMMAND_NAMES].sort());
    expect([...TEAMS_COMMANDS].sort()).toEqual([...COMMAND_NAMES].sort());
  });

  /** For each help section title, the commands listed under it, in order, as a person reads the help. */
  const sectionsIn = (shown: string, usage: (name: CommandName) => string): Record<string, CommandName[]> => {
    // Quotes are escaped differently by each surface's text; the words are what matter.
    const text = shown.replace(/[\\"]/g, '');
    const titles = Object.values(HELP_SECTIONS)
      .map((title) => ({ title, at: text.indexOf(title) }))
      .filter((section) => section.at >= 0)
      .sort((a, b) => a.at - b.at);
    const result: Record<string, CommandName[]> = {};
    titles.forEach(({ title, at }, index) => {
      const end = titles[index + 1]?.at ?? text.length;
      const part = text.slice(at, end);
      result[title] = COMMAND_NAMES.filter((name) => part.includes(usage(name))).sort(
        (a, b) => part.indexOf(usage(a)) - part.indexOf(usage(b)),
      );
    });
    return result;
  };
  const firstUsage = (prefix: string) => (name: CommandName) => `${prefix}${COMMANDS[name].usage[0]}`.replace(/"/g, '');

  it.each([
    ['the contract team', false],
    ['a vendor', true],
  ])('help for %s lists the same commands under the same sections on both surfaces', (_who, external) => {
    const slack = sectionsIn(textOf(helpMessage(external).blocks), firstUsage('/steward '));
    const teams = sectionsIn(readable(helpCard({ external })), firstUsage('steward '));
    expect(Object.keys(slack)).toEqual(Object.keys(teams));
    expect(slack).toEqual(teams);
    const listed = Object.values(slack).flat();
    expect(listed.sort()).toEqual(COMMAND_NAMES.filter((name) => !external || COMMANDS[name].vendor).sort());
  });

  it('both surfaces offer every button of the table, except the gaps it names, and answer each one', () => {
    expect([...SLACK_BUTTONS].sort()).toEqual(actionsOn('slack').sort());
    expect(Object.keys(SLACK_ACTION_IDS).sort()).toEqual(actionsOn('slack').sort());
    expect(Object.keys(TEAMS_ACTION_IDS).sort()).toEqual(actionsOn('teams').sort());
    for (const [name, id] of Object.entries(TEAMS_ACTION_IDS)) {
      expect([name, CARD_ACTION_HANDLERS.has(id)]).toEqual([name, true]);
    }
    // The gaps are named, so this list only shrinks.
    const gaps = Object.entries(ACTIONS)
      .filter(([, spec]) => 'only' in spec)
      .map(([name]) => name);
    expect(gaps).toEqual(['recordValue', 'postHeatMap', 'refreshHome']);
  });
});
