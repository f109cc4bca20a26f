import { SCORE_ANSWER_FORM, scoreInput } from '../../../chat/forms';
import { CARD_ACTIONS } from '../../cards/action-ids';
import { cardFormValues, readCardForm, underIds } from '../../cards/form-inputs';
import { type CorrectionTarget, scoreCorrectionCard } from '../../cards/score-correction-card';
import type { CardActionArgs, CardActionHandler } from '../types';
import { checkinTarget, requiredId } from './card-data';

/** The correction card's inputs: the shared score form under `corr_…` ids. */
export const CORRECTION_ON_CARD = underIds(SCORE_ANSWER_FORM, 'corr');

export function correctionTarget(data: Record<string, unknown>): CorrectionTarget {
  const { checkinId, slot } = checkinTarget(data);
  return { checkinId, slot, scoreId: requiredId(data, 'scoreId') };
}

/** correctScore's input as typed: `{ value, comment?, evidenceUrl?, reason }`. */
export function correctionInput(args: CardActionArgs): Record<string, unknown> {
  return scoreInput(readCardForm(CORRECTION_ON_CARD, cardFormValues(CORRECTION_ON_CARD, args.data)));
}

/**
 * "Correct…" on an answered check-in: the service checks who may correct (the score's author or a
 * contract manager) and gives the score as it stands; the prompt card becomes the correction form.
 */
export const openScoreCorrection: CardActionHandler = {
  id: CARD_ACTIONS.scoreCorrect,
  async run(args) {
    const target = correctionTarget(args.data);
    const form = await args.deps.services.checkins.openCorrectionForm(args.actor, target.scoreId);
    return { card: scoreCorrectionCard(form, target) };
  },
};
