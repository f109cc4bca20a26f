import { CARD_ACTIONS, formInputId } from '../../cards/action-ids';
import { formDoneCard } from '../../cards/contract-forms';
import { RISK_FIELDS, type RiskField, ratingBadge, riskFormCard } from '../../cards/risk-cards';
import type { CardActionHandler } from '../types';
import { requiredId } from './card-data';
import { compact, formProblem, formValues, type Placement, splitPath } from './form-data';
import { knownPeople } from './known-people';
import { onePerson } from './one-person';

const INPUT_IDS = RISK_FIELDS.map((field) => formInputId('risk', field));

export function placeRiskError(path: string): Placement {
  const { head } = splitPath(path);
  return (RISK_FIELDS as readonly string[]).includes(head) ? { inputId: formInputId('risk', head) } : undefined;
}

/** "Add risk" on the form `steward risk REF` posted (a manager's; internal places only). */
export const createRisk: CardActionHandler = {
  id: CARD_ACTIONS.riskCreate,
  async run(args) {
    const reference = requiredId(args.data, 'reference');
    const values = formValues(args.data, INPUT_IDS);
    const typed = (field: RiskField) => values[formInputId('risk', field)];
    const owner = typed('owner');
    const risk = await args.deps.services.risks.create(
      args.actor,
      reference,
      compact({
        title: typed('title'),
        description: typed('description'),
        likelihood: typed('likelihood'),
        impact: typed('impact'),
        mitigation: typed('mitigation'),
        // Left empty, the person adding the risk owns it.
        owner: owner ? onePerson(owner, await knownPeople(args, reference)) : args.actor.person,
        reviewDate: typed('reviewDate'),
      }),
    );
    return {
      card: formDoneCard(
        `Added the risk “${risk.title}” to ${risk.contractRef}: likelihood ${risk.likelihood} × impact ${risk.impact} = ${risk.score}, ${ratingBadge(risk.rating)}. Review on ${risk.reviewDate}.`,
        `"steward risks ${risk.contractRef}" shows the register and its heat map.`,
      ),
    };
  },
  async onValidationError(args, error) {
    const problem = formProblem(error, formValues(args.data, INPUT_IDS), placeRiskError);
    return { card: riskFormCard(requiredId(args.data, 'reference'), {}, problem) };
  },
};
