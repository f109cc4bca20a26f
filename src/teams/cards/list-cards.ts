import { formatValue } from '../../domain/format';
import type { Kpi } from '../../domain/types';
import type { ContractSummary, EscalationSummary, HomeView } from '../../services/service-api';
import {
  type AdaptiveCard,
  adaptiveCard,
  type CardElement,
  formatInstant,
  literal,
  paragraph,
  personName,
  ragBadge,
  ragColor,
  text,
  trendLabel,
} from './adaptive-card';

export function contractListCard(contracts: ContractSummary[], title = 'Contracts'): AdaptiveCard {
  // The title may name a person (the owner asked for), so it is shown literally.
  const body: CardElement[] = [
    paragraph([literal(`📁 ${title} (${contracts.length})`, { weight: 'Bolder', size: 'Medium' })]),
  ];
  if (contracts.length === 0) body.push(text('No contracts match.', { isSubtle: true }));
  body.push(...contracts.map(contractRow));
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
            `${contract.vendorName} · ${contract.status} · ends ${contract.endDate} · owner ${contract.owner.map(personName).join(', ') || 'none'} · ${trendLabel(contract.trend)}`,
            { isSubtle: true },
          ),
        ],
        'None',
      ),
    ],
  };
}

export function escalationListCard(escalations: EscalationSummary[], reference?: string): AdaptiveCard {
  const body: CardElement[] = [
    text(`🚨 Open escalations${reference ? '' : ' you can see'} (${escalations.length})`, {
      weight: 'Bolder',
      size: 'Medium',
    }),
  ];
  if (reference) body.push(paragraph([literal(reference, { isSubtle: true })], 'None'));
  if (escalations.length === 0) body.push(text('Nothing is escalated. 🎉', { isSubtle: true }));
  for (const escalation of escalations) {
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
              `${escalation.trigger}${escalation.kpiKey ? ` · ${escalation.kpiKey}` : ''} · opened ${formatInstant(escalation.openedAt)}${
                escalation.ackDueAt ? ` · acknowledge by ${formatInstant(escalation.ackDueAt)}` : ''
              }`,
              { isSubtle: true },
            ),
          ],
          'None',
        ),
      ],
    });
  }
  return adaptiveCard(body);
}

export function kpiListCard(reference: string, kpis: Kpi[]): AdaptiveCard {
  const body: CardElement[] = [
    paragraph([literal(`📏 KPIs of ${reference} (${kpis.length})`, { weight: 'Bolder', size: 'Medium' })]),
  ];
  if (kpis.length === 0) body.push(text('No KPIs yet.', { isSubtle: true }));
  for (const kpi of kpis) {
    const show = (value: number) => formatValue(value, kpi.kind, kpi.unit);
    body.push({
      type: 'Container',
      separator: true,
      spacing: 'Small',
      items: [
        paragraph([literal(`${kpi.name} (${kpi.key}, v${kpi.version})`, { weight: 'Bolder' })]),
        paragraph(
          [
            literal(
              `target ${show(kpi.target)} · baseline ${show(kpi.baseline)} · ${kpi.direction} · ${kpi.cadence.type} · answered by ${kpi.respondent}${
                kpi.vendorVisible ? '' : ' · internal only'
              }`,
              { isSubtle: true },
            ),
          ],
          'None',
        ),
      ],
    });
  }
  return adaptiveCard(body);
}

export function homeCard(home: HomeView): AdaptiveCard {
  const body: CardElement[] = [
    paragraph([
      literal(`🏠 ${personName(home.person)}, here is where things stand`, { weight: 'Bolder', size: 'Medium' }),
    ]),
    text(`Check-ins waiting for you (${home.pendingCheckins.length})`, { weight: 'Bolder', spacing: 'Medium' }),
  ];
  if (home.pendingCheckins.length === 0) body.push(text('None. 🎉', { isSubtle: true }));
  for (const item of home.pendingCheckins) {
    body.push(
      paragraph([
        literal(`${item.contractRef} · ${item.kpi.name} · ${item.periodLabel} · due ${formatInstant(item.dueAt)}`),
      ]),
    );
  }
  body.push(text(`Your contracts (${home.ownedContracts.length})`, { weight: 'Bolder', spacing: 'Medium' }));
  for (const contract of home.ownedContracts) {
    body.push(
      paragraph([
        literal(`${contract.reference} · ${contract.title} `),
        literal(ragBadge(contract.overallRag), { color: ragColor(contract.overallRag) }),
      ]),
    );
  }
  body.push(text(`Open escalations (${home.openEscalations.length})`, { weight: 'Bolder', spacing: 'Medium' }));
  for (const escalation of home.openEscalations) {
    body.push(paragraph([literal(`${escalation.contractRef} · level ${escalation.level} · ${escalation.trigger}`)]));
  }
  body.push(
    text('Scores are given on the check-in cards Steward posts; type "steward help" for commands.', { isSubtle: true }),
  );
  return adaptiveCard(body);
}
