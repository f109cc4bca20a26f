import type { Store } from '../../src/store';
import { useTestDatabase } from '../support/database';
import { storeFor } from './fixtures';

const database = useTestDatabase();
let store: Store;

beforeAll(async () => {
  ({ store } = await storeFor(database.connection()));
});

async function uniqueIndexes(collection: string): Promise<string[]> {
  const indexes = await database.connection().collection(collection).listIndexes().toArray();
  return indexes.filter((index) => index.unique).map((index) => Object.keys(index.key).join('+'));
}

describe('indexes', () => {
  it('creates the unique indexes the store relies on instead of transactions', async () => {
    expect(await uniqueIndexes('contracts')).toEqual(['reference']);
    expect(await uniqueIndexes('kpis')).toEqual(['contractRef+key']);
    expect(await uniqueIndexes('kpi_versions')).toEqual(['contractRef+key+version']);
    expect(await uniqueIndexes('checkins')).toEqual(['contractRef+kpiKey+periodKey']);
    expect(await uniqueIndexes('scores')).toEqual(['contractRef+kpiKey+periodKey']);
    expect(await uniqueIndexes('escalations')).toEqual(['sourceKey']);
    expect(await uniqueIndexes('obligations')).toEqual(['seriesId+dueDate']);
    expect(await uniqueIndexes('audit_events')).toEqual(['contractRef+seq']);
    expect(await uniqueIndexes('claims')).toEqual(['key+generation']);
    expect(await uniqueIndexes('leases')).toEqual(['key+generation']);
  });

  it('creates the scheduler and dashboard indexes, and can be run again', async () => {
    await store.ensureIndexes();
    const names = async (collection: string) =>
      (await database.connection().collection(collection).listIndexes().toArray()).map((index) =>
        Object.keys(index.key).join('+'),
      );
    expect(await names('checkins')).toEqual(
      expect.arrayContaining(['status+nextActionAt', 'status+dueAt', 'respondent.people.slackUserId+status']),
    );
    expect(await names('escalations')).toEqual(expect.arrayContaining(['status+ackDueAt', 'contractRef+status']));
    expect(await names('contracts')).toEqual(
      expect.arrayContaining(['status+reference', 'governance.owner.slackUserId', 'vendorKey', 'memberKeys']),
    );
    expect(await names('scores')).toEqual(
      expect.arrayContaining(['contractRef+periodStart', 'contractRef+kpiKey+periodStart']),
    );
  });
});
