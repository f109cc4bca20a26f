import type { types } from '@slack/bolt';
import { CORRECTIVE_ACTION_FORM, EVIDENCE_FORM, OBLIGATION_FORM, WAIVE_FORM } from '../../chat/forms';
import { itemNeighbours, obligationOrder, pagedSuffix, pageItems } from '../../chat/item-paging';
import type { ObligationOutcome } from '../../domain/types';
import type { ObligationView } from '../../services/service-api';
import { VIEW } from '../ids';
import { encodeModalContext, type ModalContext } from '../modal-context';
import { formBlocks } from './form';
import {
  actionButton,
  actions,
  type Button,
  context,
  ITEM_PAGING_BLOCK,
  type KnownBlock,
  type ModalView,
  modal,
  pagingBlock,
  section,
} from './kit';
import { escapeMrkdwn, mention } from './mrkdwn';

/** Every block of one obligation in a list carries this prefix (the modals quote the obligation from it). */
export function obligationBlockPrefix(obligationId: string): string {
  return `obligation:${obligationId}:`;
}

const OUTCOME_LABEL: Record<ObligationOutcome, string> = {
  open: 'open',
  'fulfilled-on-time': ':white_check_mark: fulfilled on time',
  'fulfilled-late': ':large_orange_circle: fulfilled late',
  'not-fulfilled': ':x: not fulfilled',
  waived: ':white_circle: waived',
};

const RECURRENCE_LABEL = { none: 'Once', monthly: 'Monthly', quarterly: 'Quarterly', yearly: 'Yearly' } as const;

/** The obligation's own lines: what, who owes it, by when, and what has been shown so far. */
export function obligationSummary(obligation: ObligationView): string {
  const due = obligation.overdue
    ? `:warning: *overdue* since ${escapeMrkdwn(obligation.dueDate)}`
    : `due ${escapeMrkdwn(obligation.dueDate)}`;
  const recurrence =
    obligation.recurrence === 'none' ? '' : ` · ${RECURRENCE_LABEL[obligation.recurrence].toLowerCase()}`;
  const state =
    obligation.outcome === 'open'
      ? due
      : `${OUTCOME_LABEL[obligation.outcome]} (was due ${escapeMrkdwn(obligation.dueDate)})`;
  const evidence = obligation.evidence.length > 0 ? ` · evidence: ${obligation.evidence.length}` : '';
  const waived = obligation.waivedReason ? `\nWaived: ${escapeMrkdwn(obligation.waivedReason)}` : '';
  return `*${escapeMrkdwn(obligation.title)}* (${escapeMrkdwn(obligation.kind)}) · owner ${mention(obligation.owner)}\n${state}${recurrence}${evidence}${waived}`;
}

/**
 * `/steward obligations REF`: open ones first (overdue, then by due date), each with its buttons; closed ones after.
 * `manage` adds the outcome buttons (a vendor may only add evidence: the service decides outcomes for managers).
 */
export function obligationListMessage(
  obligations: ObligationView[],
  reference: string,
  options: { manage: boolean },
  offset = 0,
): { text: string; blocks: KnownBlock[] } {
  const ref = escapeMrkdwn(reference);
  if (obligations.length === 0) {
    const text = `*${ref}* has no obligations yet.${options.manage ? ` Add one with \`/steward obligation ${ref}\`.` : ''}`;
    return { text, blocks: [section(text)] };
  }
  const open = obligations.filter((obligation) => obligation.outcome === 'open').length;
  const closed = obligations.length - open;
  // Open ones first (overdue first), then closed, in the order both surfaces page them (src/chat/item-paging.ts).
  const page = pageItems(obligationOrder(obligations), 'obligations', offset);
  const blocks: KnownBlock[] = [
    section(`*Obligations of ${ref}* · ${open} open, ${closed} closed${pagedSuffix(page)}`),
  ];
  // Two blocks per open obligation (its line and buttons), one per closed one: a page of 10 fits a message.
  for (const obligation of page.items) {
    const prefix = obligationBlockPrefix(obligation.id);
    if (obligation.outcome === 'open') {
      blocks.push(section(obligationSummary(obligation), { block_id: `${prefix}item` }));
      blocks.push(actions(`${prefix}actions`, obligationButtons(obligation, options.manage)));
      continue;
    }
    const planned = options.manage && obligation.outcome === 'not-fulfilled';
    blocks.push(
      section(obligationSummary(obligation), {
        block_id: `${prefix}item`,
        ...(planned ? { accessory: actionButton('planCorrectiveAction', obligation.id) } : {}),
      }),
    );
  }
  blocks.push(...pagingBlock(ITEM_PAGING_BLOCK, itemNeighbours(page, { list: 'obligations', reference })));
  return { text: `Obligations of ${ref}: ${open} open${pagedSuffix(page)}`, blocks };
}

function obligationButtons(obligation: ObligationView, manage: boolean): Button[] {
  const id = obligation.id;
  const buttons: Button[] = [actionButton('addEvidence', id)];
  if (!manage) return buttons;
  // Outcomes are final, so the one-click ones ask first.
  buttons.push(
    withConfirm(
      actionButton('obligationFulfilled', id),
      'Mark as fulfilled?',
      `“${obligation.title}” is closed as fulfilled, on time or late by today's date. This cannot be undone.`,
    ),
    withConfirm(
      actionButton('obligationNotFulfilled', id),
      'Mark as not fulfilled?',
      `“${obligation.title}” is closed as not fulfilled. This cannot be undone.`,
    ),
    actionButton('waiveObligation', id),
  );
  if (obligation.overdue) buttons.push(actionButton('planCorrectiveAction', id));
  return buttons;
}

function withConfirm(element: Button, title: string, text: string): Button {
  return {
    ...element,
    confirm: {
      title: { type: 'plain_text', text: title.slice(0, 100) },
      text: { type: 'plain_text', text: text.slice(0, 300) },
      confirm: { type: 'plain_text', text: 'Yes' },
      deny: { type: 'plain_text', text: 'Cancel' },
    },
  };
}

/** The outcome said back after a button or modal, with the next occurrence of a recurring obligation. */
export function outcomeConfirmation(obligation: ObligationView, next: ObligationView | null): string {
  const nextLine = next ? ` The next one is due on ${escapeMrkdwn(next.dueDate)}.` : '';
  return `*${escapeMrkdwn(obligation.title)}* (${escapeMrkdwn(obligation.contractRef)}) is now ${OUTCOME_LABEL[obligation.outcome]}.${nextLine}`;
}

function _datepicker(initial?: string): types.Datepicker {
  return { type: 'datepicker', action_id: '', ...(initial ? { initial_date: initial } : {}) };
}

/** `/steward obligation REF`: what is owed, by whom and when (the shared form, src/chat/forms.ts). */
export function obligationCreateModal(
  ctx: ModalContext,
  reference: string,
  defaults: { owner?: string; dueDate?: string } = {},
): ModalView {
  return modal({
    callbackId: VIEW.obligationCreate,
    title: OBLIGATION_FORM.title,
    submit: OBLIGATION_FORM.submit,
    privateMetadata: encodeModalContext(ctx),
    blocks: [
      section(`A new obligation on *${escapeMrkdwn(reference)}*.`),
      ...formBlocks(OBLIGATION_FORM, {
        kind: 'report',
        owner: defaults.owner,
        dueDate: defaults.dueDate,
        recurrence: 'none',
      }),
    ],
  });
}

/** "Add evidence": a link, a note, or both. `summary` is the obligation's own (escaped) text when known. */
export function evidenceModal(ctx: ModalContext, summary: string | null): ModalView {
  const blocks: KnownBlock[] = [];
  if (summary) blocks.push(section(summary));
  blocks.push(...formBlocks(EVIDENCE_FORM), context('Give a link, a note, or both.'));
  return modal({
    callbackId: VIEW.obligationEvidence,
    title: EVIDENCE_FORM.title,
    submit: EVIDENCE_FORM.submit,
    privateMetadata: encodeModalContext(ctx),
    blocks,
  });
}

/** "Waive": the reason is required, and kept with the obligation. */
export function waiveModal(ctx: ModalContext, summary: string | null): ModalView {
  const blocks: KnownBlock[] = [];
  if (summary) blocks.push(section(summary));
  blocks.push(...formBlocks(WAIVE_FORM));
  return modal({
    callbackId: VIEW.obligationWaive,
    title: WAIVE_FORM.title,
    submit: WAIVE_FORM.submit,
    privateMetadata: encodeModalContext(ctx),
    blocks,
  });
}

/** "Plan corrective action" for an obligation not fulfilled or overdue: the shared corrective action form. */
export function planActionModal(
  ctx: ModalContext,
  summary: string | null,
  defaults: { owner?: string; dueDate?: string },
): ModalView {
  const blocks: KnownBlock[] = [];
  if (summary) blocks.push(section(summary));
  blocks.push(
    ...formBlocks(CORRECTIVE_ACTION_FORM, defaults),
    context('A manager approves the plan before work starts.'),
  );
  return modal({
    callbackId: VIEW.obligationPlanAction,
    title: CORRECTIVE_ACTION_FORM.title,
    submit: 'Plan action',
    privateMetadata: encodeModalContext(ctx),
    blocks,
  });
}

/** An obligation for the App Home: one line, with Add evidence. */
export function homeObligation(obligation: ObligationView): KnownBlock {
  const due = obligation.overdue
    ? `:warning: overdue since ${escapeMrkdwn(obligation.dueDate)}`
    : `due ${escapeMrkdwn(obligation.dueDate)}`;
  return section(
    `*${escapeMrkdwn(obligation.contractRef)}* · ${escapeMrkdwn(obligation.title)}\n${due} · owner ${mention(obligation.owner)}`,
    {
      block_id: `home:obligation:${obligation.id}`,
      accessory: actionButton('addEvidence', obligation.id),
    },
  );
}
