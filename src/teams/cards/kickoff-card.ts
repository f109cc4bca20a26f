import type { KickoffView } from '../../services/service-api';
import { actionExecute } from './action-buttons';
import {
  type AdaptiveCard,
  actionSet,
  adaptiveCard,
  type CardElement,
  facts,
  formatInstant,
  literal,
  paragraph,
  personName,
  text,
} from './adaptive-card';
import { notice, peopleNames } from './card-text';

/** More would outgrow a card; the KPI list says how many are left out. */
const MAX_KPI_LINES = 20;

/**
 * `steward kickoff REF`: who is who, what is measured and how, and whether the vendor acknowledged it.
 * The vendor view (a vendor, or a place shared with one) shows the owners, the vendor's contacts and the
 * vendor-visible KPIs, and the Acknowledge button while the kickoff is not acknowledged.
 */
export function kickoffCard(view: KickoffView, options: { notice?: string } = {}): AdaptiveCard {
  const body: CardElement[] = [
    ...notice(options.notice),
    paragraph([
      literal(`🚀 Kickoff of ${view.contractRef} · ${view.contractTitle}`, { weight: 'Bolder', size: 'Medium' }),
    ]),
    paragraph([literal(`${view.vendorName} · ${view.startDate} to ${view.endDate}`, { isSubtle: true })], 'None'),
    text(view.vendorView ? '1. Who is who' : '1. Roles', { weight: 'Bolder', spacing: 'Medium' }),
    facts([
      ...view.roles.map((role) => ({ label: capitalize(role.role), value: peopleNames(role.people) })),
      { label: view.vendorView ? 'Your contacts' : 'Vendor contacts', value: peopleNames(view.vendorContacts) },
    ]),
  ];
  if (view.escalationPath.length > 0) {
    body.push(
      paragraph(
        [
          literal('Escalation path: ', { weight: 'Bolder' }),
          literal(
            view.escalationPath
              .map((level) => {
                const who = [level.role, ...level.people.map(personName)].filter(Boolean).join(', ') || 'nobody yet';
                return `${level.level}. ${who} (${level.ackWithinHours} h)`;
              })
              .join(' → '),
          ),
        ],
        'Small',
      ),
    );
  }
  body.push(
    text(
      view.vendorView
        ? `2. The KPIs you are measured on (${view.kpis.length})`
        : `2. KPIs and thresholds (${view.kpis.length})`,
      { weight: 'Bolder', spacing: 'Medium' },
    ),
  );
  if (view.kpis.length === 0) body.push(text('None yet.', { isSubtle: true }));
  for (const kpi of view.kpis.slice(0, MAX_KPI_LINES)) {
    const who =
      kpi.respondent === 'vendor' ? (view.vendorView ? 'you answer' : 'the vendor answers') : 'the owner answers';
    body.push(
      paragraph([literal(`${kpi.name} (${kpi.key})`, { weight: 'Bolder' })], 'Small'),
      paragraph(
        [
          literal(`target ${kpi.target} · amber at ${kpi.warning} · red at ${kpi.breach} · ${kpi.cadence} · ${who}`, {
            isSubtle: true,
          }),
        ],
        'None',
      ),
    );
  }
  if (view.kpis.length > MAX_KPI_LINES) {
    body.push(text(`…and ${view.kpis.length - MAX_KPI_LINES} more.`, { isSubtle: true }));
  }
  body.push(text('3. Acknowledgment', { weight: 'Bolder', spacing: 'Medium' }));
  if (view.acknowledged) {
    body.push(
      paragraph([
        literal(
          `✅ Acknowledged by ${personName(view.acknowledged.by)} for ${view.vendorName} on ${formatInstant(view.acknowledged.at)}.`,
        ),
      ]),
    );
    return adaptiveCard(body);
  }
  if (!view.vendorView) {
    body.push(paragraph([literal(`⏳ Waiting for ${view.vendorName} to acknowledge the kickoff.`)]));
    return adaptiveCard(body);
  }
  body.push(
    text('Please check the roles and KPIs above, then acknowledge the kickoff.'),
    actionSet([actionExecute('acknowledgeKickoff', { reference: view.contractRef })]),
  );
  return adaptiveCard(body);
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
