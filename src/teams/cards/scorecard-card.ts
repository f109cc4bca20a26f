import type { ScorecardView } from '../../services/service-api';
import { commandButton } from './action-buttons';
import {
  type AdaptiveCard,
  actionSet,
  adaptiveCard,
  type CardElement,
  literal,
  paragraph,
  ragBadge,
  ragColor,
  text,
  trendLabel,
} from './adaptive-card';

/** The contract's scorecard: overall score and one line per KPI with its latest value, RAG and trend. */
export function scorecardCard(view: ScorecardView, options: { heading?: string } = {}): AdaptiveCard {
  const body: CardElement[] = [
    ...(options.heading ? [paragraph([literal(options.heading, { weight: 'Bolder', size: 'Large' })])] : []),
    paragraph([literal(`📊 ${view.contractRef} · ${view.contractTitle}`, { weight: 'Bolder', size: 'Medium' })]),
    paragraph([literal(`Vendor: ${view.vendorName} · Status: ${view.status}`, { isSubtle: true })], 'None'),
    paragraph([
      literal('Overall: ', { weight: 'Bolder' }),
      literal(view.overallScore === null ? 'no score yet ' : `${round(view.overallScore)} / 100 `, {
        weight: 'Bolder',
      }),
      literal(ragBadge(view.overallRag), { weight: 'Bolder', color: ragColor(view.overallRag) }),
      literal(`  ${trendLabel(view.trend)}`, { isSubtle: true }),
    ]),
  ];
  if (view.lines.length === 0) body.push(text('No KPIs are defined for this contract yet.', { isSubtle: true }));
  for (const line of view.lines) {
    body.push({
      type: 'ColumnSet',
      separator: true,
      spacing: 'Small',
      columns: [
        {
          type: 'Column',
          width: 'stretch',
          items: [
            paragraph([literal(line.kpiName, { weight: 'Bolder' })]),
            paragraph(
              [literal(`Target ${withUnit(line.target, line.unit)} · ${trendLabel(line.trend)}`, { isSubtle: true })],
              'None',
            ),
            ...(line.forecast
              ? [
                  paragraph(
                    [
                      literal(`${line.forecast.breachAhead ? '⚠️ ' : ''}${line.forecast.summary}`, {
                        isSubtle: !line.forecast.breachAhead,
                        ...(line.forecast.breachAhead ? { color: 'Attention' as const } : {}),
                      }),
                    ],
                    'None',
                  ),
                ]
              : []),
          ],
        },
        {
          type: 'Column',
          width: 'auto',
          items: line.latest
            ? [
                paragraph([literal(line.latest.displayValue, { weight: 'Bolder' })]),
                paragraph([literal(ragBadge(line.latest.rag), { color: ragColor(line.latest.rag) })], 'None'),
                paragraph([literal(line.latest.periodKey, { isSubtle: true })], 'None'),
              ]
            : [text('no score yet', { isSubtle: true })],
        },
      ],
    });
  }
  if (view.vendorView) {
    body.push(
      text('Shown as the vendor sees it: internal-only KPIs are left out here.', { isSubtle: true, spacing: 'Medium' }),
    );
  }
  body.push(
    actionSet([
      commandButton('Charts', 'charts', view.contractRef),
      // Vendors may not run these two, so their view leaves the buttons out.
      ...(view.vendorView
        ? []
        : [
            commandButton('KPIs', 'kpis', view.contractRef),
            commandButton('Escalations', 'escalations', view.contractRef),
          ]),
    ]),
  );
  return adaptiveCard(body);
}

function withUnit(value: number, unit: string): string {
  if (unit === '%') return `${value}%`;
  return unit ? `${value} ${unit}` : String(value);
}

function round(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
