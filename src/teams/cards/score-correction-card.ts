import { formatValue } from '../../domain/format';
import type { ScoreFormView } from '../../services/service-api';
import { CARD_ACTIONS, correctionInputId } from './action-ids';
import {
  type AdaptiveCard,
  actionSet,
  adaptiveCard,
  type CardElement,
  execute,
  facts,
  literal,
  paragraph,
} from './adaptive-card';
import { scoreValueInput } from './checkin-card';
import { type FormProblem, field, formBanner, inputIdsOf } from './forms';

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
  const valueInput = scoreValueInput(
    kpi,
    correctionInputId('value'),
    current === undefined ? undefined : String(current.value),
  );
  const fields: CardElement[] = [
    ...field(valueInput, problem),
    ...field(
      {
        type: 'Input.Text',
        id: correctionInputId('comment'),
        label: 'Comment',
        isMultiline: true,
        maxLength: 2000,
        ...(current?.comment ? { value: current.comment } : {}),
      },
      problem,
    ),
    ...field(
      {
        type: 'Input.Text',
        id: correctionInputId('evidenceUrl'),
        label: kpi.evidenceRequired ? 'Evidence link (required for this KPI)' : 'Evidence link (optional)',
        style: 'Url',
        placeholder: 'https://…',
        ...(current?.evidenceUrl ? { value: current.evidenceUrl } : {}),
        ...(kpi.evidenceRequired ? { isRequired: true, errorMessage: 'This KPI needs a link to the evidence.' } : {}),
      },
      problem,
    ),
    ...field(
      {
        type: 'Input.Text',
        id: correctionInputId('reason'),
        label: 'Why the correction?',
        isMultiline: true,
        maxLength: 500,
        placeholder: 'e.g. the monthly report was revised',
        isRequired: true,
        errorMessage: 'Say why the score is corrected.',
      },
      problem,
    ),
  ];
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
      execute('Save correction', { action: CARD_ACTIONS.scoreCorrectSubmit, ...data }, 'positive'),
      execute('Cancel', { action: CARD_ACTIONS.scoreCorrectCancel, ...data }, undefined, { associatedInputs: 'none' }),
    ]),
  ]);
}
