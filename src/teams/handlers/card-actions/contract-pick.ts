import { parseCommand } from '../../../chat/commands';
import { decodeChoice } from '../../../chat/contract-choices';
import { CARD_ACTIONS } from '../../cards/action-ids';
import { handlerFor } from '../commands';
import type { CardActionHandler } from '../types';

/**
 * "Open" beside a contract offered for a command given none or part of a reference: runs that command for the
 * contract chosen, as if typed, and shows its answer in place of the choices.
 */
export const contractPick: CardActionHandler = {
  id: CARD_ACTIONS.contractPick,
  async run(args) {
    const choice = decodeChoice(args.data.choice);
    const parsed = choice ? parseCommand(choice.text) : undefined;
    if (!parsed?.ok) return { message: 'That choice has expired. Type the command again.' };
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
