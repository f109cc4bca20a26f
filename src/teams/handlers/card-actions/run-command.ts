import { type CommandName, parseCommand } from '../../../chat/commands';
import { CARD_ACTIONS } from '../../cards/action-ids';
import { handlerFor } from '../commands';
import type { CardActionHandler } from '../types';

/** The commands a button may run (the welcome's, and home's "‹ Back to home"); its data is never taken for another. */
export const WELCOME_COMMANDS: readonly CommandName[] = ['home', 'list', 'escalations', 'help'];

/**
 * A welcome button ("My check-ins", "Scorecards", …): runs its command as if typed and shows the answer in place
 * of the welcome. (An `imBack` button would type it into the chat, but the Agents Playground sends nothing for one.)
 */
export const runCommand: CardActionHandler = {
  id: CARD_ACTIONS.runCommand,
  async run(args) {
    const name = args.data.command;
    if (typeof name !== 'string' || !(WELCOME_COMMANDS as readonly string[]).includes(name)) {
      return { message: 'That button belongs to an older version of Steward. Type "steward help".' };
    }
    const parsed = parseCommand(name);
    if (!parsed.ok) return { message: 'Type "steward help".' };
    const reply = await handlerFor(parsed.command)({
      command: parsed.command,
      actor: args.actor,
      conversation: args.conversation,
      deps: args.deps,
    });
    if ('postedHere' in reply) return { message: reply.postedHere };
    return 'card' in reply ? { card: reply.card } : { message: reply.text };
  },
};
