import type { CheckinItemView, CheckinPromptView } from '../../chat/chat-surface';
import { formatValue } from '../../domain/format';
import { actionButton, actions, context, divider, fields, type KnownBlock, MESSAGE_BLOCK_LIMIT, section } from './kit';
import { escapeMrkdwn, mention, mentions, ragBadge, slackDate } from './mrkdwn';

export interface PromptRenderOptions {
  /**
   * Score ids by check-in id, for the "Correct" button on answered items. The service hands one back with each
   * score; an answered state that itself carries `scoreId` is used too.
   */
  scoreIds?: Record<string, string>;
}

/** Every block of one item carries this prefix, so a single item can be replaced in place after an answer. */
export function checkinBlockPrefix(checkinId: string): string {
  return `checkin:${checkinId}:`;
}

const BLOCKS_PER_ITEM = 4;

/** A check-in prompt: per item the KPI, its period, thresholds with units and due date, and what to do. */
export function checkinPromptMessage(
  prompt: CheckinPromptView,
  options: PromptRenderOptions = {},
): { text: string; blocks: KnownBlock[] } {
  const who = mentions(prompt.addressees);
  const count = prompt.items.length;
  const lead = prompt.reminder
    ? `:alarm_clock: *Reminder:* ${who ? `${who}, ` : ''}${count === 1 ? 'this check-in is' : `${count} check-ins are`} still open.`
    : `:clipboard: ${who ? `${who}, ` : ''}${count === 1 ? 'a check-in is' : `${count} check-ins are`} due.`;
  const blocks: KnownBlock[] = [section(lead, { block_id: 'prompt:lead' })];

  const room = Math.floor((MESSAGE_BLOCK_LIMIT - 2) / BLOCKS_PER_ITEM);
  const shown = prompt.items.slice(0, room);
  shown.forEach((item, index) => {
    if (index > 0) blocks.push(divider());
    blocks.push(...checkinItemBlocks(item, options));
  });
  if (prompt.items.length > shown.length) {
    blocks.push(
      context(
        `…and ${prompt.items.length - shown.length} more. Open Steward's *Home* tab to answer them.`,
        'prompt:more',
      ),
    );
  }
  return { text: promptText(prompt), blocks };
}

/** The notification text (and what screen readers and old clients show). */
export function promptText(prompt: CheckinPromptView): string {
  const first = prompt.items[0];
  const who = mentions(prompt.addressees);
  const prefix = `${prompt.reminder ? 'Reminder: ' : ''}${who ? `${who} ` : ''}`;
  if (!first) return `${prefix}no check-ins are due.`;
  if (prompt.items.length === 1) {
    return `${prefix}check-in due: ${escapeMrkdwn(first.kpi.name)} for ${escapeMrkdwn(first.contractRef)} (${escapeMrkdwn(first.periodLabel)})`;
  }
  return `${prefix}${prompt.items.length} check-ins due, starting with ${escapeMrkdwn(first.kpi.name)} for ${escapeMrkdwn(first.contractRef)}`;
}

export function checkinItemBlocks(item: CheckinItemView, options: PromptRenderOptions = {}): KnownBlock[] {
  const prefix = checkinBlockPrefix(item.checkinId);
  const { kpi } = item;
  const show = (value: number) => escapeMrkdwn(formatValue(value, kpi.kind, kpi.unit));
  const direction = kpi.direction === 'higher-is-better' ? 'higher is better' : 'lower is better';
  const unit = kpi.unit ? ` · unit: ${escapeMrkdwn(kpi.unit)}` : '';
  const evidence = kpi.evidenceRequired ? '\n:paperclip: An evidence link is required.' : '';
  const blocks: KnownBlock[] = [
    section(
      `*${escapeMrkdwn(item.contractRef)}* · ${escapeMrkdwn(item.contractTitle)}\n*${escapeMrkdwn(kpi.name)}* — ${escapeMrkdwn(item.periodLabel)} _(${direction}${unit})_${evidence}`,
      {
        block_id: `${prefix}item`,
        fields: fields([
          ['Target', show(kpi.target)],
          ['Baseline', show(kpi.baseline)],
          ['Warning at', show(kpi.warningThreshold)],
          ['Breach at', show(kpi.breachThreshold)],
          ['Due', slackDate(item.dueAt)],
        ]),
      },
    ),
  ];

  const state = item.state;
  switch (state.status) {
    case 'open':
      blocks.push(openActions(item, true));
      break;
    case 'snoozed':
      blocks.push(context(`:zzz: Snoozed until ${slackDate(state.until)}.`, `${prefix}state`));
      blocks.push(openActions(item, false));
      break;
    case 'answered': {
      const scoreId = options.scoreIds?.[item.checkinId] ?? (state as { scoreId?: unknown }).scoreId;
      const text = `${ragBadge(state.rag)} — *${escapeMrkdwn(state.displayValue)}*${state.corrected ? ' _(corrected)_' : ''}\nAnswered by ${mention(state.answeredBy)} on ${slackDate(state.answeredAt)}`;
      blocks.push(
        section(text, {
          block_id: `${prefix}state`,
          ...(typeof scoreId === 'string' && scoreId !== ''
            ? { accessory: actionButton('correctScore', scoreId, 'Correct') }
            : {}),
        }),
      );
      break;
    }
    case 'not-applicable':
      blocks.push(
        context(
          `:white_circle: *Not applicable* — ${escapeMrkdwn(state.reason)}\nMarked by ${mention(state.answeredBy)} on ${slackDate(state.answeredAt)}`,
          `${prefix}state`,
        ),
      );
      break;
    case 'missed':
      blocks.push(context(':x: *Missed* — no score arrived before the deadline.', `${prefix}state`));
      break;
  }
  return blocks;
}

function openActions(item: CheckinItemView, withSnooze: boolean): KnownBlock {
  const id = item.checkinId;
  return actions(`${checkinBlockPrefix(id)}actions`, [
    actionButton('submitScore', id),
    actionButton('notApplicable', id),
    ...(withSnooze ? [actionButton('snooze', id)] : []),
  ]);
}

/**
 * The prompt's blocks with one item re-rendered, for updating the message in place after an answer.
 * Null when the message does not show that item (then the caller leaves it alone).
 */
export function replaceCheckinItem(
  blocks: readonly unknown[],
  item: CheckinItemView,
  options: PromptRenderOptions = {},
): KnownBlock[] | null {
  const prefix = checkinBlockPrefix(item.checkinId);
  const ids = blocks.map((block) =>
    block && typeof block === 'object' && typeof (block as { block_id?: unknown }).block_id === 'string'
      ? (block as { block_id: string }).block_id
      : '',
  );
  const first = ids.findIndex((id) => id.startsWith(prefix));
  if (first < 0) return null;
  let last = first;
  while (last + 1 < ids.length && (ids[last + 1] ?? '').startsWith(prefix)) last += 1;
  return [
    ...(blocks.slice(0, first) as KnownBlock[]),
    ...checkinItemBlocks(item, options),
    ...(blocks.slice(last + 1) as KnownBlock[]),
  ];
}
