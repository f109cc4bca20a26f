import { type Connection, Schema } from 'mongoose';
import { mapLimit } from '../concurrency';
import type { Clock } from '../domain/clock';
import { StewardError } from '../domain/errors';
import { DUPLICATE_KEY, defineModel, deleteInSlices, pause } from './shared';

/**
 * Claims made of inserts only: many keys in one `insertMany`, no read before and no update after.
 *
 * Time is cut into windows of `windowMs`. Holding a key from `now` for `ttlMs` means owning one document
 * per window the hold touches, each with the unique `_id` `key@window`. Two contenders for overlapping
 * windows collide on at least one `_id` and the unique index lets only one of them in; once the last
 * window has passed, nobody holds the key any more and a new claim finds its windows free. A hold
 * therefore lasts between `ttlMs` and `ttlMs + windowMs`.
 *
 * Why not the generation scheme of claims.ts: that one reads the latest generation of each key before
 * inserting, and on the embedded FerretDB every read that is not an exact `_id` match is a scan of the
 * whole collection, so claiming a batch of 200 check-ins cost 200 scans. Here a batch costs one insert.
 */
export interface WindowClaim {
  key: string;
  owner: string;
  /** The window documents that hold the key. */
  ids: string[];
  expiresAt: Date;
}

export interface WindowClaimTable {
  /**
   * Claims every key it can for `owner`; the others are held by someone else. In a reentrant table an
   * owner that still holds a key from an earlier call in this process, and has finished with it
   * (`finish`), gets it again instead of waiting for its own claim to run out.
   */
  claimMany(keys: string[], owner: string, ttlMs: number, now?: Date): Promise<Map<string, WindowClaim>>;
  /**
   * Which of these keys someone holds at `now`, with their owners. Every live claim has a document for the
   * current window, so this is one point read per key by exact `_id` (`key@window`), which FerretDB answers
   * from an index; reading the table instead would scan it, and it grows by several documents per claim.
   * Claiming only the others keeps collisions (which FerretDB answers by retrying the whole insert one
   * document at a time) for real races.
   */
  holdersOf(keys: string[], now?: Date): Promise<Map<string, string>>;
  /** Lets the keys go at once, so anyone may claim them. */
  release(claims: Iterable<WindowClaim>): Promise<void>;
  /** Lets go of everything `owner` holds; for owners unique to one call, such as a batch's locks. */
  releaseOwner(owner: string): Promise<void>;
  /** This process is done with the keys but keeps holding them until they expire (reentrant tables only). */
  finish(keys: Iterable<string>, owner: string): void;
  /** True while a caller in this process works with `owner`'s claim on `key`. */
  isBusy(key: string, owner: string): boolean;
  /** Deletes the documents of windows that ended before `before`; returns how many. */
  purge(before: Date): Promise<number>;
  readonly model: ReturnType<typeof createWindowClaimModel>;
}

interface WindowClaimDoc {
  _id: string;
  key: string;
  window: number;
  owner: string;
  at: Date;
  /** When this window ends. */
  endsAt: Date;
}

function createWindowClaimModel(connection: Connection, name: string, collection: string) {
  const schema = new Schema<WindowClaimDoc>(
    {
      _id: { type: String, required: true },
      key: { type: String, required: true },
      window: { type: Number, required: true },
      owner: { type: String, required: true },
      at: { type: Date, required: true },
      endsAt: { type: Date, required: true },
    },
    { collection, versionKey: false, strict: true, strictQuery: 'throw', autoIndex: false },
  );
  schema.index({ endsAt: 1 });
  return defineModel(connection, name, schema);
}

export interface WindowClaimOptions {
  windowMs: number;
  /** Remember claims in this process so their owner can take them again (see `claimMany`). */
  reentrant?: boolean;
}

export function createWindowClaimTable(
  connection: Connection,
  clock: Clock,
  name: string,
  collection: string,
  options: WindowClaimOptions,
): WindowClaimTable {
  const model = createWindowClaimModel(connection, name, collection);
  const { windowMs } = options;
  // owner + key → what this process holds, and whether a caller is still working with it.
  const held = new Map<string, WindowClaim & { busy: boolean }>();
  const heldKey = (owner: string, key: string) => `${owner}\u0000${key}`;

  const forget = (now: Date) => {
    for (const [k, claim] of held) if (claim.expiresAt <= now) held.delete(k);
  };

  const deleteIds = async (ids: string[]) => {
    for (let i = 0; i < ids.length; i += 1_000) {
      await model.collection.deleteMany({ _id: { $in: ids.slice(i, i + 1_000) } } as never);
    }
  };

  /** Inserts every document it can; returns the indexes of those another claim holds already. */
  const insertAll = async (docs: WindowClaimDoc[]): Promise<Set<number>> => {
    const failed = new Set<number>();
    try {
      await model.collection.insertMany(docs as never[], { ordered: false });
    } catch (error) {
      const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
      const list = (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []) as Array<{
        index: number;
        code?: number;
      }>;
      if (list.length === 0 || list.some((e) => e.code !== DUPLICATE_KEY)) throw error;
      for (const e of list) failed.add(e.index);
    }
    return failed;
  };

  /**
   * Backing out, the latest windows go first: a contender that finds an earlier window of ours free then
   * finds the later ones free too, instead of being refused by what we are about to delete.
   */
  const deleteIdsLatestFirst = async (ids: string[]) => {
    const byWindow = new Map<number, string[]>();
    for (const id of ids) {
      const window = Number(id.slice(id.lastIndexOf('@') + 1));
      byWindow.set(window, [...(byWindow.get(window) ?? []), id]);
    }
    for (const window of [...byWindow.keys()].sort((a, b) => b - a)) await deleteIds(byWindow.get(window)!);
  };

  return {
    model,

    async claimMany(keys, owner, ttlMs, now = clock()) {
      const claimed = new Map<string, WindowClaim>();
      if (keys.length === 0) return claimed;
      if (options.reentrant) forget(now);
      const first = Math.floor(now.getTime() / windowMs);
      const last = Math.floor((now.getTime() + Math.max(1, ttlMs) - 1) / windowMs);
      const expiresAt = new Date((last + 1) * windowMs);
      const docOf = (key: string, window: number): WindowClaimDoc => ({
        _id: `${key}@${window}`,
        key,
        window,
        owner,
        at: now,
        endsAt: new Date((window + 1) * windowMs),
      });
      // Windows are taken in ascending order, one round (one insert) per window, and a key stops at its
      // first refused window. Inserting all windows at once let two contenders split a key's windows
      // between them (FerretDB retries a colliding insert one document at a time, so they interleave),
      // and both backed out: the key went to nobody, about once in 600 contended claims. In order, the
      // contenders that start in the same window meet on that window's document and exactly one gets
      // it; one that starts later meets only holders that started earlier (and it loses to them), so
      // a contended key always has a winner. Rounds cost one insert per window the hold touches.
      const taken = new Map<string, string[]>();
      const own = new Map<string, WindowClaim & { busy: boolean }>();
      let alive = [...new Set(keys)];
      const lost: string[] = [];
      for (let window = first; window <= last && alive.length > 0; window += 1) {
        const docs = alive.map((key) => docOf(key, window));
        const failed = await insertAll(docs);
        const next: string[] = [];
        alive.forEach((key, index) => {
          const id = docs[index]!._id;
          if (!failed.has(index)) {
            taken.set(key, [...(taken.get(key) ?? []), id]);
            next.push(key);
            return;
          }
          // Held already: by this owner, finished with it, and in this process? Then it is still ours.
          const mine = options.reentrant ? held.get(heldKey(owner, key)) : undefined;
          if (mine && !mine.busy && mine.ids.includes(id)) {
            own.set(key, mine);
            next.push(key);
            return;
          }
          lost.push(key);
        });
        alive = next;
      }
      for (const key of alive) {
        const ids = taken.get(key) ?? [];
        const mine = own.get(key);
        claimed.set(
          key,
          mine
            ? { key, owner, ids: [...mine.ids, ...ids], expiresAt: new Date(Math.max(+expiresAt, +mine.expiresAt)) }
            : { key, owner, ids, expiresAt },
        );
      }
      // Windows taken for a key someone else holds would only block the next claimer: give them back.
      const strays = lost.flatMap((key) => taken.get(key) ?? []);
      if (strays.length > 0) await deleteIdsLatestFirst(strays).catch(() => undefined);
      if (options.reentrant) {
        for (const claim of claimed.values()) held.set(heldKey(owner, claim.key), { ...claim, busy: true });
      }
      return claimed;
    },

    async holdersOf(keys, now = clock()) {
      const window = Math.floor(now.getTime() / windowMs);
      const found = new Map<string, string>();
      await mapLimit(keys, 8, async (key) => {
        const doc = await model.collection.findOne({ _id: `${key}@${window}` } as never, { projection: { owner: 1 } });
        if (doc) found.set(key, String(doc.owner));
      });
      return found;
    },

    async release(claims) {
      const ids: string[] = [];
      for (const claim of claims) {
        ids.push(...claim.ids);
        held.delete(heldKey(claim.owner, claim.key));
      }
      if (ids.length > 0) await deleteIds(ids);
    },

    async releaseOwner(owner) {
      for (const [k, claim] of held) if (claim.owner === owner) held.delete(k);
      // One field matched against the table, far cheaper on FerretDB than an `$in` list of ids.
      await model.collection.deleteMany({ owner } as never);
    },

    isBusy(key, owner) {
      return held.get(heldKey(owner, key))?.busy ?? false;
    },

    finish(keys, owner) {
      for (const key of keys) {
        const claim = held.get(heldKey(owner, key));
        if (claim) claim.busy = false;
      }
    },

    async purge(before) {
      return deleteInSlices(model, 'endsAt', before);
    },
  };
}

export interface WindowLockOptions {
  /** How long the lock holds if its holder dies. */
  ttlMs?: number;
  /** How long to keep trying before giving up with `unavailable`. */
  waitMs?: number;
  /**
   * Asked between attempts while someone else holds the lock: an error it returns is thrown instead of
   * waiting on. Fifty people submitting one check-in at once then learn it was answered as soon as it is,
   * all at once, instead of taking the lock one after the other only to find that out.
   */
  giveUpIf?: () => Promise<Error | null>;
}

/**
 * Runs `work` while holding short locks on `keys` (all of them, or those it could get: see `partial`).
 * The lock documents are deleted afterwards, so the table holds only live locks and stays small.
 */
export async function withWindowLocks<T>(
  table: WindowClaimTable,
  keys: string[],
  work: (locked: Set<string>) => Promise<T>,
  options: WindowLockOptions & { owner: string; partial?: boolean },
): Promise<T> {
  const ttlMs = options.ttlMs ?? 15_000;
  const deadline = Date.now() + (options.waitMs ?? 5_000);
  const locks = new Map<string, WindowClaim>();
  let attempt = 0;
  try {
    // Real time, not the store's clock: this is about waiting for another process, not about the domain.
    for (;;) {
      const wanted = keys.filter((key) => !locks.has(key));
      if (wanted.length === 0) break;
      const got = await table.claimMany(wanted, options.owner, ttlMs, new Date());
      for (const [key, claim] of got) locks.set(key, claim);
      if (locks.size === new Set(keys).size) break;
      if (Date.now() > deadline) {
        if (options.partial) break;
        throw new StewardError('unavailable', 'Someone else is changing this right now. Try again in a moment.');
      }
      attempt += 1;
      if (options.giveUpIf && locks.size === 0) {
        const reason = await options.giveUpIf();
        if (reason) throw reason;
      }
      await pause(Math.min(50, 2 * attempt) + Math.random() * 10);
    }
    return await work(new Set(locks.keys()));
  } finally {
    // The owner is this call's own, so releasing by owner frees exactly these locks (and any stray window).
    if (locks.size > 0) await table.releaseOwner(options.owner).catch(() => undefined);
  }
}
