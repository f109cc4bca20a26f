import { obligationFormCard } from '../../cards/obligation-cards';
import type { CommandHandler } from '../types';

/** `steward obligation REF`: the form; the service checks who may add one when it is sent. */
export const newObligation: CommandHandler<'obligation'> = async ({ command }) => ({
  card: obligationFormCard(command.reference),
});
