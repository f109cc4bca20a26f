import { addDays } from '../../../domain/local-time';
import { riskFormCard } from '../../cards/risk-cards';
import type { CommandHandler } from '../types';

/** A new risk is looked at again in a month unless the form says otherwise. */
const REVIEW_AFTER_DAYS = 30;

/** `steward risk REF`: the form; the service checks who may add one when it is sent. */
export const newRisk: CommandHandler<'risk'> = async ({ command, deps }) => ({
  card: riskFormCard(command.reference, {
    reviewDate: addDays(deps.clock().toISOString().slice(0, 10), REVIEW_AFTER_DAYS),
  }),
});
