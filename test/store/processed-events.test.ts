import { useTestDatabase } from '../support/database';
import { storeFor } from './fixtures';

const database = useTestDatabase();

describe('processed events', () => {
  it('lets exactly one of many simultaneous deliveries of an event id in, again after a release, and purges old ids', async () => {
    const { store } = await storeFor(database.connection());
    const results = await Promise.all(Array.from({ length: 20 }, () => store.processedEvents.claim('Ev0RACE')));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.processedEvents.claim('Ev0RACE')).toBe(false);
    await store.processedEvents.release('Ev0RACE');
    expect(await store.processedEvents.claim('Ev0RACE')).toBe(true);

    await store.processedEvents.claim('Ev0OLD', 'slack', new Date('2026-03-01T00:00:00Z'));
    expect(await store.processedEvents.purge(new Date('2026-03-01T01:00:00Z'))).toBe(1);
    expect(await store.processedEvents.claim('Ev0OLD')).toBe(true);
  });
});
