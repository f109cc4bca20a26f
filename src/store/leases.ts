import type { Clock } from '../domain/clock';
import type { Claim, ClaimTable } from './claims';
import type { LeaseRecord } from './records';
import { exactText } from './shared';

/**
 * Named leases for work only one replica should do at a time (a scheduler tick, a digest run).
 * Built on the claims table: exclusive through a unique index, not through `findOneAndUpdate`,
 * which FerretDB does not make atomic.
 */
export interface LeaseRepository {
  /** Takes the lease for `ttlMs`, or extends it when `owner` already holds it; null while another owner holds it. */
  acquire(name: string, owner: string, ttlMs: number, now?: Date): Promise<LeaseRecord | null>;
  /** Lets the lease go at once; false when `owner` did not hold it. */
  release(name: string, owner: string, now?: Date): Promise<boolean>;
  /** The current holder, or null when the lease is free. */
  holder(name: string, now?: Date): Promise<LeaseRecord | null>;
}

export function createLeaseRepository(table: ClaimTable, clock: Clock): LeaseRepository {
  const toLease = (claim: Claim | null): LeaseRecord | null =>
    claim && {
      name: claim.key,
      owner: claim.owner,
      generation: claim.generation,
      acquiredAt: claim.acquiredAt,
      expiresAt: claim.expiresAt,
    };
  return {
    async acquire(name, owner, ttlMs, now = clock()) {
      return toLease(await table.acquire(exactText(name, 'name'), exactText(owner, 'owner'), ttlMs, now));
    },
    async release(name, owner, now = clock()) {
      return table.release(exactText(name, 'name'), exactText(owner, 'owner'), now);
    },
    async holder(name, now = clock()) {
      return toLease(await table.holder(exactText(name, 'name'), now));
    },
  };
}
