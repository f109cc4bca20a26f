import { VALUE_FORM } from '../../chat/forms';
import { VALUE_KIND_LABELS } from '../../chat/labels';
import { periodLabel } from '../../domain/format';
import type { PortfolioValueSummary, ValueSummary, ValueTotal } from '../../domain/value-realization';
import { CARD_ACTIONS } from './action-ids';
import {
  type AdaptiveCard,
  actionSet,
  adaptiveCard,
  type CardElement,
  execute,
  literal,
  paragraph,
  text,
} from './adaptive-card';
import { money, ratio } from './card-text';
import { formInputs } from './form-inputs';
import { type FormProblem, formBanner, inputIdsOf } from './forms';

/** The latest periods shown per kind and currency. */
const SERIES_SHOWN = 6;

function totalLine(total: ValueTotal, extra = ''): CardElement {
  return paragraph([
    literal(`${VALUE_KIND_LABELS[total.kind]} (${total.currency}): `, { weight: 'Bolder' }),
    literal(
      `realized ${money(total.realized, total.currency)} of ${money(total.planned, total.currency)} planned · ${ratio(total.ratio)} · ${total.records} record${total.records === 1 ? '' : 's'}${extra}`,
    ),
  ]);
}

/** `steward value REF`: realized against planned per kind and currency, and the latest periods. */
export function valueSummaryCard(summary: ValueSummary & { contractRef: string }): AdaptiveCard {
  const body: CardElement[] = [
    paragraph([literal(`💰 Value of ${summary.contractRef}`, { weight: 'Bolder', size: 'Medium' })]),
  ];
  if (summary.totals.length === 0) {
    body.push(
      paragraph([literal(`Nothing recorded yet. "steward value ${summary.contractRef} record" records a period.`)]),
    );
    return adaptiveCard(body);
  }
  body.push(...summary.totals.map((total) => totalLine(total)));
  for (const series of summary.series) {
    body.push(
      text(`${VALUE_KIND_LABELS[series.kind]} (${series.currency}) by period`, { weight: 'Bolder', spacing: 'Medium' }),
    );
    for (const point of series.points.slice(-SERIES_SHOWN)) {
      body.push(
        paragraph(
          [
            literal(
              `${periodLabel(point.periodKey)}: ${money(point.realized, series.currency)} of ${money(point.planned, series.currency)} (${ratio(point.ratio)})`,
            ),
          ],
          'None',
        ),
      );
    }
  }
  body.push(text('Amounts in different currencies are never added up.', { isSubtle: true, spacing: 'Medium' }));
  return adaptiveCard(body);
}

/** `steward value portfolio`: every contract's value added up per kind and currency. */
export function portfolioValueCard(portfolio: PortfolioValueSummary): AdaptiveCard {
  const body: CardElement[] = [text('💰 Value across the portfolio', { weight: 'Bolder', size: 'Medium' })];
  if (portfolio.totals.length === 0) {
    body.push(text('No contract has value recorded yet.', { isSubtle: true }));
    return adaptiveCard(body);
  }
  body.push(
    ...portfolio.totals.map((total) =>
      totalLine(total, ` · ${total.contracts} contract${total.contracts === 1 ? '' : 's'}`),
    ),
  );
  body.push(text('By contract', { weight: 'Bolder', spacing: 'Medium' }));
  for (const { contractRef, summary } of portfolio.byContract) {
    body.push(
      paragraph([
        literal(`${contractRef}: `, { weight: 'Bolder' }),
        literal(
          summary.totals
            .map(
              (total) =>
                `${VALUE_KIND_LABELS[total.kind]} ${money(total.realized, total.currency)} (${ratio(total.ratio)})`,
            )
            .join(' · ') || 'nothing recorded',
        ),
      ]),
    );
  }
  return adaptiveCard(body);
}

/** `steward value REF record`: one period's planned and realized value of one kind. */
export function valueFormCard(
  reference: string,
  defaults: { periodKey?: string },
  problem?: FormProblem,
): AdaptiveCard {
  const fields = formInputs(VALUE_FORM, { periodKey: defaults.periodKey, kind: 'savings', currency: 'EUR' }, problem);
  return adaptiveCard([
    paragraph([literal(`💰 Record value for ${reference}`, { weight: 'Bolder', size: 'Medium' })]),
    text('Each record adds to the totals of its period and kind.', { isSubtle: true }),
    ...formBanner(problem, inputIdsOf(fields)),
    ...fields,
    actionSet([execute(VALUE_FORM.submit, { action: CARD_ACTIONS.valueRecord, reference }, 'positive')]),
  ]);
}
