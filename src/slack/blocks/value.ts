import { addMonths } from '../../domain/local-time';
import { VALUE_KINDS, type ValueKind } from '../../domain/types';
import type { PortfolioValueSummary, ValueSummary } from '../../domain/value-realization';
import type { ValueRecordView } from '../../services/service-api';
import { ACTION, VIEW } from '../ids';
import { encodeModalContext, type ModalContext } from '../modal-context';
import { VALUE_FIELDS } from '../service-inputs';
import {
  button,
  context,
  input,
  type KnownBlock,
  MESSAGE_BLOCK_LIMIT,
  type ModalView,
  modal,
  numberInput,
  option,
  section,
  staticSelect,
  textInput,
} from './kit';
import { money, percent } from './money';
import { escapeMrkdwn } from './mrkdwn';

const KIND_LABEL: Record<ValueKind, string> = {
  savings: 'Savings',
  'cost-avoidance': 'Cost avoidance',
  quality: 'Quality',
};

const PERIODS_SHOWN = 6;

function totalLine(total: ValueSummary['totals'][number]): string {
  return `*${KIND_LABEL[total.kind]}*: ${money({ amount: total.realized, currency: total.currency })} realized of ${money({ amount: total.planned, currency: total.currency })} planned (${percent(total.ratio)})`;
}

/** `/steward value REF`: totals per kind and currency, the latest periods, and a button to record more. */
export function valueSummaryMessage(summary: ValueSummary & { contractRef: string }): {
  text: string;
  blocks: KnownBlock[];
} {
  const ref = escapeMrkdwn(summary.contractRef);
  const record = button('Record value', ACTION.valueRecord, summary.contractRef);
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
    blocks.push(context(`${KIND_LABEL[series.kind]} by period, realized / planned: ${points.join(' · ')}`));
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

/** `/steward value REF record`: one period's planned and realized value of one kind. */
export function valueRecordModal(
  ctx: ModalContext,
  reference: string,
  defaults: { periodKey?: string; currency?: string } = {},
): ModalView {
  const f = VALUE_FIELDS;
  return modal({
    callbackId: VIEW.valueRecord,
    title: 'Record value',
    submit: 'Record',
    privateMetadata: encodeModalContext(ctx),
    blocks: [
      section(`Value delivered by *${escapeMrkdwn(reference)}* in one period.`),
      input(f.periodKey, 'Period', textInput({ initial: defaults.periodKey, placeholder: 'e.g. 2026-03 or 2026-Q1' }), {
        hint: 'A month (2026-03) or a quarter (2026-Q1) within the contract term.',
      }),
      input(
        f.kind,
        'Kind',
        staticSelect(
          VALUE_KINDS.map((kind) => option(KIND_LABEL[kind], kind)),
          'savings',
        ),
      ),
      input(f.planned, 'Planned', numberInput({ decimals: true, placeholder: 'e.g. 12500' })),
      input(f.realized, 'Realized', numberInput({ decimals: true, placeholder: 'e.g. 11800' })),
      input(f.currency, 'Currency', textInput({ initial: defaults.currency ?? 'EUR', maxLength: 3 })),
      input(f.note, 'Note', textInput({ multiline: true, maxLength: 1000 }), { optional: true }),
    ],
  });
}

export function valueRecorded(record: ValueRecordView): string {
  return `:white_check_mark: Recorded ${KIND_LABEL[record.kind].toLowerCase()} for *${escapeMrkdwn(record.contractRef)}*, ${escapeMrkdwn(record.periodKey)}: ${money({ amount: record.realized, currency: record.currency })} realized of ${money({ amount: record.planned, currency: record.currency })} planned.`;
}
