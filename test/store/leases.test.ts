import type { Store } from '../../src/store';
import { useTestDatabase } from '../support/database';
import { storeFor } from './fixtures';

const database = useTestDatabase();
let store: Store;

beforeAll(async () => {
  ({ store } = await storeFor(database.connection()));
});

const at = (iso: string) => new Date(iso);

describe('leases', () => {
  it('is held by one owner until it expires, then another may take it', async () => {
    const first = await store.leases.acquire('scheduler', 'replica-a', 60_000, at('2026-03-02T09:00:00Z'));
    expect(first).toMatchObject({ name: 'scheduler', owner: 'replica-a', expiresAt: at('2026-03-02T09:01:00Z') });
    expect(await store.leases.acquire('scheduler', 'replica-b', 60_000, at('2026-03-02T09:00:59Z'))).toBeNull();
    expect(await store.leases.holder('scheduler', at('2026-03-02T09:00:30Z'))).toMatchObject({ owner: 'replica-a' });

    // The holder may extend its own lease.
    const renewed = await store.leases.acquire('scheduler', 'replica-a', 60_000, at('2026-03-02T09:00:50Z'));
    expect(renewed?.expiresAt).toEqual(at('2026-03-02T09:01:50Z'));
    expect(await store.leases.acquire('scheduler', 'replica-b', 60_000, at('2026-03-02T09:01:30Z'))).toBeNull();

    const taken = await store.leases.acquire('scheduler', 'replica-b', 60_000, at('2026-03-02T09:01:50Z'));
    expect(taken).toMatchObject({ owner: 'replica-b' });
    expect(taken!.generation).toBeGreaterThan(renewed!.generation);
    // The former holder cannot release what it no longer holds.
    expect(await store.leases.release('scheduler', 'replica-a', at('2026-03-02T09:01:55Z'))).toBe(false);
  });

  it('can be released early for the next owner', async () => {
    await store.leases.acquire('digest', 'replica-a', 60_000, at('2026-03-02T09:00:00Z'));
    expect(await store.leases.release('digest', 'replica-a', at('2026-03-02T09:00:10Z'))).toBe(true);
    expect(await store.leases.holder('digest', at('2026-03-02T09:00:11Z'))).toBeNull();
    expect(await store.leases.acquire('digest', 'replica-b', 60_000, at('2026-03-02T09:00:11Z'))).toMatchObject({
      owner: 'replica-b',
    });
  });

  it('goes to exactly one of many replicas asking at once, also after it expired', async () => {
    const ask = (now: string) =>
      Promise.all(Array.from({ length: 10 }, (_, i) => store.leases.acquire('race', `replica-${i}`, 60_000, at(now))));
    const first = (await ask('2026-03-02T09:00:00Z')).filter(Boolean);
    expect(first).toHaveLength(1);
    const second = (await ask('2026-03-02T09:05:00Z')).filter(Boolean);
    expect(second).toHaveLength(1);
    expect(await store.leases.holder('race', at('2026-03-02T09:05:01Z'))).toMatchObject({ owner: second[0]!.owner });
  });
});
