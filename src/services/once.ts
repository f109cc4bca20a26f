import { randomUUID } from 'node:crypto';
import type { Store } from '../store';

/** Long enough to outlive anything it guards (a review period, an action's due date). */
const ONCE_MS = 400 * 24 * 3_600_000;

/**
 * Takes `key` for exactly one caller across every replica and every later tick, returning the token
 * that holds it (for `giveBack`), or null when someone took it first.
 *
 * A lease renews for its own holder, so each call holds it under a token of its own: two calls on one
 * replica then race on the lease's unique generation like two replicas do, and only one gets in.
 */
export async function takeOnce(store: Store, key: string, replica: string, now: Date): Promise<string | null> {
  if (await store.leases.holder(key, now)) return null;
  const token = `${replica}:${randomUUID()}`;
  return (await store.leases.acquire(key, token, ONCE_MS, now)) ? token : null;
}

/** Gives a `takeOnce` key back after the work it guarded failed, so a later tick retries it. */
export async function giveBack(store: Store, key: string, token: string, now: Date): Promise<void> {
  await store.leases.release(key, token, now).catch(() => undefined);
}
