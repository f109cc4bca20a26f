import type { types } from '@slack/bolt';
import { formatValue } from '../../domain/format';
import type { KpiKind } from '../../domain/types';
import type { ScoreFormView } from '../../services/service-api';
import { VIEW } from '../ids';
import { encodeModalContext, type ModalContext } from '../modal-context';
import {
  context,
  input,
  type KnownBlock,
  type ModalView,
  modal,
  numberInput,
  option,
  section,
  staticSelect,
  textInput,
} from './kit';
import { escapeMrkdwn } from './mrkdwn';

/** Block ids are the service's field names, so `fieldErrors` from submitScore land next to the right input. */
export const SCORE_FIELDS = {
  value: 'value',
  comment: 'comment',
  evidenceUrl: 'evidenceUrl',
  reason: 'reason',
} as const;

/** Whether a kind takes fractions: counts of things do not, measures do. */
const DECIMALS: Record<Exclude<KpiKind, 'yes-no' | 'rating'>, boolean> = {
  percent: true,
  currency: true,
  duration: true,
  number: true,
};

const RATING_LABELS = ['Very poor', 'Poor', 'Acceptable', 'Good', 'Excellent'];

/** The score modal, its value input typed to the KPI kind. `correct` edits an accepted score. */
export function scoreModal(form: ScoreFormView, ctx: ModalContext, mode: 'submit' | 'correct'): ModalView {
  const { kpi } = form;
  const current = form.current;
  const show = (value: number) => escapeMrkdwn(formatValue(value, kpi.kind, kpi.unit));
  const direction = kpi.direction === 'higher-is-better' ? 'higher is better' : 'lower is better';
  const blocks: KnownBlock[] = [
    section(
      `*${escapeMrkdwn(form.contractRef)}* · ${escapeMrkdwn(form.contractTitle)}\n*${escapeMrkdwn(kpi.name)}* — ${escapeMrkdwn(form.periodLabel)}`,
    ),
    context(
      `Target ${show(kpi.target)} · warning at ${show(kpi.warningThreshold)} · breach at ${show(kpi.breachThreshold)} · baseline ${show(kpi.baseline)} _(${direction})_`,
    ),
    valueInput(kpi.kind, kpi.name, kpi.unit, current?.value),
    input(
      SCORE_FIELDS.comment,
      'Comment',
      textInput({
        initial: current?.comment,
        multiline: true,
        maxLength: 2000,
        placeholder: 'What explains this value?',
      }),
      { optional: true },
    ),
    input(
      SCORE_FIELDS.evidenceUrl,
      'Evidence link',
      {
        type: 'url_text_input',
        action_id: '',
        ...(current?.evidenceUrl ? { initial_value: current.evidenceUrl } : {}),
        placeholder: { type: 'plain_text', text: 'https://…' },
      },
      {
        optional: !kpi.evidenceRequired,
        hint: kpi.evidenceRequired ? 'This KPI needs evidence: link the report or dashboard.' : undefined,
      },
    ),
  ];
  if (mode === 'correct') {
    blocks.push(
      input(
        SCORE_FIELDS.reason,
        'Why the correction?',
        textInput({ multiline: true, maxLength: 500, placeholder: 'e.g. the monthly report was revised' }),
      ),
    );
  }
  return modal({
    callbackId: mode === 'submit' ? VIEW.checkinSubmitScore : VIEW.scoreCorrect,
    title: mode === 'submit' ? 'Submit score' : 'Correct score',
    submit: mode === 'submit' ? 'Submit' : 'Save correction',
    blocks,
    privateMetadata: encodeModalContext(ctx),
  });
}

function valueInput(kind: KpiKind, name: string, unit: string, initial?: number): types.InputBlock {
  const label = unit && kind !== 'percent' && kind !== 'yes-no' && kind !== 'rating' ? `${name} (${unit})` : name;
  if (kind === 'yes-no') {
    const initialValue = initial === undefined ? undefined : initial >= 1 ? '1' : '0';
    return input(SCORE_FIELDS.value, name, staticSelect([option('Yes', '1'), option('No', '0')], initialValue));
  }
  if (kind === 'rating') {
    const choices = RATING_LABELS.map((text, index) => option(`${index + 1} — ${text}`, String(index + 1)));
    const initialOption = choices.find((choice) => initial !== undefined && choice.value === String(initial));
    return input(SCORE_FIELDS.value, `${name} (1–5)`, {
      type: 'radio_buttons',
      action_id: '',
      options: choices,
      ...(initialOption ? { initial_option: initialOption } : {}),
    });
  }
  return input(
    SCORE_FIELDS.value,
    kind === 'percent' ? `${name} (%)` : label,
    numberInput({
      decimals: DECIMALS[kind],
      initial,
      ...(kind === 'percent' ? { min: 0, max: 100 } : {}),
      ...(kind === 'duration' || kind === 'currency' ? { min: 0 } : {}),
    }),
  );
}

export const NOT_APPLICABLE_FIELDS = { reason: 'reason' } as const;

/** `summary` is the item's own mrkdwn from the prompt it was opened from (already escaped), when known. */
export function notApplicableModal(summary: string | null, ctx: ModalContext): ModalView {
  const blocks: KnownBlock[] = [];
  if (summary) blocks.push(section(summary));
  blocks.push(
    input(
      NOT_APPLICABLE_FIELDS.reason,
      'Why does this check-in not apply?',
      textInput({ multiline: true, maxLength: 500, placeholder: 'e.g. the service was suspended all month' }),
    ),
  );
  return modal({
    callbackId: VIEW.checkinNotApplicable,
    title: 'Not applicable',
    submit: 'Mark not applicable',
    blocks,
    privateMetadata: encodeModalContext(ctx),
  });
}
