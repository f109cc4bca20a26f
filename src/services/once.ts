import type { Store } from '../store';

/** Long enough to outlive anything it guards (a review period, an action's due date). */
const ONCE_MS = 400 * 24 * 3_600_000;

/**
 * True for exactly one caller across every replica and every later tick: the first to take `key`.
 * A lease renews for its holder, so the holder check comes first; two replicas that both pass it
 * race on the lease's unique generation and only one wins.
 */
export async function takeOnce(store: Store, key: string, owner: string, now: Date): Promise<boolean> {
  if (await store.leases.holder(key, now)) return false;
  return (await store.leases.acquire(key, owner, ONCE_MS, now)) !== null;
}

/** Gives a `takeOnce` key back after the work it guarded failed, so a later tick retries it. */
export async function giveBack(store: Store, key: string, owner: string, now: Date): Promise<void> {
  await store.leases.release(key, owner, now).catch(() => undefined);
}
