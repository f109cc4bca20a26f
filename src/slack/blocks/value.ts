import { VALUE_FORM } from '../../chat/forms';
import { VALUE_KIND_LABELS } from '../../chat/labels';
import { addMonths } from '../../domain/local-time';
import type { PortfolioValueSummary, ValueSummary } from '../../domain/value-realization';
import type { ValueRecordView } from '../../services/service-api';
import { VIEW } from '../ids';
import { encodeModalContext, type ModalContext } from '../modal-context';
import { formBlocks } from './form';
import { actionButton, context, type KnownBlock, MESSAGE_BLOCK_LIMIT, type ModalView, modal, section } from './kit';
import { money, percent } from './money';
import { escapeMrkdwn } from './mrkdwn';

const PERIODS_SHOWN = 6;

function totalLine(total: ValueSummary['totals'][number]): string {
  return `*${VALUE_KIND_LABELS[total.kind]}*: ${money({ amount: total.realized, currency: total.currency })} realized of ${money({ amount: total.planned, currency: total.currency })} planned (${percent(total.ratio)})`;
}

/** `/steward value REF`: totals per kind and currency, the latest periods, and a button to record more. */
export function valueSummaryMessage(summary: ValueSummary & { contractRef: string }): {
  text: string;
  blocks: KnownBlock[];
} {
  const ref = escapeMrkdwn(summary.contractRef);
  const record = actionButton('recordValue', summary.contractRef);
  if (summary.totals.length === 0) {
    const text = `No value recorded for *${ref}* yet.`;
    return { text, blocks: [section(text, { accessory: record })] };
  }
  const blocks: KnownBlock[] = [
    section(`*Value realized on ${ref}*\n${summary.totals.map(totalLine).join('\n')}`, { accessory: record }),
  ];
  for (const series of summary.series.slice(0, MESSAGE_BLOCK_LIMIT - 2)) {
    const points = series.points
      .slice(-PERIODS_SHOWN)
      .map(
        (point) =>
          `\`${escapeMrkdwn(point.periodKey)}\` ${money({ amount: point.realized, currency: series.currency })} / ${money({ amount: point.planned, currency: series.currency })}`,
      );
    blocks.push(context(`${VALUE_KIND_LABELS[series.kind]} by period, realized / planned: ${points.join(' · ')}`));
  }
  return { text: `Value realized on ${ref}`, blocks };
}

/** `/steward value portfolio`: every contract's value added up, then the contracts that contribute. */
export function portfolioMessage(portfolio: PortfolioValueSummary): { text: string; blocks: KnownBlock[] } {
  if (portfolio.totals.length === 0) {
    const text = 'No value has been recorded on any contract yet.';
    return { text, blocks: [section(text)] };
  }
  const totals = portfolio.totals.map(
    (total) => `${totalLine(total)} · ${total.contracts} contract${total.contracts === 1 ? '' : 's'}`,
  );
  const blocks: KnownBlock[] = [section(`*Portfolio value*\n${totals.join('\n')}`)];
  const room = MESSAGE_BLOCK_LIMIT - blocks.length - 1;
  for (const entry of portfolio.byContract.slice(0, room)) {
    blocks.push(
      context(
        `*${escapeMrkdwn(entry.contractRef)}*: ${entry.summary.totals.map(totalLine).join(' · ') || 'nothing recorded'}`,
      ),
    );
  }
  if (portfolio.byContract.length > room)
    blocks.push(context(`…and ${portfolio.byContract.length - room} more contracts.`));
  return { text: 'Portfolio value', blocks };
}

/** The month just ended, which the monthly value check-in asks about: the modal's first guess. */
export function defaultValuePeriod(now: Date): string {
  return addMonths(`${now.toISOString().slice(0, 7)}-01`, -1).slice(0, 7);
}

/** `/steward value REF record`: one period's planned and realized value of one kind (src/chat/forms.ts). */
export function valueRecordModal(
  ctx: ModalContext,
  reference: string,
  defaults: { periodKey?: string; currency?: string } = {},
): ModalView {
  return modal({
    callbackId: VIEW.valueRecord,
    title: VALUE_FORM.title,
    submit: 'Record',
    privateMetadata: encodeModalContext(ctx),
    blocks: [
      section(`Value delivered by *${escapeMrkdwn(reference)}* in one period.`),
      ...formBlocks(VALUE_FORM, {
        periodKey: defaults.periodKey,
        kind: 'savings',
        currency: defaults.currency ?? 'EUR',
      }),
    ],
  });
}

export function valueRecorded(record: ValueRecordView): string {
  return `:white_check_mark: Recorded ${VALUE_KIND_LABELS[record.kind].toLowerCase()} for *${escapeMrkdwn(record.contractRef)}*, ${escapeMrkdwn(record.periodKey)}: ${money({ amount: record.realized, currency: record.currency })} realized of ${money({ amount: record.planned, currency: record.currency })} planned.`;
}
