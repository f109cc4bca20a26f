import { CARD_ACTIONS, formInputId } from '../../cards/action-ids';
import { personName } from '../../cards/adaptive-card';
import { formDoneCard } from '../../cards/contract-forms';
import { OBLIGATION_FIELDS, type ObligationField, obligationFormCard } from '../../cards/obligation-cards';
import type { CardActionHandler } from '../types';
import { requiredId } from './card-data';
import { compact, formProblem, formValues, type Placement, splitPath } from './form-data';
import { knownPeople } from './known-people';
import { onePerson } from './one-person';

const INPUT_IDS = OBLIGATION_FIELDS.map((field) => formInputId('obligation', field));

export function placeObligationError(path: string): Placement {
  const { head } = splitPath(path);
  return (OBLIGATION_FIELDS as readonly string[]).includes(head)
    ? { inputId: formInputId('obligation', head) }
    : undefined;
}

/** "Add obligation" on the form `steward obligation REF` posted (a manager's). */
export const createObligation: CardActionHandler = {
  id: CARD_ACTIONS.obligationCreate,
  async run(args) {
    const reference = requiredId(args.data, 'reference');
    const values = formValues(args.data, INPUT_IDS);
    const typed = (field: ObligationField) => values[formInputId('obligation', field)];
    const obligation = await args.deps.services.obligations.create(
      args.actor,
      reference,
      compact({
        kind: typed('kind'),
        title: typed('title'),
        description: typed('description'),
        owner: onePerson(typed('owner'), await knownPeople(args, reference)),
        dueDate: typed('dueDate'),
        recurrence: typed('recurrence'),
      }),
    );
    const recurs = obligation.recurrence === 'none' ? '' : `, then ${obligation.recurrence}`;
    return {
      card: formDoneCard(
        `Added “${obligation.title}” (${obligation.kind}) to ${obligation.contractRef}: owed by ${personName(obligation.owner)}, due ${obligation.dueDate}${recurs}.`,
        `"steward obligations ${obligation.contractRef}" lists them, with evidence and outcomes.`,
      ),
    };
  },
  async onValidationError(args, error) {
    const problem = formProblem(error, formValues(args.data, INPUT_IDS), placeObligationError);
    return { card: obligationFormCard(requiredId(args.data, 'reference'), problem) };
  },
};
