import { isStewardError, type StewardError } from '../../src/domain/errors';
import type { Store } from '../../src/store';
import { useTestDatabase } from '../support/database';
import { contractFixture, kpiFixture, owner, storeFor, teamsManager, vendorContact } from './fixtures';

const database = useTestDatabase();
let store: Store;

beforeAll(async () => {
  ({ store } = await storeFor(database.connection()));
});

async function rejection(promise: Promise<unknown>): Promise<StewardError> {
  try {
    await promise;
  } catch (error) {
    if (isStewardError(error)) return error;
    throw error;
  }
  throw new Error('expected the promise to be rejected');
}

describe('contracts', () => {
  it('creates a contract with its KPIs and reads it back as a plain object', async () => {
    const { contract, kpis } = await store.contracts.create(
      contractFixture('ACME-2026-001'),
      [
        { key: 'availability', definition: kpiFixture() },
        { key: 'incident-response', definition: kpiFixture({ name: 'Response time', kind: 'duration', unit: 'h' }) },
      ],
      { by: owner },
    );
    expect(contract).toMatchObject({ reference: 'ACME-2026-001', status: 'active', revision: 1 });
    // Timestamps come from the injected clock.
    expect(contract.createdAt).toEqual(new Date('2026-03-02T08:00:00Z'));
    expect(typeof contract.id).toBe('string');
    expect(kpis.map((k) => [k.key, k.version])).toEqual([
      ['availability', 1],
      ['incident-response', 1],
    ]);

    const read = await store.contracts.get('ACME-2026-001');
    expect(read).toMatchObject({
      reference: 'ACME-2026-001',
      vendor: { name: 'Acme Networks GmbH', contacts: [vendorContact] },
      governance: { owner: [owner], finance: [teamsManager] },
      holidays: { buyer: ['2026-12-25'], vendor: [] },
    });
    expect(read).not.toHaveProperty('_id');
    expect(read).not.toHaveProperty('memberKeys');
    expect(await store.kpis.listForContract('ACME-2026-001')).toHaveLength(2);
  });

  it('refuses a second contract with the same reference', async () => {
    await store.contracts.create(contractFixture('DUPE-2026-001'));
    const error = await rejection(store.contracts.create(contractFixture('DUPE-2026-001')));
    expect(error.code).toBe('conflict');
    expect(error.fieldErrors).toHaveProperty('reference');
  });

  it('writes nothing when two KPIs share a key', async () => {
    const error = await rejection(
      store.contracts.create(contractFixture('HALF-2026-001'), [
        { key: 'availability', definition: kpiFixture() },
        { key: 'availability', definition: kpiFixture({ target: 99.9 }) },
      ]),
    );
    expect(error.code).toBe('validation');
    expect(error.fieldErrors).toHaveProperty(['kpis.1.key']);
    expect(await store.contracts.get('HALF-2026-001')).toBeNull();
    expect(await store.kpis.listForContract('HALF-2026-001')).toEqual([]);
  });

  it('undoes the contract and earlier KPIs when a later KPI write fails', async () => {
    // A leftover version document (as a crash could leave) makes the second KPI's insert fail.
    await database
      .connection()
      .collection('kpi_versions')
      .insertOne({ contractRef: 'HALF-2026-002', key: 'second', version: 1 });
    const error = await rejection(
      store.contracts.create(contractFixture('HALF-2026-002'), [
        { key: 'first', definition: kpiFixture() },
        { key: 'second', definition: kpiFixture() },
      ]),
    );
    expect(error.code).toBe('conflict');
    expect(await store.contracts.get('HALF-2026-002')).toBeNull();
    expect(await store.kpis.listForContract('HALF-2026-002')).toEqual([]);
    expect(await store.kpis.history('HALF-2026-002', 'first')).toEqual([]);
  });

  it('finds contracts by status, owner, vendor name, channel and person', async () => {
    await store.contracts.create(
      contractFixture('FIND-2026-001', {
        status: 'draft',
        vendor: { name: 'Globex  Corporation', contacts: [] },
        channels: [{ surface: 'teams', channelId: '19:abc@thread.tacv2', purpose: 'vendor' }],
      }),
    );
    expect((await store.contracts.list({ status: 'draft' })).map((c) => c.reference)).toContain('FIND-2026-001');
    expect((await store.contracts.list({ status: ['closed'] })).map((c) => c.reference)).not.toContain('FIND-2026-001');
    expect(await store.contracts.references({ vendorName: 'globex corporation' })).toEqual(['FIND-2026-001']);
    expect(await store.contracts.references({ ownerSlackUserId: owner.slackUserId })).toContain('FIND-2026-001');
    expect((await store.contracts.byChannel('teams', '19:abc@thread.tacv2')).map((c) => c.reference)).toEqual([
      'FIND-2026-001',
    ]);
    expect(
      (await store.contracts.forPerson({ teamsUserId: teamsManager.teamsUserId })).map((c) => c.reference),
    ).toContain('FIND-2026-001');
    expect(await store.contracts.count({ status: 'draft' })).toBeGreaterThanOrEqual(1);
  });

  it('refuses an edit made on a stale revision and keeps the other edit', async () => {
    const { contract } = await store.contracts.create(contractFixture('EDIT-2026-001'));
    const first = await store.contracts.update(
      'EDIT-2026-001',
      { title: 'Renamed' },
      { expectedRevision: contract.revision },
    );
    expect(first).toMatchObject({ title: 'Renamed', revision: 2 });
    const error = await rejection(
      store.contracts.update('EDIT-2026-001', { title: 'Lost update' }, { expectedRevision: contract.revision }),
    );
    expect(error.code).toBe('conflict');
    expect((await store.contracts.get('EDIT-2026-001'))?.title).toBe('Renamed');
  });

  it('lets only one of two simultaneous edits of the same revision through', async () => {
    const { contract } = await store.contracts.create(contractFixture('EDIT-2026-002'));
    const results = await Promise.allSettled([
      store.contracts.update('EDIT-2026-002', { title: 'Edit A' }, { expectedRevision: contract.revision }),
      store.contracts.update('EDIT-2026-002', { title: 'Edit B' }, { expectedRevision: contract.revision }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'conflict' } });
    expect((await store.contracts.get('EDIT-2026-002'))?.revision).toBe(2);
  });

  it('changes status only from the expected status', async () => {
    await store.contracts.create(contractFixture('STAT-2026-001', { status: 'draft' }));
    expect(await store.contracts.setStatus('STAT-2026-001', 'draft', 'active')).toMatchObject({ status: 'active' });
    const error = await rejection(store.contracts.setStatus('STAT-2026-001', 'draft', 'active'));
    expect(error.code).toBe('invalid_transition');
  });
});

describe('next-due times', () => {
  it('puts many contracts aside at once, and keeps due one that was edited since it was read', async () => {
    for (const reference of ['DUE-2026-001', 'DUE-2026-002', 'DUE-2026-003']) {
      await store.contracts.create(contractFixture(reference), [], { by: owner });
    }
    const now = new Date('2026-03-02T08:00:00Z');
    const read = await store.contracts.dueFor('value', now, ['active']);
    const mine = read.filter((contract) => contract.reference.startsWith('DUE-'));
    expect(mine.map((contract) => contract.reference)).toEqual(['DUE-2026-001', 'DUE-2026-002', 'DUE-2026-003']);

    // Edited by someone else between the job's read and its write: the job must look at it again.
    await store.contracts.update('DUE-2026-002', { title: 'Edited while the job ran' });
    const later = new Date('2026-04-01T09:00:00Z');
    await store.contracts.setNextDueMany(
      'value',
      mine.map((contract) => ({ contract, at: later })),
    );

    const stillDue = (await store.contracts.dueFor('value', now, ['active'])).map((contract) => contract.reference);
    expect(stillDue).toContain('DUE-2026-002');
    expect(stillDue).not.toContain('DUE-2026-001');
    expect(stillDue).not.toContain('DUE-2026-003');
    const dueInApril = (await store.contracts.dueFor('value', later, ['active'])).map((c) => c.reference);
    expect(dueInApril).toEqual(expect.arrayContaining(['DUE-2026-001', 'DUE-2026-002', 'DUE-2026-003']));
    // Other jobs keep their own times.
    expect((await store.contracts.dueFor('closeout', now, ['active'])).map((c) => c.reference)).toContain(
      'DUE-2026-001',
    );
  });
});
