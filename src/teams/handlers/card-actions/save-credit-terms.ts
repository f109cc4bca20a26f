import { CREDIT_TERMS_FORM, creditTermsErrors, creditTermsInput } from '../../../chat/forms';
import { CARD_ACTIONS } from '../../cards/action-ids';
import { cardFormValues, placeFormError, readCardForm } from '../../cards/form-inputs';
import { creditTermsCard, creditTermsFormCard } from '../../cards/service-credit-cards';
import type { CardActionHandler } from '../types';
import { requiredId } from './card-data';
import { formProblem } from './form-data';

/** "Save terms" on the form `steward credits REF terms` posted (a manager's; internal places only). */
export const saveCreditTerms: CardActionHandler = {
  id: CARD_ACTIONS.serviceCreditTermsSave,
  async run(args) {
    const reference = requiredId(args.data, 'reference');
    const { input } = creditTermsInput(readCardForm(CREDIT_TERMS_FORM, cardFormValues(CREDIT_TERMS_FORM, args.data)));
    const terms = await args.deps.services.serviceCredits.setTerms(args.actor, reference, input);
    return { card: creditTermsCard(terms, { saved: true }) };
  },
  async onValidationError(args, error) {
    const reference = requiredId(args.data, 'reference');
    const values = cardFormValues(CREDIT_TERMS_FORM, args.data);
    // A line the form could not read has its message already; the service's rules.N messages get their line.
    let lineOf = (rule: number) => rule + 1;
    try {
      lineOf = creditTermsInput(readCardForm(CREDIT_TERMS_FORM, values)).lineOf;
    } catch {}
    const problem = formProblem(creditTermsErrors(error, lineOf), values, placeFormError(CREDIT_TERMS_FORM));
    // Drawn with what was typed; the stored terms are not shown again over it.
    return {
      card: creditTermsFormCard(
        { contractRef: reference, periodFee: null, rules: [], contractCapPercent: null },
        problem,
      ),
    };
  },
};
