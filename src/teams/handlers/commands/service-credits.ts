import { claimPackCard, creditTermsCard, creditTermsFormCard } from '../../cards/service-credit-cards';
import type { CommandHandler } from '../types';

/**
 * `steward credits REF` shows the terms, `… terms` answers with the form prefilled with them (saving
 * replaces them), and `… PERIOD` makes the claim pack: the service posts the CSV where the command was
 * typed (internal places only), and the summary is the reply. A CSV it could not post comes with the reply.
 */
export const serviceCredits: CommandHandler<'credits'> = async ({ command, actor, deps }) => {
  const { serviceCredits: credits } = deps.services;
  if (command.what !== 'claim') {
    const terms = await credits.terms(actor, command.reference);
    return { card: command.what === 'terms' ? creditTermsFormCard(terms) : creditTermsCard(terms) };
  }
  const pack = await credits.claimPack(actor, command.reference, command.periodKey);
  return {
    card: claimPackCard(pack, { csv: pack.csv.posted ? 'posted' : 'attached' }),
    files: pack.csv.posted ? [] : [pack.csv.file],
  };
};
