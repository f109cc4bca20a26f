import type { EscalationView } from '../../chat/chat-surface';
import { CORRECTIVE_ACTION_FORM, RESOLVE_FORM } from '../../chat/forms';
import { triggerLabel } from '../../chat/labels';
import { VIEW } from '../ids';
import { encodeModalContext, type ModalContext } from '../modal-context';
import { formBlocks } from './form';
import { actionButton, actions, context, fields, type KnownBlock, type ModalView, modal, section } from './kit';
import { escapeMrkdwn, mentions, ragEmoji, slackDate } from './mrkdwn';

const STATUS_EMOJI: Record<EscalationView['status'], string> = {
  open: ':rotating_light:',
  acknowledged: ':eyes:',
  resolved: ':white_check_mark:',
};

const TREND_PERIODS = 6;

/** The escalation's thread root: what happened, who must act and by when, the facts and the trend. */
export function escalationMessage(view: EscalationView): { text: string; blocks: KnownBlock[] } {
  const who = mentions(view.mention);
  const blocks: KnownBlock[] = [
    section(
      `${STATUS_EMOJI[view.status]} *Escalation — ${escapeMrkdwn(view.contractRef)}* · ${escapeMrkdwn(view.contractTitle)}\n*${escapeMrkdwn(view.headline)}*`,
      { block_id: 'escalation:head' },
    ),
  ];
  const due = view.status === 'open' && view.ackDueAt ? `\nPlease acknowledge by ${slackDate(view.ackDueAt)}.` : '';
  blocks.push(
    section(`Level ${view.level} of ${view.levelCount}${who ? ` · ${who}` : ''}${due}`, {
      block_id: 'escalation:level',
    }),
  );
  if (view.facts.length > 0) {
    blocks.push({
      type: 'section',
      block_id: 'escalation:facts',
      fields: fields(view.facts.map((fact) => [escapeMrkdwn(fact.label), escapeMrkdwn(fact.value)])),
    });
  }
  const trend = view.trend.slice(-TREND_PERIODS);
  if (trend.length > 0) {
    blocks.push(
      context(
        `Trend: ${trend.map((point) => `\`${escapeMrkdwn(point.periodKey)}\` ${ragEmoji(point.rag)} ${escapeMrkdwn(point.displayValue)}`).join('  →  ')}`,
        'escalation:trend',
      ),
    );
  }
  const status = [`Trigger: ${escapeMrkdwn(triggerLabel(view.trigger))}`, `Status: *${view.status}*`];
  if (view.statusLine) status.push(escapeMrkdwn(view.statusLine));
  blocks.push(context(status.join(' · '), 'escalation:status'));

  if (view.status !== 'resolved') {
    const id = view.escalationId;
    blocks.push(
      actions('escalation:actions', [
        ...(view.status === 'open' ? [actionButton('acknowledgeEscalation', id)] : []),
        actionButton('addCorrectiveAction', id),
        actionButton('resolveEscalation', id),
      ]),
    );
  }
  return {
    text: `Escalation on ${escapeMrkdwn(view.contractRef)}: ${escapeMrkdwn(view.headline)}${who ? ` — ${who}` : ''}`,
    blocks,
  };
}

/** "Add corrective action": the shared form (src/chat/forms.ts), the same fields and limits as on Teams. */
export function correctiveActionModal(
  ctx: ModalContext,
  options: { initialDueDate?: string; owner?: string } = {},
): ModalView {
  return modal({
    callbackId: VIEW.escalationAddAction,
    title: CORRECTIVE_ACTION_FORM.title,
    submit: 'Add action',
    privateMetadata: encodeModalContext(ctx),
    blocks: formBlocks(CORRECTIVE_ACTION_FORM, { owner: options.owner, dueDate: options.initialDueDate }),
  });
}

/** "Resolve": the shared form (src/chat/forms.ts), the same field and limit as on Teams. */
export function resolveEscalationModal(ctx: ModalContext): ModalView {
  return modal({
    callbackId: VIEW.escalationResolve,
    title: RESOLVE_FORM.title,
    submit: 'Resolve',
    privateMetadata: encodeModalContext(ctx),
    blocks: formBlocks(RESOLVE_FORM),
  });
}
