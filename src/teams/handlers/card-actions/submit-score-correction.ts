import { CARD_ACTIONS, correctionInputId } from '../../cards/action-ids';
import { scoreCorrectionCard } from '../../cards/score-correction-card';
import type { CardActionHandler } from '../types';
import { refreshedPrompt } from './card-data';
import { formProblem, formValues } from './form-data';
import { correctionInput, correctionTarget } from './open-score-correction';

const FIELDS = ['value', 'comment', 'evidenceUrl', 'reason'] as const;

/** "Save correction": the service re-scores and keeps the reason; the prompt card comes back with the new value. */
export const submitScoreCorrection: CardActionHandler = {
  id: CARD_ACTIONS.scoreCorrectSubmit,
  async run(args) {
    const target = correctionTarget(args.data);
    const result = await args.deps.services.checkins.correctScore(args.actor, target.scoreId, correctionInput(args));
    return refreshedPrompt(args, result.item);
  },
  async onValidationError(args, error) {
    const target = correctionTarget(args.data);
    // The form again from the service (it writes nothing), with what was typed and the messages.
    const form = await args.deps.services.checkins.openCorrectionForm(args.actor, target.scoreId);
    const inputIds = FIELDS.map((field) => correctionInputId(field));
    const problem = formProblem(error, formValues(args.data, inputIds), (path) =>
      (FIELDS as readonly string[]).includes(path)
        ? { inputId: correctionInputId(path as (typeof FIELDS)[number]) }
        : undefined,
    );
    return { card: scoreCorrectionCard(form, target, problem) };
  },
};
