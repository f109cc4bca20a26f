import { giveBack, takeOnce } from '../../src/services/once';
import { createStore } from '../../src/store';
import { useTestDatabase } from '../support/database';

const database = useTestDatabase();

describe('takeOnce', () => {
  it('lets exactly one of many simultaneous callers in, even from the same replica, and none later', async () => {
    const store = createStore(database.connection());
    await store.ensureIndexes();
    const now = new Date('2026-03-02T08:00:00Z');
    const tokens = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        takeOnce(store, 'digest:ACME:2026-02', i % 2 ? 'replica-a' : 'replica-b', now),
      ),
    );
    expect(tokens.filter(Boolean)).toHaveLength(1);
    expect(await takeOnce(store, 'digest:ACME:2026-02', 'replica-a', new Date('2026-06-01T00:00:00Z'))).toBeNull();
  });

  it('can be given back after the guarded work failed, so a later attempt runs it', async () => {
    const store = createStore(database.connection());
    await store.ensureIndexes();
    const now = new Date('2026-03-02T08:00:00Z');
    const token = await takeOnce(store, 'kickoff:ACME', 'replica-a', now);
    expect(token).not.toBeNull();
    await giveBack(store, 'kickoff:ACME', token!, now);
    expect(await takeOnce(store, 'kickoff:ACME', 'replica-a', new Date(now.getTime() + 1))).not.toBeNull();
  });
});
