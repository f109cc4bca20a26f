import { type Connection, Schema, Types } from 'mongoose';
import { mapLimit } from '../concurrency';
import type { Clock } from '../domain/clock';
import { StewardError } from '../domain/errors';
import { CHECKIN_STATUSES, type CheckinStatus, type Person, RESPONDENTS } from '../domain/types';
import type { ChatSurface, CheckinRecord, NewCheckin, PersonIdentity, PromptRef } from './records';
import {
  baseOptions,
  DUPLICATE_KEY,
  defineModel,
  deleteInSlices,
  exactText,
  isDuplicateKey,
  isStoreId,
  newId,
  notFound,
  op,
  personSchema,
  toRecord,
  withSafeQueries,
} from './shared';
import { type WindowClaim, type WindowClaimTable, withWindowLocks } from './window-claims';

type CheckinDoc = Omit<CheckinRecord, 'id' | 'createdAt' | 'updatedAt'>;

/** Check-ins the scheduler still has work for. */
export const OPEN_CHECKIN_STATUSES: readonly CheckinStatus[] = ['pending', 'prompted'];
/** Statuses from which a score is still accepted; a missed check-in may be answered late. */
export const ANSWERABLE_CHECKIN_STATUSES: readonly CheckinStatus[] = ['pending', 'prompted', 'missed'];

export function createCheckinModel(connection: Connection, clock: Clock) {
  const schema = new Schema<CheckinDoc>(
    {
      contractRef: { type: String, required: true },
      kpiKey: { type: String, required: true },
      kpiVersion: { type: Number, required: true },
      periodKey: { type: String, required: true },
      periodStart: { type: Date, required: true },
      periodEnd: { type: Date, required: true },
      status: { type: String, enum: CHECKIN_STATUSES, required: true },
      dueAt: { type: Date, required: true },
      remindAt: Date,
      remindedAt: Date,
      graceEndsAt: Date,
      nextActionAt: Date,
      respondent: {
        type: new Schema(
          {
            role: { type: String, enum: RESPONDENTS, required: true },
            people: { type: [personSchema], default: [] },
          },
          { _id: false },
        ),
        required: true,
      },
      prompts: {
        type: [
          new Schema(
            {
              surface: { type: String, enum: ['slack', 'teams'], required: true },
              channelId: { type: String, required: true },
              messageTs: String,
              activityId: String,
              serviceUrl: String,
              postedAt: { type: Date, required: true },
            },
            { _id: false },
          ),
        ],
        default: [],
      },
      snoozedUntil: Date,
      snoozedBy: personSchema,
      notApplicableReason: String,
      notApplicableBy: personSchema,
      answeredScoreId: String,
      answeredAt: Date,
      missedAt: Date,
      claimedBy: String,
      claimExpiresAt: Date,
    },
    baseOptions(clock, 'checkins'),
  );
  // Exactly one check-in per KPI and period, however many replicas create it at once.
  schema.index({ contractRef: 1, kpiKey: 1, periodKey: 1 }, { unique: true });
  // The scheduler's "what needs doing now" query.
  schema.index({ status: 1, nextActionAt: 1 });
  // Dashboards: overdue check-ins.
  schema.index({ status: 1, dueAt: 1 });
  // "My check-ins" in the App Home and the personal Teams chat.
  schema.index({ 'respondent.people.slackUserId': 1, status: 1 });
  schema.index({ 'respondent.people.teamsUserId': 1, status: 1 });
  schema.index({ contractRef: 1, status: 1, periodStart: -1 });
  // Redrawing a posted prompt finds the check-ins it shows.
  schema.index({ 'prompts.messageTs': 1 });
  schema.index({ 'prompts.activityId': 1 });
  return defineModel(connection, 'Checkin', withSafeQueries(schema));
}

export type CheckinModel = ReturnType<typeof createCheckinModel>;

/**
 * Window sizes of the check-in claim tables (window-claims.ts). Every replica must use the same ones,
 * so they are constants: a dispatch claim holds for the lease plus at most a minute, a lock for its
 * 15 seconds plus at most 5.
 */
export const CHECKIN_CLAIM_WINDOW_MS = 60_000;
export const CHECKIN_LOCK_WINDOW_MS = 5_000;

/**
 * Update statements sent in one command. FerretDB 1.24 keeps each statement's read open until the whole
 * command ends, on its pool of 100 SQLite connections: two concurrent commands of ~70 statements each were
 * seen to exhaust the pool and hang for good. Small commands, one at a time per replica, stay far below.
 */
const WRITES_PER_COMMAND = 10;

/** A dispatch that was started for a check-in and not seen through (its replica died, or the post failed). */
export interface DispatchAttempt {
  checkinId: string;
  owner: string;
  /** When the first unfinished attempt began: its prompt, if any, was posted after this. */
  at: Date;
}

interface DispatchDoc {
  _id: string;
  owner: string;
  at: Date;
  /** The batch that wrote it, so a batch forgets its intents with one equality match. */
  batch: string;
}

/** Intents to prompt, one per check-in whose prompt is being posted; see `markDispatching`. */
export function createCheckinDispatchModel(connection: Connection) {
  const schema = new Schema<DispatchDoc>(
    {
      _id: { type: String, required: true },
      owner: { type: String, required: true },
      at: { type: Date, required: true },
      batch: { type: String, required: true },
    },
    { collection: 'checkin_dispatches', versionKey: false, strict: true, strictQuery: 'throw', autoIndex: false },
  );
  schema.index({ at: 1 });
  return defineModel(connection, 'CheckinDispatch', schema);
}

export type CheckinDispatchModel = ReturnType<typeof createCheckinDispatchModel>;

const CURSOR_NOT_FOUND = 43;

/** A list of due check-ins read a page at a time; see `CheckinRepository.dueList`. */
export interface DueList {
  /** The next page, oldest first; empty once the list is over. */
  next(): Promise<CheckinRecord[]>;
  /** Lets the rest of the list go (closes the cursor); safe to call more than once. */
  close(): Promise<void>;
}

/** What a posted prompt changes on each check-in it shows. */
export interface PromptedEntry {
  id: string;
  /** Where it was posted: one per surface and channel. */
  prompts: PromptRef[];
  schedule: { remindAt?: Date; graceEndsAt?: Date; nextActionAt?: Date | null };
}

export interface CheckinTables {
  Checkin: CheckinModel;
  Dispatch: CheckinDispatchModel;
  /** Dispatch claims (reentrant, CHECKIN_CLAIM_WINDOW_MS). */
  claims: WindowClaimTable;
  /** Short locks around a check-in's read-modify-write (CHECKIN_LOCK_WINDOW_MS). */
  locks: WindowClaimTable;
}

/**
 * Runs `work` while holding the check-in's lock. Status changes of one check-in (prompted, answered,
 * snoozed, missed) run one at a time, because FerretDB rewrites whole documents and does not make a
 * conditional update atomic: two unlocked writers can undo each other's change.
 */
export function lockCheckin<T>(
  locks: WindowClaimTable,
  id: string,
  work: () => Promise<T>,
  giveUpIf?: () => Promise<Error | null>,
): Promise<T> {
  return withWindowLocks(locks, [`checkin:${id}`], () => work(), { owner: `lock-${newId()}`, giveUpIf });
}

export interface CheckinRepository {
  /**
   * Creates the check-in for a KPI period unless it exists; `created` is true for exactly one caller
   * even when many replicas ask at once. `nextActionAt` starts at `dueAt`.
   */
  ensure(input: NewCheckin): Promise<{ checkin: CheckinRecord; created: boolean }>;
  /**
   * Creates many check-ins in one insert (imports, seeding), pending and due at their `dueAt`; those that
   * exist already are left as they are. Returns how many were created.
   */
  insertMany(inputs: NewCheckin[]): Promise<number>;
  get(id: string): Promise<CheckinRecord | null>;
  require(id: string): Promise<CheckinRecord>;
  find(contractRef: string, kpiKey: string, periodKey: string): Promise<CheckinRecord | null>;
  listForContract(
    contractRef: string,
    options?: { status?: CheckinStatus[]; kpiKey?: string; limit?: number },
  ): Promise<CheckinRecord[]>;
  /**
   * Every check-in shown in one posted message (prompts may group several check-ins); `messageId`
   * is the Slack message ts or the Teams activity id.
   */
  byPrompt(surface: ChatSurface, channelId: string, messageId: string): Promise<CheckinRecord[]>;
  /** Pending or prompted check-ins a person is asked to answer. */
  openForPerson(identity: PersonIdentity): Promise<CheckinRecord[]>;
  /** Open check-ins whose `nextActionAt` has come, without claiming them (for dashboards). */
  due(now: Date, limit?: number): Promise<CheckinRecord[]>;
  /** When the next open check-in needs something done (prompt, reminder, missed): the dispatch job's next run. */
  earliestAction(): Promise<Date | null>;
  /**
   * Claims up to `limit` due check-ins for `owner` for `leaseMs`. Several replicas calling at once
   * never get the same check-in; a claim whose lease ran out may be taken by another replica.
   * Check-ins in `skip` are left alone (those this caller already tried in the same run).
   */
  claimDue(
    now: Date,
    owner: string,
    leaseMs: number,
    limit: number,
    options?: { skip?: ReadonlySet<string> },
  ): Promise<CheckinRecord[]>;
  /** Open check-ins whose next action has come, oldest first, without claiming them: one query. */
  dueCandidates(now: Date, limit: number): Promise<CheckinRecord[]>;
  /**
   * The same list as `dueCandidates`, read a page at a time from one query (a cursor): a dispatch run holds
   * one page of it, not the whole list. FerretDB on SQLite scans the collection for this query whatever its
   * limit, so one query read in pages costs one scan where a query per page would cost one scan each.
   */
  dueList(now: Date, pageSize: number): DueList;
  /**
   * Claims those of `candidates` (from `dueCandidates`) that nobody holds, in one insert. A dispatch run reads
   * its candidates once and claims them a batch at a time, instead of querying again for every batch.
   */
  claimCandidates(candidates: CheckinRecord[], owner: string, leaseMs: number, now: Date): Promise<CheckinRecord[]>;
  /** Claims these check-ins, if still open, for `owner`; those held by someone else are left out. */
  claim(ids: string[], owner: string, leaseMs: number, now: Date): Promise<CheckinRecord[]>;
  /**
   * Done with a claimed check-in, optionally with the next time the scheduler should look at it. The
   * claim itself runs out on its own (never sooner, so a replica that read the check-in a moment
   * before it changed cannot claim and act on it again); until then only `owner` can take it again.
   */
  releaseClaim(id: string, owner: string, options?: { nextActionAt?: Date | null }): Promise<void>;
  /** `releaseClaim` without a new next action, for many at once and without a database call. */
  finishClaims(ids: string[], owner: string): void;
  /**
   * Records, before posting, that `owner` is about to prompt these check-ins: one insert for the batch.
   * Returns the earlier attempts that were never seen through (a replica died between posting and
   * recording the prompt, or a post failed half-way): their prompts may already be in the channel,
   * so the caller looks for them (ChatSurface.findPostedPrompt) before posting again.
   */
  markDispatching(
    ids: string[],
    owner: string,
    at: Date,
  ): Promise<{ batch: string; earlier: Map<string, DispatchAttempt> }>;
  /**
   * Forgets the intents of a batch, and of the earlier attempts it settled, except those in `keep`: their
   * prompts are not all recorded yet, so their retry must look for what was posted.
   */
  clearDispatching(batch: string, settled: string[], keep: string[]): Promise<void>;
  /**
   * `markPrompted` for many check-ins at once: one lock call, one read and one write command for the
   * lot. Check-ins that were closed meanwhile (answered through the App Home) or that stayed locked
   * are returned in `skipped` and keep their intent, so a later run settles them.
   */
  markPromptedMany(entries: PromptedEntry[]): Promise<{ marked: CheckinRecord[]; skipped: string[] }>;
  /** `contractRef \0 kpiKey \0 periodKey` of the check-ins that exist for these periods. */
  existingKeys(periodKeys: string[]): Promise<Set<string>>;
  /** Deletes dispatch claims and locks that ran out before `before`, and intents older than `intentsBefore`. */
  purge(before: Date, intentsBefore: Date): Promise<number>;
  /** Records where the prompt was posted (one per surface and channel) and moves pending → prompted. */
  markPrompted(
    id: string,
    prompt: PromptRef,
    schedule?: { remindAt?: Date; graceEndsAt?: Date; nextActionAt?: Date | null },
  ): Promise<CheckinRecord>;
  markReminded(id: string, at: Date, nextActionAt?: Date | null): Promise<CheckinRecord>;
  /** Delays reminders until `until`; only while the check-in is open. */
  snooze(id: string, until: Date, by: Person): Promise<CheckinRecord>;
  /** `already_answered` when a score was accepted first. */
  markNotApplicable(id: string, reason: string, by: Person): Promise<CheckinRecord>;
  /** pending/prompted → missed; null when it was answered or closed in the meantime. */
  markMissed(id: string, at: Date): Promise<CheckinRecord | null>;
  /** Counts per status, computed in code (FerretDB's `$group` cannot be trusted). */
  countByStatus(contractRef?: string): Promise<Record<CheckinStatus, number>>;
}

export function createCheckinRepository(tables: CheckinTables, clock: Clock): CheckinRepository {
  const { Checkin, Dispatch, claims, locks } = tables;
  const get = async (id: string) => (isStoreId(id) ? toCheckinOrNull(await Checkin.findById(id).lean()) : null);
  const require = async (id: string) => {
    const found = await get(id);
    if (!found) throw notFound('Check-in', id);
    return found;
  };
  const locked = <T>(id: string, work: () => Promise<T>) => lockCheckin(locks, id, work);
  // Batched writes of this repository run one command at a time (see WRITES_PER_COMMAND).
  let writing: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const next = writing.then(work, work);
    writing = next.catch(() => undefined);
    return next;
  };
  const withClaim = (record: CheckinRecord, claim: WindowClaim): CheckinRecord => ({
    ...record,
    claimedBy: claim.owner,
    claimExpiresAt: claim.expiresAt,
  });

  const repository: CheckinRepository = {
    async ensure(input) {
      const key = {
        contractRef: exactText(input.contractRef, 'contractRef'),
        kpiKey: exactText(input.kpiKey, 'kpiKey'),
        periodKey: exactText(input.periodKey, 'periodKey'),
      };
      const { contractRef: _c, kpiKey: _k, periodKey: _p, ...fields } = input;
      const now = clock();
      const onInsert = {
        ...fields,
        status: 'pending',
        nextActionAt: input.dueAt,
        prompts: [],
        createdAt: now,
        updatedAt: now,
      };
      // An upsert with $setOnInsert: the first caller inserts, the others read what it wrote. Two
      // upserts racing can still collide on the unique index; the loser then simply reads the winner's.
      for (let attempt = 0; attempt < 3; attempt += 1) {
        try {
          const result = await Checkin.findOneAndUpdate(
            key,
            { $setOnInsert: onInsert },
            {
              upsert: true,
              returnDocument: 'after',
              includeResultMetadata: true,
              lean: true,
              runValidators: true,
              // Set in $setOnInsert above, so that asking again does not touch an existing check-in.
              timestamps: false,
            },
          );
          if (result.value) {
            return {
              checkin: toCheckin(result.value),
              created: result.lastErrorObject?.updatedExisting === false,
            };
          }
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
        }
        const existing = await Checkin.findOne(key).lean();
        if (existing) return { checkin: toCheckin(existing), created: false };
      }
      throw new StewardError('unavailable', 'The check-in could not be created; try again in a moment.');
    },

    async insertMany(inputs) {
      if (inputs.length === 0) return 0;
      const now = clock();
      const docs = inputs.map((input) => ({
        ...input,
        contractRef: exactText(input.contractRef, 'contractRef'),
        kpiKey: exactText(input.kpiKey, 'kpiKey'),
        periodKey: exactText(input.periodKey, 'periodKey'),
        status: 'pending',
        nextActionAt: input.dueAt,
        prompts: [],
        createdAt: now,
        updatedAt: now,
      }));
      try {
        const created = await Checkin.insertMany(docs, { ordered: false, lean: true });
        return created.length;
      } catch (error) {
        const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
        const list = (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []) as Array<{
          code?: number;
        }>;
        if (list.length === 0 || list.some((e) => e.code !== DUPLICATE_KEY)) throw error;
        return docs.length - list.length;
      }
    },

    get,
    require,

    async find(contractRef, kpiKey, periodKey) {
      const doc = await Checkin.findOne({
        contractRef: exactText(contractRef, 'contractRef'),
        kpiKey: exactText(kpiKey, 'kpiKey'),
        periodKey: exactText(periodKey, 'periodKey'),
      }).lean();
      return toCheckinOrNull(doc);
    },

    async listForContract(contractRef, options = {}) {
      const query: Record<string, unknown> = { contractRef: exactText(contractRef, 'contractRef') };
      if (options.status) query.status = op({ $in: options.status.map((s) => exactText(s, 'status')) });
      if (options.kpiKey !== undefined) query.kpiKey = exactText(options.kpiKey, 'kpiKey');
      const docs = await Checkin.find(query)
        .sort({ periodStart: -1, kpiKey: 1 })
        .limit(options.limit ?? 0)
        .lean();
      return docs.map((d) => toCheckin(d));
    },

    async byPrompt(surface, channelId, messageId) {
      const channel = exactText(channelId, 'channelId');
      const message = exactText(messageId, 'messageId');
      const docs = await Checkin.find({ $or: [{ 'prompts.messageTs': message }, { 'prompts.activityId': message }] })
        .sort({ kpiKey: 1 })
        .lean();
      // FerretDB's $elemMatch takes only operators, so the matching prompt is picked out here.
      return docs
        .map((d) => toCheckin(d))
        .filter((c) =>
          c.prompts.some(
            (p) =>
              p.surface === surface && p.channelId === channel && (p.messageTs === message || p.activityId === message),
          ),
        );
    },

    async openForPerson(identity) {
      const ors: Record<string, string>[] = [];
      if (identity.slackUserId !== undefined) {
        ors.push({ 'respondent.people.slackUserId': exactText(identity.slackUserId, 'slackUserId') });
      }
      if (identity.teamsUserId !== undefined) {
        ors.push({ 'respondent.people.teamsUserId': exactText(identity.teamsUserId, 'teamsUserId') });
      }
      if (ors.length === 0) return [];
      const docs = await Checkin.find({ status: op({ $in: OPEN_CHECKIN_STATUSES }), $or: ors })
        .sort({ dueAt: 1 })
        .lean();
      return docs.map((d) => toCheckin(d));
    },

    async earliestAction() {
      const doc = await Checkin.findOne({
        status: op({ $in: OPEN_CHECKIN_STATUSES }),
        nextActionAt: op({ $ne: null }),
      })
        .sort({ nextActionAt: 1 })
        .select({ nextActionAt: 1 })
        .lean();
      return (doc?.nextActionAt as Date | undefined) ?? null;
    },

    async due(now, limit = 100) {
      const docs = await Checkin.find({
        status: op({ $in: OPEN_CHECKIN_STATUSES }),
        nextActionAt: op({ $lte: now }),
      })
        .sort({ nextActionAt: 1 })
        .limit(limit)
        .lean();
      return docs.map((d) => toCheckin(d));
    },

    /*
     * The claim is an insert per check-in into the dispatch claim table (window-claims.ts), one command
     * for the batch; nothing is written to the check-ins, so claiming never races with a person answering.
     * The due check-ins of other replicas' claims still match the query, so it pages past them.
     */
    async claimDue(now, owner, leaseMs, limit, options = {}) {
      const claimed: CheckinRecord[] = [];
      if (limit <= 0) return claimed;
      const candidates = (await repository.dueCandidates(now, Math.max(4 * limit, 200))).filter(
        (c) => !options.skip?.has(c.id),
      );
      while (candidates.length > 0 && claimed.length < limit) {
        const chunk = candidates.splice(0, limit - claimed.length);
        claimed.push(...(await repository.claimCandidates(chunk, owner, leaseMs, now)));
      }
      return claimed;
    },

    async dueCandidates(now, limit) {
      const docs = await Checkin.find({
        status: op({ $in: OPEN_CHECKIN_STATUSES }),
        nextActionAt: op({ $lte: now }),
      })
        .sort({ nextActionAt: 1, _id: 1 })
        .limit(limit)
        .lean();
      return docs.map((d) => toCheckin(d));
    },

    dueList(now, pageSize) {
      const cursor = Checkin.find({
        status: op({ $in: OPEN_CHECKIN_STATUSES }),
        nextActionAt: op({ $lte: now }),
      })
        .sort({ nextActionAt: 1, _id: 1 })
        .lean()
        .cursor({ batchSize: pageSize });
      let over = false;
      let seen = 0;
      return {
        async next() {
          const page: CheckinRecord[] = [];
          while (!over && page.length < pageSize) {
            let doc: object | null;
            try {
              doc = await cursor.next();
            } catch (error) {
              // A cursor the server let go of while the run posted (CursorNotFound) ends this list; the run
              // reads a fresh one. Anything else (the database went away) is the run's failure.
              if ((error as { code?: unknown }).code !== CURSOR_NOT_FOUND || page.length + seen === 0) throw error;
              doc = null;
            }
            if (doc) page.push(toCheckin(doc));
            else over = true;
          }
          seen += page.length;
          return page;
        },
        async close() {
          over = true;
          await cursor.close().catch(() => undefined);
        },
      };
    },

    async claimCandidates(candidates, owner, leaseMs, now) {
      if (candidates.length === 0) return [];
      // Check-ins another replica holds (or this one, still busy with them) are not even tried.
      const held = await claims.holdersOf(
        candidates.map((c) => c.id),
        now,
      );
      const takeable = candidates.filter((c) => {
        const holder = held.get(c.id);
        return holder === undefined || (holder === owner && !claims.isBusy(c.id, owner));
      });
      const got = await claims.claimMany(
        takeable.map((c) => c.id),
        owner,
        leaseMs,
        now,
      );
      // Taken again from this replica's own finished claim: another run here (two ticks overlapping) may have
      // prompted it since the candidate list was read, and cleared its intent, so the list's record is read
      // again; a point read each, and only for these.
      const retaken = takeable.filter((c) => got.has(c.id) && held.get(c.id) === owner);
      const fresh = new Map(
        (await mapLimit(retaken, 8, (c) => Checkin.collection.findOne({ _id: new Types.ObjectId(c.id) }))).flatMap(
          (doc) => (doc ? [[String(doc._id), toCheckin(doc)] as const] : []),
        ),
      );
      return takeable.flatMap((c) => {
        const claim = got.get(c.id);
        if (!claim) return [];
        if (held.get(c.id) !== owner) return [withClaim(c, claim)];
        const current = fresh.get(c.id);
        if (current && OPEN_CHECKIN_STATUSES.includes(current.status)) return [withClaim(current, claim)];
        claims.finish([c.id], owner);
        return [];
      });
    },

    async claim(ids, owner, leaseMs, now) {
      const wanted = ids.filter(isStoreId);
      if (wanted.length === 0) return [];
      const got = await claims.claimMany(wanted, owner, leaseMs, now);
      if (got.size === 0) return [];
      // Read after claiming: what another replica did before our claim is then visible.
      const docs = await Checkin.find({ _id: op({ $in: [...got.keys()] }) }).lean();
      const claimed: CheckinRecord[] = [];
      for (const record of docs.map((d) => toCheckin(d))) {
        if (OPEN_CHECKIN_STATUSES.includes(record.status)) claimed.push(withClaim(record, got.get(record.id)!));
        else claims.finish([record.id], owner);
      }
      return claimed;
    },

    async releaseClaim(id, owner, options = {}) {
      if (!isStoreId(id)) return;
      claims.finish([id], owner);
      if (options.nextActionAt === undefined) return;
      await locked(id, async () => {
        const current = await get(id);
        if (!current || !OPEN_CHECKIN_STATUSES.includes(current.status)) return;
        const update: Record<string, unknown> =
          options.nextActionAt === null
            ? { $unset: { nextActionAt: 1 } }
            : { $set: { nextActionAt: options.nextActionAt } };
        await Checkin.updateOne({ _id: id }, update);
      });
    },

    finishClaims(ids, owner) {
      claims.finish(ids, owner);
    },

    async markDispatching(ids, owner, at) {
      const earlier = new Map<string, DispatchAttempt>();
      const batch = newId();
      if (ids.length === 0) return { batch, earlier };
      const docs = ids.map((id) => ({
        _id: exactText(id, 'checkinId'),
        owner: exactText(owner, 'owner'),
        at,
        batch,
      }));
      const collided: string[] = [];
      try {
        await Dispatch.collection.insertMany(docs as never[], { ordered: false });
      } catch (error) {
        const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
        const list = (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []) as Array<{
          index: number;
          code?: number;
        }>;
        if (list.length === 0 || list.some((e) => e.code !== DUPLICATE_KEY)) throw error;
        for (const e of list) collided.push(docs[e.index]!._id);
      }
      // An intent is already there: an attempt that was not seen through. It keeps its (earlier) time.
      for (let i = 0; i < collided.length; i += 500) {
        const found = await Dispatch.find({ _id: op({ $in: collided.slice(i, i + 500) }) }).lean();
        for (const doc of found) earlier.set(doc._id, { checkinId: doc._id, owner: doc.owner, at: doc.at });
      }
      return { batch, earlier };
    },

    async clearDispatching(batch, settled, keep) {
      const kept = keep.length > 0 ? await Dispatch.find({ _id: op({ $in: keep }) }).lean() : [];
      await Dispatch.collection.deleteMany({ batch: exactText(batch, 'batch') } as never);
      for (let i = 0; i < settled.length; i += 500) {
        await Dispatch.collection.deleteMany({ _id: { $in: settled.slice(i, i + 500) } } as never);
      }
      // Intents of this batch that must stay: written again (they were deleted with the batch).
      const again = kept.filter((doc) => doc.batch === batch);
      if (again.length > 0) {
        await Dispatch.collection.insertMany(again as never[], { ordered: false }).catch((error: unknown) => {
          if (!isDuplicateKey(error) && !(error as { writeErrors?: unknown }).writeErrors) throw error;
        });
      }
    },

    async markPromptedMany(entries) {
      const byId = new Map(entries.filter((e) => isStoreId(e.id)).map((e) => [e.id, e]));
      const skipped = entries.filter((e) => !byId.has(e.id)).map((e) => e.id);
      if (byId.size === 0) return { marked: [], skipped };
      const keys = [...byId.keys()].map((id) => `checkin:${id}`);
      // One batch at a time per replica, locks included: a batch must not hold its locks while it waits.
      return serially(() =>
        withWindowLocks(
          locks,
          keys,
          async (locked) => {
            const lockedIds = [...byId.keys()].filter((id) => locked.has(`checkin:${id}`));
            skipped.push(...[...byId.keys()].filter((id) => !locked.has(`checkin:${id}`)));
            // Point reads by _id, a few at a time: FerretDB answers those from an index (see scripts/ferretdb),
            // where an `$in` list is matched against every document in Go. Through the driver: a mongoose query
            // per check-in cost more than the read itself in profiles of a large fan-out.
            const docs = (
              await mapLimit(lockedIds, 8, (id) => Checkin.collection.findOne({ _id: new Types.ObjectId(id) }))
            ).filter((doc): doc is NonNullable<typeof doc> => doc !== null);
            const marked: CheckinRecord[] = [];
            const writes: Array<Record<string, unknown>> = [];
            const seen = new Set<string>();
            for (const current of docs.map((d) => toCheckin(d))) {
              seen.add(current.id);
              const entry = byId.get(current.id)!;
              if (!OPEN_CHECKIN_STATUSES.includes(current.status)) {
                skipped.push(current.id);
                continue;
              }
              const posted = new Set(entry.prompts.map((p) => `${p.surface}\u0000${p.channelId}`));
              const prompts = [
                ...current.prompts.filter((p) => !posted.has(`${p.surface}\u0000${p.channelId}`)),
                ...entry.prompts,
              ];
              const { schedule } = entry;
              const set: Record<string, unknown> = { status: 'prompted', prompts, updatedAt: clock() };
              if (schedule.remindAt) set.remindAt = schedule.remindAt;
              if (schedule.graceEndsAt) set.graceEndsAt = schedule.graceEndsAt;
              const nextActionAt =
                schedule.nextActionAt === undefined
                  ? (schedule.remindAt ?? schedule.graceEndsAt ?? current.remindAt ?? current.graceEndsAt)
                  : schedule.nextActionAt;
              const update: Record<string, unknown> = { $set: set };
              if (nextActionAt) set.nextActionAt = nextActionAt;
              else update.$unset = { nextActionAt: 1 };
              // Only `_id` in the filter: FerretDB looks that up in SQL, anything more is filtered in Go.
              writes.push({ updateOne: { filter: { _id: current.id }, update } });
              const record: CheckinRecord = { ...current, ...(set as Partial<CheckinRecord>) };
              if (!nextActionAt) delete record.nextActionAt;
              marked.push(record);
            }
            skipped.push(...lockedIds.filter((id) => !seen.has(id)));
            for (let i = 0; i < writes.length; i += WRITES_PER_COMMAND) {
              const chunk = writes.slice(i, i + WRITES_PER_COMMAND);
              await Checkin.bulkWrite(chunk as never, { ordered: false, timestamps: false });
            }
            return { marked, skipped };
          },
          { owner: `lock-${newId()}`, partial: true, waitMs: 2_000 },
        ),
      );
    },

    async existingKeys(periodKeys) {
      const found = new Set<string>();
      const keys = [...new Set(periodKeys.map((k) => exactText(k, 'periodKey')))];
      if (keys.length === 0) return found;
      const docs = await Checkin.find({ periodKey: op({ $in: keys }) })
        .select({ contractRef: 1, kpiKey: 1, periodKey: 1, _id: 0 })
        .lean();
      for (const doc of docs) found.add(`${doc.contractRef}\u0000${doc.kpiKey}\u0000${doc.periodKey}`);
      return found;
    },

    async purge(before, intentsBefore) {
      const purged = await Promise.all([
        claims.purge(before),
        locks.purge(before),
        deleteInSlices(Dispatch, 'at', intentsBefore),
      ]);
      return purged.reduce((sum, n) => sum + n, 0);
    },

    async markPrompted(id, prompt, schedule = {}) {
      return locked(id, async () => {
        const current = await require(id);
        if (!OPEN_CHECKIN_STATUSES.includes(current.status)) {
          throw new StewardError('invalid_transition', `This check-in is already ${current.status}.`);
        }
        // One prompt per surface and channel: a re-post replaces the earlier reference.
        const prompts = [
          ...current.prompts.filter((p) => !(p.surface === prompt.surface && p.channelId === prompt.channelId)),
          prompt,
        ];
        const set: Record<string, unknown> = { status: 'prompted', prompts };
        if (schedule.remindAt) set.remindAt = schedule.remindAt;
        if (schedule.graceEndsAt) set.graceEndsAt = schedule.graceEndsAt;
        const nextActionAt =
          schedule.nextActionAt === undefined
            ? (schedule.remindAt ?? schedule.graceEndsAt ?? current.remindAt ?? current.graceEndsAt)
            : schedule.nextActionAt;
        const update: Record<string, unknown> = { $set: set };
        if (nextActionAt) set.nextActionAt = nextActionAt;
        else update.$unset = { nextActionAt: 1 };
        await Checkin.updateOne({ _id: id, status: op({ $in: OPEN_CHECKIN_STATUSES }) }, update);
        return require(id);
      });
    },

    async markReminded(id, at, nextActionAt) {
      return locked(id, async () => {
        const current = await require(id);
        const next = nextActionAt === undefined ? current.graceEndsAt : nextActionAt;
        const update: Record<string, unknown> = { $set: { remindedAt: at, ...(next ? { nextActionAt: next } : {}) } };
        if (!next) update.$unset = { nextActionAt: 1 };
        await Checkin.updateOne({ _id: id, status: op({ $in: OPEN_CHECKIN_STATUSES }) }, update);
        return require(id);
      });
    },

    async snooze(id, until, by) {
      return locked(id, async () => {
        const current = await require(id);
        if (!OPEN_CHECKIN_STATUSES.includes(current.status)) {
          throw new StewardError(
            'invalid_transition',
            `This check-in is already ${current.status}; there is nothing to snooze.`,
          );
        }
        await Checkin.updateOne(
          { _id: id, status: current.status },
          { $set: { snoozedUntil: until, snoozedBy: by, nextActionAt: until } },
        );
        return require(id);
      });
    },

    async markNotApplicable(id, reason, by) {
      return locked(id, async () => {
        const current = await require(id);
        if (current.status === 'answered') throw alreadyAnswered();
        if (current.status === 'not-applicable') {
          throw new StewardError('invalid_transition', 'This check-in is already marked not applicable.');
        }
        await Checkin.updateOne(
          { _id: id, status: current.status },
          {
            $set: { status: 'not-applicable', notApplicableReason: reason, notApplicableBy: by },
            $unset: { nextActionAt: 1 },
          },
        );
        return require(id);
      });
    },

    async markMissed(id, at) {
      return locked(id, async () => {
        const current = await get(id);
        if (!current || !OPEN_CHECKIN_STATUSES.includes(current.status)) return null;
        await Checkin.updateOne(
          { _id: id, status: current.status },
          { $set: { status: 'missed', missedAt: at }, $unset: { nextActionAt: 1 } },
        );
        return require(id);
      });
    },

    async countByStatus(contractRef) {
      const base = contractRef === undefined ? {} : { contractRef: exactText(contractRef, 'contractRef') };
      const counts = await Promise.all(CHECKIN_STATUSES.map((status) => Checkin.countDocuments({ ...base, status })));
      return Object.fromEntries(CHECKIN_STATUSES.map((status, i) => [status, counts[i] ?? 0])) as Record<
        CheckinStatus,
        number
      >;
    },
  };
  return repository;
}

/**
 * FerretDB drops empty arrays written by an upsert's $setOnInsert (observed: `prompts: []` is not
 * stored), so arrays are defaulted when reading.
 */
export function toCheckin(doc: object): CheckinRecord {
  const record = toRecord<CheckinRecord>(doc);
  return {
    ...record,
    prompts: record.prompts ?? [],
    respondent: { ...record.respondent, people: record.respondent?.people ?? [] },
  };
}

function toCheckinOrNull(doc: object | null | undefined): CheckinRecord | null {
  return doc ? toCheckin(doc) : null;
}

export function alreadyAnswered(): StewardError {
  return new StewardError(
    'already_answered',
    'This check-in has already been answered. To change the value, correct the score instead.',
  );
}
