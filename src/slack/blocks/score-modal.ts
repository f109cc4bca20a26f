import { NOT_APPLICABLE_FORM, scoreForm, scoreFormValue } from '../../chat/forms';
import { formatValue } from '../../domain/format';
import type { ScoreFormView } from '../../services/service-api';
import { VIEW } from '../ids';
import { encodeModalContext, type ModalContext } from '../modal-context';
import { formBlocks } from './form';
import { context, type KnownBlock, type ModalView, modal, section } from './kit';
import { escapeMrkdwn } from './mrkdwn';

/** The score modal: the shared score form (src/chat/forms.ts), its value input fitted to the KPI. `correct` edits an accepted score. */
export function scoreModal(form: ScoreFormView, ctx: ModalContext, mode: 'submit' | 'correct'): ModalView {
  const { kpi } = form;
  const current = form.current;
  const show = (value: number) => escapeMrkdwn(formatValue(value, kpi.kind, kpi.unit));
  const direction = kpi.direction === 'higher-is-better' ? 'higher is better' : 'lower is better';
  const spec = scoreForm(kpi, mode);
  const blocks: KnownBlock[] = [
    section(
      `*${escapeMrkdwn(form.contractRef)}* · ${escapeMrkdwn(form.contractTitle)}\n*${escapeMrkdwn(kpi.name)}* — ${escapeMrkdwn(form.periodLabel)}`,
    ),
    context(
      `Target ${show(kpi.target)} · warning at ${show(kpi.warningThreshold)} · breach at ${show(kpi.breachThreshold)} · baseline ${show(kpi.baseline)} _(${direction})_`,
    ),
    ...formBlocks(spec, {
      value: current ? scoreFormValue(kpi.kind, current.value) : undefined,
      comment: current?.comment,
      evidenceUrl: current?.evidenceUrl,
    }),
  ];
  return modal({
    callbackId: mode === 'submit' ? VIEW.checkinSubmitScore : VIEW.scoreCorrect,
    title: spec.title,
    submit: spec.submit,
    blocks,
    privateMetadata: encodeModalContext(ctx),
  });
}

/** `summary` is the item's own mrkdwn from the prompt it was opened from (already escaped), when known. */
export function notApplicableModal(summary: string | null, ctx: ModalContext): ModalView {
  const blocks: KnownBlock[] = [];
  if (summary) blocks.push(section(summary));
  blocks.push(...formBlocks(NOT_APPLICABLE_FORM));
  return modal({
    callbackId: VIEW.checkinNotApplicable,
    title: NOT_APPLICABLE_FORM.title,
    submit: NOT_APPLICABLE_FORM.submit,
    blocks,
    privateMetadata: encodeModalContext(ctx),
  });
}
