import type { CloseOutcome } from '../../../../chat/commands';
import { contractClosed } from '../../../blocks/closeout';
import type { SubcommandContext } from './context';

/** Ends the closeout: the service checks the date (a day that does not exist is refused) before changing anything. */
export async function runClose(
  ctx: SubcommandContext,
  reference: string,
  outcome: CloseOutcome,
  note: string,
  newEndDate?: string,
): Promise<void> {
  const contract = await ctx.deps.services.closeout.closeContract(ctx.actor, reference, outcome, {
    note,
    ...(newEndDate ? { newEndDate } : {}),
  });
  await ctx.reply({ text: contractClosed(contract, outcome) });
}
