import type { ChatNotice } from '../../chat/chat-surface';
import { VIEW } from '../ids';
import { kickoffAcknowledgeActions } from './kickoff';
import { type KnownBlock, type ModalView, modal, section } from './kit';
import { escapeMrkdwn, mentions } from './mrkdwn';

/**
 * A plain notice (climbs, reminders, confirmations): mentions first, then the escaped text, then a button for
 * the step the notice offers (the vendor's kickoff acknowledgement).
 */
export function noticeMessage(notice: ChatNotice): { text: string; blocks: KnownBlock[] } {
  const who = notice.mention && notice.mention.length > 0 ? `${mentions(notice.mention)} ` : '';
  const text = `${who}${escapeMrkdwn(notice.text)}`;
  const blocks: KnownBlock[] = [section(text)];
  if (notice.action?.kind === 'acknowledge-kickoff') blocks.push(kickoffAcknowledgeActions(notice.action.contractRef));
  return { text, blocks };
}

/** Opened at once with a trigger_id while a slow answer is on its way, then replaced by the real modal. */
export function loadingModal(title: string): ModalView {
  return modal({
    callbackId: VIEW.notice,
    title,
    close: 'Close',
    blocks: [section(':hourglass_flowing_sand: One moment…')],
  });
}

/** A modal that only says something (an error that arrived after the modal was already open). */
export function messageModal(title: string, text: string): ModalView {
  return modal({ callbackId: VIEW.notice, title, close: 'Close', blocks: [section(escapeMrkdwn(text))] });
}
