import { CARD_ACTIONS } from '../../cards/action-ids';
import { cardFormValues, placeFormError } from '../../cards/form-inputs';
import { scoreCorrectionCard } from '../../cards/score-correction-card';
import type { CardActionHandler } from '../types';
import { refreshedPrompt } from './card-data';
import { formProblem } from './form-data';
import { CORRECTION_ON_CARD, correctionInput, correctionTarget } from './open-score-correction';

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
    const problem = formProblem(
      error,
      cardFormValues(CORRECTION_ON_CARD, args.data),
      placeFormError(CORRECTION_ON_CARD),
    );
    return { card: scoreCorrectionCard(form, target, problem) };
  },
};
