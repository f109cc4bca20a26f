import type { Store } from '../../src/store';
import { useTestDatabase } from '../support/database';
import { owner, storeFor, vendorContact } from './fixtures';

const database = useTestDatabase();
let store: Store;

beforeAll(async () => {
  ({ store } = await storeFor(database.connection()));
});

describe('obligations', () => {
  it('is fulfilled once, and its next occurrence is created once', async () => {
    const report = await store.obligations.create({
      contractRef: 'OBL-2026-001',
      kind: 'report',
      title: 'Monthly service report',
      owner: vendorContact,
      dueDate: '2026-03-05',
      recurrence: 'monthly',
      createdBy: owner,
    });
    expect(report).toMatchObject({ outcome: 'open', seriesId: report.id, evidence: [] });
    expect((await store.obligations.listOpenDueBy('2026-03-05')).map((o) => o.id)).toContain(report.id);

    await store.obligations.addEvidence(report.id, {
      url: 'https://files.example.com/report-2026-02.pdf',
      by: vendorContact,
      at: new Date('2026-03-04T10:00:00Z'),
    });
    const done = await store.obligations.setOutcome(report.id, {
      outcome: 'fulfilled-on-time',
      by: owner,
      at: new Date('2026-03-04T12:00:00Z'),
    });
    expect(done).toMatchObject({
      outcome: 'fulfilled-on-time',
      evidence: [expect.objectContaining({ url: 'https://files.example.com/report-2026-02.pdf' })],
    });
    await expect(
      store.obligations.setOutcome(report.id, { outcome: 'not-fulfilled', by: owner }),
    ).rejects.toMatchObject({ code: 'invalid_transition' });

    const next = await Promise.all([
      store.obligations.createNextOccurrence(report.id, '2026-04-05'),
      store.obligations.createNextOccurrence(report.id, '2026-04-05'),
    ]);
    expect(next.filter((n) => n.created)).toHaveLength(1);
    expect(next[0]?.obligation).toMatchObject({ seriesId: report.id, dueDate: '2026-04-05', outcome: 'open' });
    expect(await store.obligations.listForContract('OBL-2026-001')).toHaveLength(2);
  });

  it('is waived only with a reason', async () => {
    const audit = await store.obligations.create({
      contractRef: 'OBL-2026-001',
      kind: 'audit',
      title: 'ISO 27001 surveillance audit',
      owner,
      dueDate: '2026-06-30',
      recurrence: 'yearly',
      createdBy: owner,
    });
    await expect(
      store.obligations.setOutcome(audit.id, { outcome: 'waived', by: owner, waivedReason: ' ' }),
    ).rejects.toMatchObject({
      code: 'validation',
      fieldErrors: { waivedReason: expect.any(String) },
    });
    expect(
      await store.obligations.setOutcome(audit.id, {
        outcome: 'waived',
        by: owner,
        waivedReason: 'Covered by group audit',
      }),
    ).toMatchObject({
      outcome: 'waived',
      waivedBy: owner,
      waivedReason: 'Covered by group audit',
    });
  });
});

describe('risks', () => {
  it('computes its score and keeps it in step with edits', async () => {
    const risk = await store.risks.create({
      contractRef: 'OBL-2026-001',
      title: 'Single data centre',
      likelihood: 2,
      impact: 5,
      owner,
      reviewDate: '2026-04-01',
      createdBy: owner,
    });
    expect(risk).toMatchObject({ score: 10, status: 'open' });
    expect(await store.risks.update(risk.id, { likelihood: 4, status: 'mitigating' })).toMatchObject({
      score: 20,
      status: 'mitigating',
    });
    expect((await store.risks.dueForReview('2026-04-01')).map((r) => r.id)).toContain(risk.id);
    await expect(store.risks.update(risk.id, { impact: 6 })).rejects.toMatchObject({ code: 'validation' });
  });
});

describe('value and lessons', () => {
  it('sums planned and realized value per kind and currency in code', async () => {
    const base = { contractRef: 'OBL-2026-001', currency: 'EUR', recordedBy: owner };
    await store.values.record({ ...base, periodKey: '2026-Q1', kind: 'savings', planned: 10_000, realized: 8_500 });
    await store.values.record({ ...base, periodKey: '2026-Q2', kind: 'savings', planned: 10_000, realized: 12_000.5 });
    await store.values.record({
      ...base,
      periodKey: '2026-Q1',
      kind: 'cost-avoidance',
      planned: 5_000,
      realized: 5_000,
    });
    expect(await store.values.totals('OBL-2026-001')).toEqual([
      { kind: 'cost-avoidance', currency: 'EUR', planned: 5_000, realized: 5_000, records: 1 },
      { kind: 'savings', currency: 'EUR', planned: 20_000, realized: 20_500.5, records: 2 },
    ]);
    await expect(
      store.values.record({
        ...base,
        periodKey: '2026-Q3',
        kind: 'savings',
        planned: Number.POSITIVE_INFINITY,
        realized: 0,
      }),
    ).rejects.toMatchObject({ code: 'validation' });
  });

  it('finds lessons about a vendor whatever the case of its name', async () => {
    await store.lessons.add({
      contractRef: 'OBL-2026-001',
      vendorName: 'Acme Networks GmbH',
      category: 'IT services',
      text: 'Ask for named engineers.',
      author: owner,
    });
    expect((await store.lessons.listForVendor('ACME networks gmbh')).map((l) => l.text)).toEqual([
      'Ask for named engineers.',
    ]);
    expect(await store.lessons.listForContract('OBL-2026-001')).toHaveLength(1);
  });
});
