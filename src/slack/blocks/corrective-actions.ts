import { STEP_NOTE_FORM } from '../../chat/forms';
import { correctiveActionOrder, itemNeighbours, pagedSuffix, pageItems } from '../../chat/item-paging';
import type { CorrectiveActionStatus } from '../../domain/types';
import type { CorrectiveActionView } from '../../services/service-api';
import { VIEW } from '../ids';
import { encodeModalContext, type ModalContext } from '../modal-context';
import { formBlocks } from './form';
import {
  actionButton,
  actions,
  type Button,
  ITEM_PAGING_BLOCK,
  type KnownBlock,
  type ModalView,
  modal,
  pagingBlock,
  section,
} from './kit';
import { escapeMrkdwn, mention } from './mrkdwn';

const STATUS_BADGE: Record<CorrectiveActionStatus, string> = {
  planned: ':memo: planned',
  approved: ':thumbsup: approved',
  'in-progress': ':construction: in progress',
  verified: ':mag: verified',
  closed: ':white_check_mark: closed',
  cancelled: ':no_entry_sign: cancelled',
};

/** The button for each step an action may take next; cancel asks for a note in a modal. */
function stepButton(action: CorrectiveActionView, to: CorrectiveActionStatus): Button | null {
  const id = action.id;
  switch (to) {
    case 'approved':
      return actionButton('approveCorrectiveAction', id);
    case 'in-progress':
      // From verified it goes back to work: the fix did not hold.
      return actionButton('startCorrectiveAction', id, action.status === 'verified' ? 'Reopen' : undefined);
    case 'verified':
      return actionButton('verifyCorrectiveAction', id);
    case 'closed':
      return actionButton('closeCorrectiveAction', id);
    case 'cancelled':
      return actionButton('cancelCorrectiveAction', id);
    case 'planned':
      // Nothing moves back to planned.
      return null;
  }
}

export function correctiveActionLine(action: CorrectiveActionView): string {
  const last = action.history.at(-1);
  const note = last?.note ? `\n_${escapeMrkdwn(last.note)}_` : '';
  const source = action.kpiKey ? ` · KPI \`${escapeMrkdwn(action.kpiKey)}\`` : '';
  return `*${escapeMrkdwn(action.action)}*\n${STATUS_BADGE[action.status]} · owner ${mention(action.owner)} · due ${escapeMrkdwn(action.dueDate)}${source}${note}`;
}

/** `/steward actions REF`: each action with the steps it may take next. */
export function correctiveActionListMessage(
  list: CorrectiveActionView[],
  reference: string,
  all: boolean,
  offset = 0,
): { text: string; blocks: KnownBlock[] } {
  const ref = escapeMrkdwn(reference);
  if (list.length === 0) {
    const text = all
      ? `*${ref}* has no corrective actions.`
      : `*${ref}* has no open corrective actions. \`/steward actions ${ref} all\` shows finished ones too.`;
    return { text, blocks: [section(text)] };
  }
  const page = pageItems(correctiveActionOrder(list), 'actions', offset);
  const blocks: KnownBlock[] = [
    section(`*Corrective actions of ${ref}* · ${list.length}${all ? '' : ' open'}${pagedSuffix(page)}`),
  ];
  // A line and its step buttons: two blocks each, so a page of 10 fits a message.
  for (const action of page.items) {
    const steps = action.nextSteps.flatMap((to) => stepButton(action, to) ?? []);
    blocks.push(section(correctiveActionLine(action), { block_id: `action:${action.id}:item` }));
    if (steps.length > 0) blocks.push(actions(`action:${action.id}:steps`, steps));
  }
  blocks.push(
    ...pagingBlock(ITEM_PAGING_BLOCK, itemNeighbours(page, { list: 'actions', reference, ...(all ? { all } : {}) })),
  );
  return { text: `Corrective actions of ${ref}: ${list.length}${pagedSuffix(page)}`, blocks };
}

export function stepConfirmation(action: CorrectiveActionView): string {
  return `The corrective action *${escapeMrkdwn(action.action)}* (${escapeMrkdwn(action.contractRef)}) is now ${STATUS_BADGE[action.status]}.`;
}

/** "Cancel…": a cancellation needs a note saying why. */
export function cancelActionModal(ctx: ModalContext, summary: string | null): ModalView {
  const blocks: KnownBlock[] = [];
  if (summary) blocks.push(section(summary));
  blocks.push(...formBlocks(STEP_NOTE_FORM));
  return modal({
    callbackId: VIEW.correctiveActionCancel,
    title: 'Cancel action',
    submit: 'Cancel action',
    close: 'Keep it',
    privateMetadata: encodeModalContext(ctx),
    blocks,
  });
}
