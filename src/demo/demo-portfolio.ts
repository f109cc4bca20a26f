import { evaluate } from '../domain/evaluation';
import type { Person } from '../domain/types';
import type { Services } from '../services';
import type { Actor } from '../services/service-api';
import type { Store } from '../store';

export interface DemoChat {
  /** The playground's personal chat with the bot, where the demo's prompts and escalations go. */
  conversationId: string;
  serviceUrl: string;
  user: Person;
}

export const DEMO_REFERENCES = ['DEMO-2026-001', 'DEMO-2026-002'] as const;

/**
 * A small portfolio for a newcomer's first minute: two contracts owned by the playground's user, their
 * KPIs answered by that user, linked to the personal chat. Seeded only into an empty database.
 */
export async function seedDemoPortfolio(store: Store, services: Services, chat: DemoChat): Promise<boolean> {
  if ((await store.contracts.count()) > 0) return false;
  const actor: Actor = { person: chat.user, surface: 'teams', external: false };
  const now = services.deps.clock();
  const year = now.getUTCFullYear();
  const contracts = [
    {
      reference: DEMO_REFERENCES[0],
      title: 'Managed network services',
      vendorName: 'Acme Networks',
      category: 'IT services',
      value: 1_200_000,
      kpis: [
        kpi('availability', 'Network availability', '%', 'percent', 'higher-is-better', 98, 99.9, 99.5, 99),
        kpi('incident-response', 'Priority-1 response time', 'min', 'duration', 'lower-is-better', 45, 15, 20, 30),
      ],
      // Six months before last month, oldest first: availability slipping towards its breach line.
      history: {
        availability: [99.96, 99.93, 99.81, 99.62, 99.48, 99.41],
        'incident-response': [14, 12, 18, 16, 22, 19],
      },
    },
    {
      reference: DEMO_REFERENCES[1],
      title: 'Facilities management',
      vendorName: 'Globex Facilities',
      category: 'Facilities',
      value: 480_000,
      kpis: [
        kpi('satisfaction', 'Occupant satisfaction', '', 'rating', 'higher-is-better', 3, 4.5, 4, 3),
        kpi('tickets-closed', 'Tickets closed on time', '%', 'percent', 'higher-is-better', 85, 95, 92, 88),
      ],
      history: {
        satisfaction: [5, 5, 4, 4, 4, 3],
        'tickets-closed': [96, 95, 93, 94, 91, 92],
      },
    },
  ];
  for (const demo of contracts) {
    await services.contracts.create(actor, {
      reference: demo.reference,
      title: demo.title,
      vendorName: demo.vendorName,
      category: demo.category,
      value: demo.value,
      currency: 'EUR',
      startDate: `${year - 1}-01-01`,
      endDate: `${year + 2}-12-31`,
      timezone: services.deps.settings.defaultTimezone,
      status: 'active',
    });
    await store.contracts.update(demo.reference, {
      channels: [
        { surface: 'teams', channelId: chat.conversationId, serviceUrl: chat.serviceUrl, purpose: 'internal' },
      ],
      escalationPath: [{ level: 1, role: 'owner', people: [], ackWithinHours: 24 }],
    });
    for (const definition of demo.kpis) await services.contracts.upsertKpi(actor, demo.reference, definition);
    await seedHistory(store, demo.reference, demo.kpis, demo.history, chat.user, now);
  }
  await seedRegister(services, actor, chat.user, now);
  // No prompt is sent here, and the scheduler sends none of last month's either (nor last month's value
  // check-in): the playground shows only what arrives while its page is open, so a prompt posted at start
  // would be lost, then missed and escalated before anyone looked. The newcomer asks for the check-in (`steward checkin DEMO-2026-001`) when the chat is
  // on screen, which creates it due now, answerable for the whole grace period; the scheduler takes the demo
  // over from next month's check-ins on.
  const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  for (const job of ['checkins', 'value'] as const) {
    const current = await Promise.all(DEMO_REFERENCES.map((reference) => store.contracts.require(reference)));
    await store.contracts.setNextDueMany(
      job,
      current.map((contract) => ({ contract, at: nextMonth })),
    );
  }
  return true;
}

/**
 * One obligation and one risk, so the obligation list and the risk register show what they are for (and their
 * buttons) in the first minute instead of "None yet".
 */
async function seedRegister(services: Services, actor: Actor, owner: Person, now: Date): Promise<void> {
  const inDays = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
  await services.obligations.create(actor, DEMO_REFERENCES[0], {
    kind: 'report',
    title: 'Quarterly service report',
    description: 'Availability, incidents and changes of the quarter, signed by the vendor.',
    owner,
    dueDate: inDays(14),
    recurrence: 'quarterly',
  });
  await services.risks.create(actor, DEMO_REFERENCES[0], {
    title: 'Single data centre for the core network',
    description: 'A site outage would take the whole network down until failover is built.',
    likelihood: 2,
    impact: 5,
    mitigation: 'Second site in the 2027 roadmap; quarterly failover drill.',
    owner,
    reviewDate: inDays(30),
  });
}

/**
 * Scores for the six months before last month, so scorecards, trends and charts have something to show in the
 * first minute. Last month stays open: it is the check-in the newcomer answers.
 */
async function seedHistory(
  store: Store,
  reference: string,
  kpis: ReturnType<typeof kpi>[],
  history: Readonly<Record<string, readonly number[] | undefined>>,
  answeredBy: Person,
  now: Date,
): Promise<void> {
  for (const definition of kpis) {
    const values = history[definition.key] ?? [];
    const stored = await store.kpis.get(reference, definition.key);
    if (!stored) continue;
    for (const [index, value] of values.entries()) {
      const monthsBack = values.length + 1 - index;
      const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsBack, 1));
      const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
      await store.scores.record({
        contractRef: reference,
        kpiKey: definition.key,
        periodKey: start.toISOString().slice(0, 7),
        periodStart: start,
        periodEnd: end,
        value,
        rag: evaluate(value, stored),
        kpiVersion: stored.version,
        answeredBy,
        surface: 'teams',
        answeredAt: new Date(end.getTime() + 2 * 86_400_000),
      });
    }
  }
}

function kpi(
  key: string,
  name: string,
  unit: string,
  kind: 'percent' | 'duration' | 'rating',
  direction: 'higher-is-better' | 'lower-is-better',
  baseline: number,
  target: number,
  warningThreshold: number,
  breachThreshold: number,
) {
  return {
    key,
    name,
    unit,
    kind,
    direction,
    baseline,
    target,
    warningThreshold,
    breachThreshold,
    weight: 1,
    cadence: { type: 'monthly' },
    respondent: 'owner',
    evidenceRequired: false,
    vendorVisible: true,
  };
}
