import { CORRECTIVE_ACTION_FORM, correctiveActionInput } from '../../../chat/forms';
import { StewardError } from '../../../domain/errors';
import { addDays } from '../../../domain/local-time';
import type { ObligationView } from '../../../services/service-api';
import { commandButton } from '../../cards/action-buttons';
import { CARD_ACTIONS } from '../../cards/action-ids';
import { actionSet } from '../../cards/adaptive-card';
import { formDoneCard } from '../../cards/contract-forms';
import { cardInputIds, placeFormError, readCardForm } from '../../cards/form-inputs';
import { planActionCard } from '../../cards/obligation-cards';
import type { CardActionArgs, CardActionHandler } from '../types';
import { requiredId } from './card-data';
import { formProblem, formValues } from './form-data';
import { knownPeople } from './known-people';

const INPUT_IDS = cardInputIds(CORRECTIVE_ACTION_FORM);
const TWO_WEEKS_DAYS = 14;

/** "Plan corrective action…" under a missed obligation: the corrective-action form in place of the list. */
export const openObligationPlan: CardActionHandler = {
  id: CARD_ACTIONS.obligationPlanOpen,
  async run(args) {
    const reference = requiredId(args.data, 'reference');
    const obligation = await missedObligation(args, reference, requiredId(args.data, 'obligationId'));
    const today = args.deps.clock().toISOString().slice(0, 10);
    return {
      card: planActionCard(
        reference,
        obligation,
        { ...ownerDefault(args), dueDate: addDays(today, TWO_WEEKS_DAYS) },
        await pickable(args, reference),
      ),
    };
  },
};

/** The form's "Plan corrective action": planned for the obligation; a manager approves it in `steward actions`. */
export const planObligationAction: CardActionHandler = {
  id: CARD_ACTIONS.obligationPlanAction,
  async run(args) {
    const reference = requiredId(args.data, 'reference');
    const values = readCardForm(
      CORRECTIVE_ACTION_FORM,
      formValues(args.data, INPUT_IDS),
      await pickable(args, reference),
      {
        picked: ['owner'],
      },
    );
    const action = await args.deps.services.correctiveActions.planForObligation(
      args.actor,
      requiredId(args.data, 'obligationId'),
      correctiveActionInput(values, args.actor.person),
    );
    const card = formDoneCard(
      `Planned “${action.action}” on ${action.contractRef}, due ${action.dueDate}.`,
      `A manager approves it in "steward actions ${action.contractRef}".`,
    );
    card.body.push(actionSet([commandButton('‹ Back to obligations', 'obligations', reference)]));
    return { card };
  },
  async onValidationError(args, error) {
    const reference = requiredId(args.data, 'reference');
    const obligation = await missedObligation(args, reference, requiredId(args.data, 'obligationId'));
    const problem = formProblem(error, formValues(args.data, INPUT_IDS), placeFormError(CORRECTIVE_ACTION_FORM));
    const today = args.deps.clock().toISOString().slice(0, 10);
    return {
      card: planActionCard(
        reference,
        obligation,
        { dueDate: addDays(today, TWO_WEEKS_DAYS) },
        await pickable(args, reference),
        problem,
      ),
    };
  },
};

async function missedObligation(
  args: CardActionArgs,
  reference: string,
  obligationId: string,
): Promise<ObligationView> {
  const obligations = await args.deps.services.obligations.list(args.actor, reference);
  const obligation = obligations.find((candidate) => candidate.id === obligationId);
  if (!obligation) {
    throw new StewardError(
      'not_found',
      'That obligation no longer exists. Type "steward obligations" to see the list.',
    );
  }
  return obligation;
}

/** Who the owner picker lists: the person planning it first, then the people the contract names. */
async function pickable(args: CardActionArgs, reference: string) {
  return [args.actor.person, ...(await knownPeople(args, reference))];
}

function ownerDefault(args: CardActionArgs): { owner?: string } {
  return args.actor.person.teamsUserId ? { owner: args.actor.person.teamsUserId } : {};
}
