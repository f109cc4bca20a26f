import { CARD_ACTIONS, correctionInputId } from '../../cards/action-ids';
import { type CorrectionTarget, scoreCorrectionCard } from '../../cards/score-correction-card';
import type { CardActionArgs, CardActionHandler } from '../types';
import { checkinTarget, requiredId } from './card-data';
import { compact, formValues } from './form-data';

const FIELDS = ['value', 'comment', 'evidenceUrl', 'reason'] as const;
const INPUT_IDS = FIELDS.map((field) => correctionInputId(field));

export function correctionTarget(data: Record<string, unknown>): CorrectionTarget {
  const { checkinId, slot } = checkinTarget(data);
  return { checkinId, slot, scoreId: requiredId(data, 'scoreId') };
}

/** correctScore's input as typed: `{ value, comment?, evidenceUrl?, reason }`. */
export function correctionInput(args: CardActionArgs): Record<string, unknown> {
  const values = formValues(args.data, INPUT_IDS);
  return compact(Object.fromEntries(FIELDS.map((field) => [field, values[correctionInputId(field)]])));
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
