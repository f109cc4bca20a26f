import { parseCommand } from '../../../chat/commands';
import { RUNNABLE_COMMANDS } from '../../cards/action-buttons';
import { CARD_ACTIONS } from '../../cards/action-ids';
import { handlerFor } from '../commands';
import type { CardActionHandler } from '../types';

/** A contract reference as a button carries it: anything else was not made by Steward and runs nothing. */
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;

/**
 * A button that runs a read command (the welcome's "My check-ins", a list row's "Scorecard", "‹ Back to home"):
 * runs it as if typed and shows the answer in place of the card. (An `imBack` button would type it into the chat,
 * but the Agents Playground sends nothing for one.) Only reads run, so a tampered button can do no more than a
 * typed command, and the command's own checks still decide what the person may see.
 */
export const runCommand: CardActionHandler = {
  id: CARD_ACTIONS.runCommand,
  async run(args) {
    const name = args.data.command;
    const reference = args.data.reference;
    const runnable = typeof name === 'string' && (RUNNABLE_COMMANDS as readonly string[]).includes(name);
    const referenceOk = reference === undefined || (typeof reference === 'string' && REFERENCE.test(reference));
    if (!runnable || !referenceOk) {
      return { message: 'That button belongs to an older version of Steward. Type "steward help".' };
    }
    const parsed = parseCommand(reference ? `${name} ${reference}` : name);
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
