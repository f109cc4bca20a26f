import { formInput, STEP_NOTE_FORM, stepInput } from '../../../chat/forms';
import type { StewardError } from '../../../domain/errors';
import { TEAMS_ACTION_IDS } from '../../cards/action-buttons';
import { type CorrectiveActionStep, correctiveActionListCard, STEP_ACTIONS } from '../../cards/corrective-action-card';
import { cardFormValues, readCardForm, underIds } from '../../cards/form-inputs';
import type { ItemProblem } from '../../cards/forms';
import type { CardActionArgs, CardActionHandler, CardActionOutcome } from '../types';
import { requiredId } from './card-data';

const DONE: Record<CorrectiveActionStep, string> = {
  approved: 'approved',
  'in-progress': 'in progress',
  verified: 'verified',
  closed: 'closed',
  cancelled: 'cancelled',
};

/** The note typed under the action on the card (`ca0_note`), read with the shared step-note form. */
function stepNote(data: Record<string, unknown>, slot: number): string | undefined {
  const onCard = underIds(STEP_NOTE_FORM, `ca${slot}`);
  return formInput(STEP_NOTE_FORM, readCardForm(onCard, cardFormValues(onCard, data))).note as string | undefined;
}

function target(data: Record<string, unknown>) {
  const slot = Number(data.slot ?? 0);
  const index = Number.isInteger(slot) && slot >= 0 ? slot : 0;
  return {
    reference: requiredId(data, 'reference'),
    actionId: requiredId(data, 'actionId'),
    all: data.all === true || data.all === 'true',
    note: stepNote(data, index),
  };
}

async function redraw(
  args: CardActionArgs,
  options: { notice?: string; problem?: ItemProblem },
): Promise<CardActionOutcome> {
  const { reference, all } = target(args.data);
  const actions = await args.deps.services.correctiveActions.list(args.actor, reference, { open: !all });
  if (options.problem && !actions.some((action) => action.id === options.problem?.itemId)) {
    return { message: options.problem.message };
  }
  return { card: correctiveActionListCard(reference, actions, { all, ...options }) };
}

/**
 * A step button on the corrective actions card. The service decides who may take it (approving, verifying,
 * closing and cancelling are a manager's; starting is also the owner's) and requires a note to cancel; the
 * note typed under the action goes with any step.
 */
function moveTo(status: CorrectiveActionStep): CardActionHandler {
  return {
    id: TEAMS_ACTION_IDS[STEP_ACTIONS[status]],
    async run(args) {
      const { actionId, note } = target(args.data);
      const action = await args.deps.services.correctiveActions.update(
        args.actor,
        actionId,
        stepInput(status, { note }),
      );
      return redraw(args, { notice: `✅ “${action.action}” is ${DONE[status]}.` });
    },
    async onValidationError(args, error: StewardError) {
      const { actionId, note } = target(args.data);
      const fieldErrors: Record<string, string> = {};
      for (const [field, message] of Object.entries(error.fieldErrors)) {
        // The service words some messages as the rest of a sentence ("is required when cancelling").
        fieldErrors[field] = /^[a-z]/.test(message) ? `${capitalize(field)} ${message}.` : message;
      }
      return redraw(args, {
        problem: { itemId: actionId, message: error.userMessage, fieldErrors, values: note ? { note } : {} },
      });
    },
  };
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export const approveCorrectiveAction = moveTo('approved');
export const startCorrectiveAction = moveTo('in-progress');
export const verifyCorrectiveAction = moveTo('verified');
export const closeCorrectiveAction = moveTo('closed');
export const cancelCorrectiveAction = moveTo('cancelled');
