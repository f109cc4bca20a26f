import type { Connection } from 'mongoose';
import { ChatSurfaces } from '../../src/chat/chat-surface';
import { fixedClock } from '../../src/domain/clock';
import { createLogger } from '../../src/logger';
import { createServices, DEFAULT_SERVICE_SETTINGS } from '../../src/services';
import type { Actor } from '../../src/services/service-api';
import { createStore } from '../../src/store';
import { RecordingSurface } from './recording-surface';

export const owner: Actor = {
  person: { name: 'Olivia', slackUserId: 'U0OWNER', slackTeamId: 'T0BUYER' },
  surface: 'slack',
  external: false,
};
export const vendor: Actor = {
  person: { name: 'Victor', slackUserId: 'U0VENDOR', slackTeamId: 'T0VENDOR' },
  surface: 'slack',
  external: true,
};
export const director: Actor = {
  person: { name: 'Dana', slackUserId: 'U0DIRECTOR', slackTeamId: 'T0BUYER' },
  surface: 'slack',
  external: false,
};
export const bystander: Actor = {
  person: { name: 'Bo', slackUserId: 'U0BYSTANDER', slackTeamId: 'T0BUYER' },
  surface: 'slack',
  external: false,
};

/** A contract with one vendor-answered KPI, an internal and a vendor channel, on services with a movable clock. */
export async function setupServices(connection: Connection, reference: string, start = '2026-03-02T08:00:00Z') {
  // Monday 2 March 2026, 08:00 UTC = 09:00 in Berlin: the prompt hour for February's check-ins.
  const clock = fixedClock(start);
  const store = createStore(connection, clock);
  await store.ensureIndexes();
  const surface = new RecordingSurface('slack');
  const surfaces = new ChatSurfaces();
  surfaces.register(surface);
  const services = createServices({
    store,
    surfaces,
    clock,
    logger: createLogger('silent'),
    settings: { ...DEFAULT_SERVICE_SETTINGS, defaultTimezone: 'Europe/Berlin' },
    instanceId: 'test-replica',
  });
  await services.contracts.create(owner, {
    reference,
    title: 'Managed network',
    vendorName: 'Acme Networks',
    vendorContacts: [vendor.person],
    value: '1200000',
    currency: 'EUR',
    startDate: '2026-01-01',
    endDate: '2027-12-31',
    timezone: 'Europe/Berlin',
  });
  await services.contracts.setEscalationPath(owner, reference, {
    levels: [
      { level: 1, role: 'owner', people: [], ackWithinHours: 24 },
      { level: 2, people: [director.person], ackWithinHours: 48 },
    ],
  });
  await services.contracts.upsertKpi(owner, reference, {
    key: 'availability',
    name: 'Availability',
    unit: '%',
    kind: 'percent',
    direction: 'higher-is-better',
    baseline: 98,
    target: 99.5,
    warningThreshold: 99,
    breachThreshold: 98,
    weight: 1,
    cadence: { type: 'monthly' },
    respondent: 'vendor',
    evidenceRequired: false,
    vendorVisible: true,
  });
  await services.contracts.linkChannel(owner, reference, {
    surface: 'slack',
    channelId: 'C0INTERNAL',
    purpose: 'internal',
  });
  await services.contracts.linkChannel(owner, reference, {
    surface: 'slack',
    channelId: 'C0SHARED',
    purpose: 'vendor',
  });
  return { clock, store, surface, services };
}
