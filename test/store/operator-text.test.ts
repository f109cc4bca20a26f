import type { Store } from '../../src/store';
import { useTestDatabase } from '../support/database';
import { checkinFixture, contractFixture, contractWithKpi, owner, storeFor, vendorContact } from './fixtures';

const database = useTestDatabase();
let store: Store;

beforeAll(async () => {
  ({ store } = await storeFor(database.connection()));
  await contractWithKpi(store, 'OPS-2026-001');
});

const OPERATOR_TEXT = '{"$gt": ""}';

describe('text that looks like a query operator', () => {
  it('is stored and found literally', async () => {
    await store.lessons.add({
      contractRef: 'OPS-2026-001',
      vendorName: '$where',
      category: OPERATOR_TEXT,
      text: OPERATOR_TEXT,
      author: owner,
    });
    await store.lessons.add({
      contractRef: 'OPS-2026-001',
      vendorName: 'Acme',
      category: 'ordinary',
      text: 'Plain lesson',
      author: owner,
    });

    const byCategory = await store.lessons.listForCategory(OPERATOR_TEXT);
    expect(byCategory.map((l) => l.text)).toEqual([OPERATOR_TEXT]);
    expect((await store.lessons.listForVendor('$where')).map((l) => l.vendorName)).toEqual(['$where']);

    const { checkin } = await store.checkins.ensure(checkinFixture('OPS-2026-001'));
    const score = await store.scores.submit(checkin.id, {
      value: 99.9,
      rag: 'green',
      kpiVersion: 1,
      comment: '$where: function() { return true }',
      evidenceUrl: 'https://example.com/?q={"$ne":null}',
      answeredBy: vendorContact,
      surface: 'slack',
    });
    expect((await store.scores.get(score.id))?.comment).toBe('$where: function() { return true }');

    const { contract } = await store.contracts.create(
      contractFixture('OPS-2026-002', { title: OPERATOR_TEXT, category: '$where' }),
    );
    expect(contract.title).toBe(OPERATOR_TEXT);
    expect(await store.contracts.references({ category: '$where' })).toEqual(['OPS-2026-002']);
  });

  it('never matches everything when an object is smuggled in where text belongs', async () => {
    const injected = JSON.parse(OPERATOR_TEXT) as unknown as string;
    await expect(store.contracts.get(injected)).rejects.toMatchObject({ code: 'validation' });
    await expect(store.lessons.listForCategory(injected)).rejects.toMatchObject({ code: 'validation' });
    await expect(store.contracts.list({ vendorName: injected })).rejects.toMatchObject({ code: 'validation' });
    await expect(store.checkins.openForPerson({ slackUserId: injected })).rejects.toMatchObject({ code: 'validation' });
    expect(await store.checkins.get(injected)).toBeNull();
    expect(await store.contracts.get('$where')).toBeNull();
  });

  it('is compared literally even by a query written without the repository guards', async () => {
    // sanitizeFilter is on for every query of the store's models: an operator object from user input
    // is wrapped in $eq and matches nothing instead of everything.
    const model = database.connection().models.Lesson!;
    const injected = JSON.parse(OPERATOR_TEXT);
    await expect(model.find({ category: injected }).lean()).rejects.toThrow(/Cast to string failed/);
    expect(await model.countDocuments({ text: OPERATOR_TEXT })).toBe(1);
  });
});
