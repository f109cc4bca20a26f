import { type Connection, Schema } from 'mongoose';
import type { Clock } from '../domain/clock';
import { StewardError } from '../domain/errors';
import { baseOptions, defineModel, deleteInSlices, isDuplicateKey, newId, op, pause, withSafeQueries } from './shared';

/**
 * Exclusive, expiring claims on a key, decided by a unique index on (key, generation).
 *
 * To take a key, read its latest generation; if it is held by someone else and not expired, give up;
 * otherwise insert generation + 1. Two contenders that read the same generation both try to insert
 * the same (key, generation + 1) and the unique index lets exactly one of them in. This works on
 * FerretDB, where `findOneAndUpdate` is not atomic, and on MongoDB alike. The latest generation is
 * never deleted, so a contender with a stale read always collides instead of starting over at 1.
 */
export interface Claim {
  key: string;
  owner: string;
  generation: number;
  acquiredAt: Date;
  expiresAt: Date;
}

export interface ClaimTable {
  /**
   * Takes the key for `ttlMs`; null while someone else holds it. With `renew` (the default) an owner
   * that already holds the key extends it; without, a live claim refuses everyone, its owner too.
   */
  acquire(key: string, owner: string, ttlMs: number, now?: Date, options?: { renew?: boolean }): Promise<Claim | null>;
  /** Ends `owner`'s hold at once; false when it did not hold the key. */
  release(key: string, owner: string, now?: Date): Promise<boolean>;
  /** The live holder, if any. */
  holder(key: string, now?: Date): Promise<Claim | null>;
  /**
   * Deletes claims that expired before `before`. Keep `before` well in the past: a contender whose read
   * of a key is older than that would no longer collide with the deleted generation.
   */
  purge(before: Date): Promise<number>;
  readonly model: ReturnType<typeof createClaimModel>;
}

interface ClaimDoc {
  key: string;
  generation: number;
  owner: string;
  acquiredAt: Date;
  expiresAt: Date;
}

function claimSchema(clock: Clock, collection: string) {
  const schema = new Schema<ClaimDoc>(
    {
      key: { type: String, required: true },
      generation: { type: Number, required: true },
      owner: { type: String, required: true },
      acquiredAt: { type: Date, required: true },
      expiresAt: { type: Date, required: true },
    },
    baseOptions(clock, collection, false),
  );
  schema.index({ key: 1, generation: -1 }, { unique: true });
  return withSafeQueries(schema);
}

function createClaimModel(connection: Connection, clock: Clock, name: string, collection: string) {
  return defineModel(connection, name, claimSchema(clock, collection));
}

export function createClaimTable(connection: Connection, clock: Clock, name: string, collection: string): ClaimTable {
  const model = createClaimModel(connection, clock, name, collection);

  const latest = async (key: string): Promise<Claim | null> => {
    const doc = await model.findOne({ key }).sort({ generation: -1 }).lean();
    if (!doc) return null;
    return {
      key: doc.key,
      owner: doc.owner,
      generation: doc.generation,
      acquiredAt: doc.acquiredAt,
      expiresAt: doc.expiresAt,
    };
  };

  return {
    model,
    async acquire(key, owner, ttlMs, now = clock(), options = {}) {
      const current = await latest(key);
      const renewable = (options.renew ?? true) && current?.owner === owner;
      if (current && current.expiresAt > now && !renewable) return null;
      const claim: Claim = {
        key,
        owner,
        generation: (current?.generation ?? 0) + 1,
        acquiredAt: now,
        expiresAt: new Date(now.getTime() + ttlMs),
      };
      try {
        await model.create(claim);
      } catch (error) {
        if (isDuplicateKey(error)) return null;
        throw error;
      }
      // Older generations are history nobody reads; the new latest one stays.
      await model.deleteMany({ key, generation: op({ $lt: claim.generation }) }).catch(() => undefined);
      return claim;
    },

    async release(key, owner, now = clock()) {
      const current = await latest(key);
      if (!current || current.owner !== owner || current.expiresAt <= now) return false;
      // Expire rather than delete: the latest generation must stay so stale contenders collide.
      await model.updateOne({ key, generation: current.generation, owner }, { $set: { expiresAt: now } });
      return true;
    },

    async holder(key, now = clock()) {
      const current = await latest(key);
      return current && current.expiresAt > now ? current : null;
    },

    async purge(before) {
      return deleteInSlices(model, 'expiresAt', before);
    },
  };
}

export interface LockOptions {
  /** How long the lock holds if its holder dies; keep it well above the work it protects. */
  ttlMs?: number;
  /** How long to keep trying before giving up with `unavailable`. */
  waitMs?: number;
}

/**
 * Runs `work` while holding a short lock on `key`: the read-check-write sequences of the repositories
 * (status transitions, optimistic revisions) cannot rely on conditional updates being atomic on
 * FerretDB, so they take a lock first. A holder that crashes blocks the key only until the lock expires.
 */
export async function withLock<T>(
  claims: ClaimTable,
  key: string,
  work: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const owner = `lock-${newId()}`;
  const ttlMs = options.ttlMs ?? 15_000;
  const deadline = Date.now() + (options.waitMs ?? 5_000);
  let attempt = 0;
  // Real time, not the store's clock: this is about waiting for another process, not about the domain.
  while (!(await claims.acquire(`lock:${key}`, owner, ttlMs, new Date()))) {
    if (Date.now() > deadline) {
      throw new StewardError('unavailable', 'Someone else is changing this right now. Try again in a moment.');
    }
    attempt += 1;
    await pause(Math.min(50, 2 * attempt) + Math.random() * 10);
  }
  try {
    return await work();
  } finally {
    await claims.release(`lock:${key}`, owner, new Date()).catch(() => undefined);
  }
}
