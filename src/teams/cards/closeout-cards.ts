import { closeoutBasis } from '../../chat/labels';
import type { FinalEvaluationView, LessonView } from '../../services/service-api';
import {
  type AdaptiveCard,
  adaptiveCard,
  type CardElement,
  facts,
  formatInstant,
  literal,
  paragraph,
  personName,
  ragBadge,
  ragColor,
  text,
} from './adaptive-card';
import { money, ratio, rounded } from './card-text';

const RECOMMENDATIONS: Record<FinalEvaluationView['recommendation'], string> = {
  renew: '🟢 Renew',
  'renew-with-conditions': '🟠 Renew with conditions',
  'do-not-renew': '🔴 Do not renew',
};

/** `steward closeout REF`: the whole term evaluated, the recommendation and why, and what to do next. */
export function finalEvaluationCard(view: FinalEvaluationView): AdaptiveCard {
  const { obligations } = view;
  const percent = (value: number | null) => (value === null ? '–' : `${rounded(value)}%`);
  const body: CardElement[] = [
    paragraph([
      literal(`🏁 Closeout of ${view.contractRef} · ${view.contractTitle}`, { weight: 'Bolder', size: 'Medium' }),
    ]),
    paragraph([literal(`Term ${view.startDate} to ${view.endDate}`, { isSubtle: true })], 'None'),
    paragraph([
      literal('Term score: ', { weight: 'Bolder' }),
      literal(view.termScore === null ? 'nothing scored ' : `${rounded(view.termScore)} / 100 `, { weight: 'Bolder' }),
      literal(ragBadge(view.termRag), { weight: 'Bolder', color: ragColor(view.termRag) }),
    ]),
    paragraph([literal(closeoutBasis(view), { isSubtle: true })], 'None'),
    paragraph([
      literal('Recommendation: ', { weight: 'Bolder' }),
      literal(RECOMMENDATIONS[view.recommendation], { weight: 'Bolder' }),
    ]),
    ...view.reasons.map((reason) => paragraph([literal(`• ${reason}`)], 'None')),
    text('KPIs over the term', { weight: 'Bolder', spacing: 'Medium' }),
  ];
  if (view.kpis.length === 0) body.push(text('No KPIs.', { isSubtle: true }));
  for (const kpi of view.kpis) {
    body.push(
      paragraph(
        [
          literal(`${kpi.name}: `, { weight: 'Bolder' }),
          literal(
            kpi.scoredPeriods === 0
              ? 'never scored'
              : `${kpi.scoredPeriods} period${kpi.scoredPeriods === 1 ? '' : 's'} scored · red in ${percent(kpi.percentOfPeriods.red)}, amber in ${percent(kpi.percentOfPeriods.amber)}${kpi.unscoredPeriods > 0 ? ` · ${kpi.unscoredPeriods} unscored` : ''}`,
          ),
        ],
        'None',
      ),
    );
  }
  body.push(
    text('Obligations, escalations and value', { weight: 'Bolder', spacing: 'Medium' }),
    facts([
      {
        label: 'Obligations',
        value: `${obligations.total}: ${obligations.onTime} on time, ${obligations.late} late, ${obligations.notFulfilled} not fulfilled, ${obligations.waived} waived, ${obligations.open} open`,
      },
      { label: 'On time', value: percent(obligations.onTimePercent) },
      { label: 'Escalations', value: String(view.escalations) },
      ...view.value.totals.map((total) => ({
        label: `Value ${total.kind}`,
        value: `${money(total.realized, total.currency)} of ${money(total.planned, total.currency)} (${ratio(total.ratio)})`,
      })),
    ]),
    paragraph(
      [
        literal(
          `Next: "steward lesson ${view.contractRef} …" records a lesson learned; "steward close ${view.contractRef} closed|renewed [YYYY-MM-DD] note…" ends the closeout.`,
          { isSubtle: true },
        ),
      ],
      'Medium',
    ),
  );
  return adaptiveCard(body);
}

/** Lessons from earlier contracts with the same vendor or category, shown when a contract is created. */
export function lessonsBlock(lessons: readonly LessonView[]): CardElement[] {
  if (lessons.length === 0) return [];
  return [
    text(`💡 Lessons learned from earlier contracts (${lessons.length})`, { weight: 'Bolder', spacing: 'Medium' }),
    ...lessons.flatMap((lesson) => [
      paragraph([literal(lesson.text)], 'Small'),
      paragraph(
        [
          literal(
            `${lesson.contractRef} · ${lesson.vendorName}${lesson.category ? ` · ${lesson.category}` : ''} · ${personName(lesson.author)}, ${formatInstant(lesson.createdAt)}`,
            { isSubtle: true },
          ),
        ],
        'None',
      ),
    ]),
  ];
}
