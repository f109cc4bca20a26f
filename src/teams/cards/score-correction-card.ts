import { scoreForm, scoreFormValue } from '../../chat/forms';
import { formatValue } from '../../domain/format';
import type { ScoreFormView } from '../../services/service-api';
import { CARD_ACTIONS } from './action-ids';
import { type AdaptiveCard, actionSet, adaptiveCard, execute, facts, literal, paragraph } from './adaptive-card';
import { formInputs, underIds } from './form-inputs';
import { type FormProblem, formBanner, inputIdsOf } from './forms';

/** Where the correction came from: the check-in's slot in the prompt card, to draw that card again afterwards. */
export interface CorrectionTarget {
  checkinId: string;
  scoreId: string;
  slot: number;
}

/**
 * Correcting an accepted score: the prompt card is replaced by this form (prefilled with the score as it
 * stands), and saving or cancelling brings the prompt card back. The reason is required and kept.
 */
export function scoreCorrectionCard(
  form: ScoreFormView,
  target: CorrectionTarget,
  problem?: FormProblem,
): AdaptiveCard {
  const { kpi, current } = form;
  const show = (value: number) => formatValue(value, kpi.kind, kpi.unit);
  const worse = kpi.direction === 'higher-is-better' ? 'below' : 'above';
  const fields = formInputs(
    underIds(scoreForm(kpi, 'correct'), 'corr'),
    current
      ? { value: scoreFormValue(kpi.kind, current.value), comment: current.comment, evidenceUrl: current.evidenceUrl }
      : {},
    problem,
  );
  const data = { checkinId: target.checkinId, scoreId: target.scoreId, slot: target.slot };
  return adaptiveCard([
    paragraph([literal(`✏️ Correct a score · ${form.contractRef} · ${form.contractTitle}`, { isSubtle: true })]),
    paragraph([literal(kpi.name, { weight: 'Bolder', size: 'Medium' })], 'None'),
    facts([
      { label: 'Period', value: form.periodLabel },
      ...(current ? [{ label: 'Now', value: show(current.value) }] : []),
      { label: 'Target', value: show(kpi.target) },
      {
        label: 'Thresholds',
        value: `amber ${worse} ${show(kpi.warningThreshold)}, red ${worse} ${show(kpi.breachThreshold)}`,
      },
    ]),
    ...formBanner(problem, inputIdsOf(fields)),
    ...fields,
    actionSet([
      execute(scoreForm(kpi, 'correct').submit, { action: CARD_ACTIONS.scoreCorrectSubmit, ...data }, 'positive'),
      execute('Cancel', { action: CARD_ACTIONS.scoreCorrectCancel, ...data }, undefined, { associatedInputs: 'none' }),
    ]),
  ]);
}
