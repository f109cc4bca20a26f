import { finalEvaluationCard } from '../../cards/closeout-cards';
import type { CommandHandler } from '../types';

/** `steward closeout REF`: the evaluation of the whole term so far, with the renewal recommendation. */
export const showCloseout: CommandHandler<'closeout'> = async ({ command, actor, deps }) => ({
  card: finalEvaluationCard(await deps.services.closeout.finalEvaluation(actor, command.reference)),
});
