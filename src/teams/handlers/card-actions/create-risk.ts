import { RISK_FORM, riskInput } from '../../../chat/forms';
import { CARD_ACTIONS } from '../../cards/action-ids';
import { formDoneCard } from '../../cards/contract-forms';
import { cardInputIds, placeFormError, readCardForm } from '../../cards/form-inputs';
import { ratingBadge, riskFormCard } from '../../cards/risk-cards';
import type { CardActionHandler } from '../types';
import { requiredId } from './card-data';
import { formProblem, formValues } from './form-data';
import { knownPeople } from './known-people';

const INPUT_IDS = cardInputIds(RISK_FORM);

/** "Add risk" on the form `steward risk REF` posted (a manager's; internal places only). */
export const createRisk: CardActionHandler = {
  id: CARD_ACTIONS.riskCreate,
  async run(args) {
    const reference = requiredId(args.data, 'reference');
    const typed = readCardForm(RISK_FORM, formValues(args.data, INPUT_IDS), await knownPeople(args, reference));
    const risk = await args.deps.services.risks.create(args.actor, reference, riskInput(typed, args.actor.person));
    return {
      card: formDoneCard(
        `Added the risk “${risk.title}” to ${risk.contractRef}: likelihood ${risk.likelihood} × impact ${risk.impact} = ${risk.score}, ${ratingBadge(risk.rating)}. Review on ${risk.reviewDate}.`,
        `"steward risks ${risk.contractRef}" shows the register and its heat map.`,
      ),
    };
  },
  async onValidationError(args, error) {
    const problem = formProblem(error, formValues(args.data, INPUT_IDS), placeFormError(RISK_FORM));
    return { card: riskFormCard(requiredId(args.data, 'reference'), {}, problem) };
  },
};
