import { itemNeighbours, pagedSuffix, pageItems } from '../../chat/item-paging';
import { kpiSummary, triggerLabel } from '../../chat/labels';
import { describeListFilter, encodeListPage, LIST_ORDER, neighbourPages, pageRange } from '../../chat/list-paging';
import type { Kpi } from '../../domain/types';
import type {
  ContractFilter,
  ContractPage,
  ContractSummary,
  EscalationSummary,
  HomeView,
  ObligationView,
  RiskView,
} from '../../services/service-api';
import { actionExecute, commandButton, pagingButtons } from './action-buttons';
import { CARD_ACTIONS } from './action-ids';
import {
  type AdaptiveCard,
  actionSet,
  adaptiveCard,
  type CardElement,
  execute,
  formatInstant,
  literal,
  paragraph,
  personName,
  ragBadge,
  ragColor,
  text,
  trendLabel,
} from './adaptive-card';
import { ratingBadge } from './risk-cards';

/**
 * One page of `steward list`: which part of how many ("21–40 of 250"), the contracts, and Previous and Next
 * buttons that keep the filter and refresh this card.
 */
export function contractListCard(page: ContractPage, filter: ContractFilter, title = 'Contracts'): AdaptiveCard {
  // The title may name a person (the owner asked for), so it is shown literally.
  const filters = describeListFilter(filter).join(' · ');
  const body: CardElement[] = [
    paragraph([
      literal(`📁 ${title} (${pageRange(page)})${page.total > 0 ? ` · ${LIST_ORDER}` : ''}`, {
        weight: 'Bolder',
        size: 'Medium',
      }),
    ]),
  ];
  if (filters) body.push(paragraph([literal(`Matching ${filters}`, { isSubtle: true, size: 'Small' })], 'None'));
  if (page.total === 0) {
    body.push(paragraph([literal(filters ? `No contract matches ${filters}.` : 'There are no contracts yet.')]));
  } else
    body.push(text('Red, amber, green, then the soonest end.', { isSubtle: true, spacing: 'None', size: 'Small' }));
  body.push(...page.contracts.map(contractRow));
  const { previous, next } = neighbourPages(page);
  const paging = [
    ...(previous !== undefined
      ? [actionExecute('previousPage', { page: encodeListPage({ filter, offset: previous, title }) })]
      : []),
    ...(next !== undefined
      ? [actionExecute('nextPage', { page: encodeListPage({ filter, offset: next, title }) })]
      : []),
  ];
  if (paging.length > 0) body.push(actionSet(paging));
  return adaptiveCard(body);
}

function contractRow(contract: ContractSummary): CardElement {
  return {
    type: 'Container',
    separator: true,
    spacing: 'Small',
    items: [
      paragraph([
        literal(`${contract.reference} · ${contract.title}`, { weight: 'Bolder' }),
        literal(`  ${ragBadge(contract.overallRag)}`, { color: ragColor(contract.overallRag) }),
      ]),
      paragraph(
        [
          literal(
            `${contract.vendorName} · ${contract.status} · ends ${contract.endDate} · owner ${contract.owner.map(personName).join(', ') || 'none'}${contract.red ? ` · ${contract.red} red` : ''}${contract.amber ? ` · ${contract.amber} amber` : ''} · ${trendLabel(contract.trend)}`,
            { isSubtle: true },
          ),
        ],
        'None',
      ),
      // Straight to what a manager opens next about this contract, in place of the list.
      actionSet([
        commandButton('Scorecard', 'scorecard', contract.reference),
        commandButton('Charts', 'charts', contract.reference),
      ]),
    ],
  };
}

export function escalationListCard(
  escalations: EscalationSummary[],
  reference?: string,
  view: { timeZone?: string } = {},
  offset = 0,
): AdaptiveCard {
  const when = (at: Date) => formatInstant(at, view.timeZone);
  const page = pageItems(escalations, 'escalations', offset);
  const body: CardElement[] = [
    text(`🚨 Open escalations${reference ? '' : ' you can see'} (${escalations.length})${pagedSuffix(page)}`, {
      weight: 'Bolder',
      size: 'Medium',
    }),
  ];
  if (reference) body.push(paragraph([literal(reference, { isSubtle: true })], 'None'));
  if (escalations.length === 0) body.push(text('Nothing is escalated. 🎉', { isSubtle: true }));
  for (const escalation of page.items) {
    body.push({
      type: 'Container',
      separator: true,
      spacing: 'Small',
      items: [
        paragraph([
          literal(`${escalation.contractRef} · ${escalation.contractTitle}`, { weight: 'Bolder' }),
          literal(`  level ${escalation.level} · ${escalation.status}`),
        ]),
        paragraph(
          [
            literal(
              `${triggerLabel(escalation.trigger)}${escalationKpi(escalation)} · opened ${when(escalation.openedAt)}${
                escalation.ackDueAt ? ` · acknowledge by ${when(escalation.ackDueAt)}` : ''
              }`,
              { isSubtle: true },
            ),
          ],
          'None',
        ),
        actionSet([
          ...(escalation.status === 'open'
            ? [actionExecute('acknowledgeEscalation', { escalationId: escalation.id })]
            : []),
          commandButton('Scorecard', 'scorecard', escalation.contractRef),
        ]),
      ],
    });
  }
  const paging = pagingButtons(itemNeighbours(page, { list: 'escalations', ...(reference ? { reference } : {}) }));
  if (paging.length > 0) body.push(actionSet(paging));
  return adaptiveCard(body);
}

export function kpiListCard(reference: string, kpis: Kpi[]): AdaptiveCard {
  const body: CardElement[] = [
    paragraph([literal(`📏 KPIs of ${reference} (${kpis.length})`, { weight: 'Bolder', size: 'Medium' })]),
  ];
  if (kpis.length === 0) body.push(text('No KPIs yet.', { isSubtle: true }));
  for (const kpi of kpis) {
    body.push({
      type: 'Container',
      separator: true,
      spacing: 'Small',
      items: [
        paragraph([literal(`${kpi.name} (${kpi.key}, v${kpi.version})`, { weight: 'Bolder' })]),
        paragraph([literal(kpiSummary(kpi), { isSubtle: true })], 'None'),
      ],
    });
  }
  return adaptiveCard(body);
}

/** What the home card adds from the contracts the person owns: obligations due soon and risks to review. */
export interface HomeFollowUps {
  obligations: ObligationView[];
  risks: RiskView[];
  /** How far ahead "soon" looks, in days, for the section titles. */
  horizonDays: number;
}

/** The most lines one follow-up list shows; "and N more" says the rest. */
const FOLLOW_UPS_SHOWN = 10;

export function homeCard(home: HomeView, followUps?: HomeFollowUps, view: { timeZone?: string } = {}): AdaptiveCard {
  const when = (at: Date) => formatInstant(at, view.timeZone);
  const body: CardElement[] = [
    paragraph([
      literal(`🏠 ${personName(home.person)}, here is where things stand`, { weight: 'Bolder', size: 'Medium' }),
    ]),
  ];
  if (home.unreachable.length > 0) {
    body.push(text(`⚠️ Steward can't reach (${home.unreachable.length})`, { weight: 'Bolder', spacing: 'Medium' }));
    for (const item of home.unreachable) {
      body.push(
        paragraph([
          literal(
            `${item.contractRef}: ${item.what} on ${item.surface === 'slack' ? 'Slack' : 'Teams'}, ${item.reason}. Update the roles with "steward roles ${item.contractRef}"; Steward looks again at ${when(item.nextCheckAt)}.`,
          ),
        ]),
      );
    }
  }
  const checkinsTotal = home.totals?.pendingCheckins ?? home.pendingCheckins.length;
  body.push(text(`Check-ins waiting for you (${checkinsTotal})`, { weight: 'Bolder', spacing: 'Medium' }));
  if (checkinsTotal === 0) body.push(text('None. 🎉', { isSubtle: true }));
  for (const item of home.pendingCheckins.slice(0, FOLLOW_UPS_SHOWN)) {
    // Each waiting check-in opens here, as its card, to be answered without looking for the message.
    body.push({
      type: 'ColumnSet',
      columns: [
        {
          type: 'Column',
          width: 'stretch',
          items: [
            paragraph([
              literal(`${item.contractRef} · ${item.kpi.name} · ${item.periodLabel} · due ${when(item.dueAt)}`),
            ]),
          ],
        },
        {
          type: 'Column',
          width: 'auto',
          items: [
            actionSet([
              execute(
                'Answer',
                { action: CARD_ACTIONS.homeOpenCheckin, checkinId: item.checkinId, dueAt: item.dueAt.toISOString() },
                'positive',
                { associatedInputs: 'none' },
              ),
            ]),
          ],
        },
      ],
    });
  }
  const checkinsShown = Math.min(home.pendingCheckins.length, FOLLOW_UPS_SHOWN);
  if (checkinsTotal > checkinsShown) {
    body.push(text(`…and ${checkinsTotal - checkinsShown} more.`, { isSubtle: true }));
  }
  const owned = home.owned;
  const ownedTotal = owned?.total ?? home.ownedContracts.length;
  const needs = [
    ...(owned?.red ? [`🔴 ${owned.red} red`] : []),
    ...(owned?.amber ? [`🟠 ${owned.amber} amber`] : []),
    ...(owned?.endingSoon ? [`${owned.endingSoon} ending within ${owned.endingWithinDays} days`] : []),
  ];
  body.push(
    text(`Your contracts (${ownedTotal})${needs.length > 0 ? ` · ${needs.join(' · ')}` : ''}`, {
      weight: 'Bolder',
      spacing: 'Medium',
    }),
  );
  if (ownedTotal > home.ownedContracts.length) {
    // The rest is a command away, counted where the data lives (a manager may own hundreds).
    body.push(
      text(
        `Worst first: ${home.ownedContracts.length} of ${ownedTotal} shown. "steward list owner:me" pages through them all${owned?.red ? ', "steward list owner:me rag:red" the red ones' : ''}${owned?.endingSoon ? `, "steward list owner:me ending:${owned.endingWithinDays}" those ending soon` : ''}.`,
        { isSubtle: true, size: 'Small' },
      ),
    );
  }
  for (const contract of home.ownedContracts) {
    body.push(
      paragraph([
        literal(`${contract.reference} · ${contract.title} `),
        literal(ragBadge(contract.overallRag), { color: ragColor(contract.overallRag) }),
      ]),
    );
  }
  const escalationsTotal = home.totals?.openEscalations ?? home.openEscalations.length;
  body.push(text(`Open escalations (${escalationsTotal})`, { weight: 'Bolder', spacing: 'Medium' }));
  if (escalationsTotal > home.openEscalations.length) {
    body.push(
      text(
        `${home.openEscalations.length} of ${escalationsTotal} shown. "steward escalations" pages through them all.`,
        { isSubtle: true, size: 'Small' },
      ),
    );
  }
  for (const escalation of home.openEscalations) {
    body.push(
      paragraph([
        literal(
          `${escalation.contractRef} · level ${escalation.level} · ${triggerLabel(escalation.trigger)}${escalationKpi(escalation)}`,
        ),
      ]),
    );
  }
  if (followUps) body.push(...followUpSections(followUps));
  body.push(
    text('Scores are given on the check-in cards Steward posts; type "steward help" for commands.', { isSubtle: true }),
  );
  return adaptiveCard(body);
}

function followUpSections({ obligations, risks, horizonDays }: HomeFollowUps): CardElement[] {
  const body: CardElement[] = [
    text(`Obligations due soon (${obligations.length})`, { weight: 'Bolder', spacing: 'Medium' }),
  ];
  if (obligations.length === 0) {
    body.push(
      text(`Nothing owed on your contracts in the next ${horizonDays} days, and nothing overdue.`, { isSubtle: true }),
    );
  }
  for (const obligation of obligations.slice(0, FOLLOW_UPS_SHOWN)) {
    body.push(
      paragraph([
        literal(`${obligation.contractRef} · ${obligation.title} · `),
        literal(obligation.overdue ? `⚠️ overdue since ${obligation.dueDate}` : `due ${obligation.dueDate}`, {
          color: obligation.overdue ? 'Attention' : 'Default',
        }),
        literal(` · ${personName(obligation.owner)}`, { isSubtle: true }),
      ]),
    );
  }
  if (obligations.length > FOLLOW_UPS_SHOWN) {
    body.push(text(`…and ${obligations.length - FOLLOW_UPS_SHOWN} more.`, { isSubtle: true }));
  }
  body.push(text(`Risks to review (${risks.length})`, { weight: 'Bolder', spacing: 'Medium' }));
  if (risks.length === 0) {
    body.push(text(`No risk on your contracts is due for review in the next ${horizonDays} days.`, { isSubtle: true }));
  }
  for (const risk of risks.slice(0, FOLLOW_UPS_SHOWN)) {
    body.push(
      paragraph([
        literal(`${risk.contractRef} · ${risk.title} · `),
        literal(`${ratingBadge(risk.rating)} ${risk.score}`, { weight: 'Bolder' }),
        literal(` · review ${risk.reviewDate}`, { isSubtle: true }),
      ]),
    );
  }
  if (risks.length > FOLLOW_UPS_SHOWN)
    body.push(text(`…and ${risks.length - FOLLOW_UPS_SHOWN} more.`, { isSubtle: true }));
  body.push(
    text('"steward obligations REF" and "steward risks REF" show them with their buttons.', { isSubtle: true }),
  );
  return body;
}

/** " · Network availability" for an escalation about a KPI. */
function escalationKpi(escalation: EscalationSummary): string {
  const kpi = escalation.kpiName ?? escalation.kpiKey;
  return kpi ? ` · ${kpi}` : '';
}
