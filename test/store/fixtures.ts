import type { Connection } from 'mongoose';
import { fixedClock } from '../../src/domain/clock';
import type { Contract, KpiDefinition, Person } from '../../src/domain/types';
import { createStore, type NewCheckin, type Store } from '../../src/store';

export const owner: Person = { name: 'Olivia Owner', slackUserId: 'U0OWNER', slackTeamId: 'T0BUYER' };
export const vendorContact: Person = { name: 'Victor Vendor', slackUserId: 'U0VENDOR', slackTeamId: 'T0VENDOR' };
export const teamsManager: Person = { name: 'Tess Teams', teamsUserId: '6f1c1c7e-2f7e-4f55-9d0e-3c1f1b8e2a11' };

/** A fresh store on the file's database, with a clock the test can move. */
export async function storeFor(connection: Connection, start = '2026-03-02T08:00:00Z') {
  const clock = fixedClock(start);
  const store = createStore(connection, clock);
  await store.ensureIndexes();
  return { store, clock };
}

export function contractFixture(reference: string, overrides: Partial<Contract> = {}): Contract {
  return {
    reference,
    title: 'Managed network services',
    category: 'IT services',
    vendor: { name: 'Acme Networks GmbH', contacts: [vendorContact] },
    value: { amount: 1_200_000, currency: 'EUR' },
    startDate: '2026-01-01',
    endDate: '2028-12-31',
    status: 'active',
    timezone: 'Europe/Berlin',
    governance: { owner: [owner], finance: [teamsManager] },
    escalationPath: [
      { level: 1, role: 'owner', people: [], ackWithinHours: 24 },
      { level: 2, people: [teamsManager], ackWithinHours: 48 },
    ],
    channels: [{ surface: 'slack', channelId: 'C0INTERNAL', purpose: 'internal' }],
    holidays: { buyer: ['2026-12-25'], vendor: [] },
    ...overrides,
  };
}

export function kpiFixture(overrides: Partial<KpiDefinition> = {}): KpiDefinition {
  return {
    name: 'Availability',
    unit: '%',
    kind: 'percent',
    direction: 'higher-is-better',
    baseline: 98,
    target: 99.5,
    warningThreshold: 99,
    breachThreshold: 98,
    weight: 50,
    cadence: { type: 'monthly' },
    respondent: 'vendor',
    evidenceRequired: false,
    vendorVisible: true,
    ...overrides,
  };
}

export function checkinFixture(contractRef: string, overrides: Partial<NewCheckin> = {}): NewCheckin {
  return {
    contractRef,
    kpiKey: 'availability',
    kpiVersion: 1,
    periodKey: '2026-02',
    periodStart: new Date('2026-01-31T23:00:00Z'),
    periodEnd: new Date('2026-02-28T23:00:00Z'),
    dueAt: new Date('2026-03-02T08:00:00Z'),
    graceEndsAt: new Date('2026-03-05T08:00:00Z'),
    respondent: { role: 'vendor', people: [vendorContact] },
    ...overrides,
  };
}

export async function contractWithKpi(store: Store, reference: string) {
  return store.contracts.create(contractFixture(reference), [{ key: 'availability', definition: kpiFixture() }], {
    by: owner,
  });
}
