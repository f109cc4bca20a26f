import { closeoutBasis } from '../../chat/labels';
import type { Contract } from '../../domain/types';
import type { FinalEvaluationView, LessonView } from '../../services/service-api';
import { context, header, type KnownBlock, MESSAGE_BLOCK_LIMIT, section } from './kit';
import { money, percent } from './money';
import { escapeMrkdwn, mention, ragBadge } from './mrkdwn';

const RECOMMENDATION: Record<FinalEvaluationView['recommendation'], string> = {
  renew: ':white_check_mark: renew',
  'renew-with-conditions': ':large_orange_circle: renew with conditions',
  'do-not-renew': ':x: do not renew',
};

/** `/steward closeout REF`: the term's evaluation, KPI by KPI, with obligations, escalations and value. */
export function finalEvaluationMessage(view: FinalEvaluationView): { text: string; blocks: KnownBlock[] } {
  const ref = escapeMrkdwn(view.contractRef);
  const score =
    view.termScore === null || view.termRag === null
      ? 'Nothing was scored over the term.'
      : `Term score ${ragBadge(view.termRag)} *${Math.round(view.termScore)}* of 100.`;
  const blocks: KnownBlock[] = [
    header(`Final evaluation — ${view.contractRef}`),
    section(
      `*${escapeMrkdwn(view.contractTitle)}*, ${escapeMrkdwn(view.startDate)} to ${escapeMrkdwn(view.endDate)}\n${score} Recommendation: *${RECOMMENDATION[view.recommendation]}*\n_${escapeMrkdwn(closeoutBasis(view))}_`,
    ),
  ];
  if (view.reasons.length > 0)
    blocks.push(section(view.reasons.map((reason) => `• ${escapeMrkdwn(reason)}`).join('\n')));
  const kpis = view.kpis.map((kpi) => {
    const attainment =
      kpi.averageAttainment === null
        ? 'not scored'
        : `${percent(kpi.averageAttainment)} of the way from baseline to target`;
    return `• *${escapeMrkdwn(kpi.name)}*: ${attainment} over ${kpi.scoredPeriods} period${kpi.scoredPeriods === 1 ? '' : 's'} (green ${Math.round(kpi.percentOfPeriods.green)}%, amber ${Math.round(kpi.percentOfPeriods.amber)}%, red ${Math.round(kpi.percentOfPeriods.red)}%)`;
  });
  if (kpis.length > 0) blocks.push(section(`*KPIs*\n${kpis.join('\n')}`));
  const o = view.obligations;
  const facts = [
    o.total > 0
      ? `Obligations: ${o.onTime} on time, ${o.late} late, ${o.notFulfilled} not fulfilled, ${o.waived} waived, ${o.open} open.`
      : 'No obligations were tracked.',
    `Escalations over the term: ${view.escalations}.`,
    ...view.value.totals.map(
      (total) =>
        `Value, ${escapeMrkdwn(total.kind)}: ${money({ amount: total.realized, currency: total.currency })} realized of ${money({ amount: total.planned, currency: total.currency })} planned (${percent(total.ratio)}).`,
    ),
  ];
  blocks.push(section(facts.join('\n')));
  blocks.push(
    context(
      `Record what the team learnt with \`/steward lesson ${ref} …\`; close it out with \`/steward close ${ref} closed|renewed [YYYY-MM-DD] note\`.`,
    ),
  );
  return { text: `Final evaluation of ${ref}`, blocks: blocks.slice(0, MESSAGE_BLOCK_LIMIT) };
}

export function lessonRecorded(lesson: LessonView): string {
  return `:bulb: Lesson recorded for *${escapeMrkdwn(lesson.contractRef)}* (${escapeMrkdwn(lesson.vendorName)}${lesson.category ? `, ${escapeMrkdwn(lesson.category)}` : ''}). It is shown when the next contract with them is set up.`;
}

export function contractClosed(
  contract: Pick<Contract, 'reference' | 'status' | 'endDate'>,
  outcome: 'closed' | 'renewed',
): string {
  const ref = escapeMrkdwn(contract.reference);
  return outcome === 'closed'
    ? `:checkered_flag: *${ref}* is closed out (status *${escapeMrkdwn(contract.status)}*).`
    : `:repeat: *${ref}* is renewed until *${escapeMrkdwn(contract.endDate)}*; it stays *${escapeMrkdwn(contract.status)}* and its closeout steps start again for the new end date.`;
}

/** Lessons from earlier contracts, for the confirmation of a new one (quoted: people wrote them). */
export function lessonsText(lessons: LessonView[]): string {
  if (lessons.length === 0) return '';
  const lines = lessons.map(
    (lesson) =>
      `> ${escapeMrkdwn(lesson.text).replace(/\n/g, '\n> ')}\n> — ${mention(lesson.author)}, *${escapeMrkdwn(lesson.contractRef)}* (${escapeMrkdwn(lesson.vendorName)})`,
  );
  return `\n:bulb: *Lessons from earlier contracts with this vendor or category:*\n${lines.join('\n')}`;
}
