import { CONTRACT_FORM, contractInput } from '../../../chat/forms';
import { isStewardError } from '../../../domain/errors';
import type { LessonView } from '../../../services/service-api';
import { CARD_ACTIONS } from '../../cards/action-ids';
import { lessonsBlock } from '../../cards/closeout-cards';
import { contractCreateCard, formDoneCard } from '../../cards/contract-forms';
import { cardInputIds, placeFormError, readCardForm } from '../../cards/form-inputs';
import type { CardActionArgs, CardActionHandler } from '../types';
import { formProblem, formValues } from './form-data';

const INPUT_IDS = cardInputIds(CONTRACT_FORM);

function today(args: CardActionArgs): string {
  return args.deps.clock().toISOString().slice(0, 10);
}

/**
 * Lessons from earlier contracts with the same vendor or category, to read while setting this one up. The
 * contract is already created, so not finding them leaves the lessons out and nothing else.
 */
async function lessonsFor(args: CardActionArgs, reference: string): Promise<LessonView[]> {
  try {
    return await args.deps.services.closeout.lessonsFor(args.actor, reference);
  } catch (error) {
    if (!isStewardError(error)) args.deps.logger.warn({ err: error, contractRef: reference }, 'could not read lessons');
    return [];
  }
}

/** "Create contract" on the form `steward new` posted: the same call as Slack's modal, then the lessons learned. */
export const createContract: CardActionHandler = {
  id: CARD_ACTIONS.contractCreate,
  async run(args) {
    const contract = await args.deps.services.contracts.create(
      args.actor,
      contractInput(readCardForm(CONTRACT_FORM, formValues(args.data, INPUT_IDS))),
    );
    const ref = contract.reference;
    return {
      card: formDoneCard(
        `Created ${ref} · ${contract.title} (${contract.status}).`,
        `Next: "steward kpi ${ref}" to add KPIs, "steward roles ${ref}", "steward path ${ref}", and "steward link ${ref} internal" in the team's channel.`,
        lessonsBlock(await lessonsFor(args, ref)),
      ),
    };
  },
  async onValidationError(args, error) {
    const problem = formProblem(error, formValues(args.data, INPUT_IDS), placeFormError(CONTRACT_FORM));
    return {
      card: contractCreateCard(
        { startDate: today(args), ...(args.deps.defaultTimezone ? { timezone: args.deps.defaultTimezone } : {}) },
        problem,
      ),
    };
  },
};
