import { type Connection, Schema } from 'mongoose';
import type { Clock } from '../domain/clock';
import { StewardError } from '../domain/errors';
import { ESCALATION_STATUSES, ESCALATION_TRIGGERS, type EscalationStatus, type Person } from '../domain/types';
import { type ClaimTable, withLock } from './claims';
import {
  ESCALATION_HISTORY_ACTIONS,
  type EscalationHistoryEntry,
  type EscalationRecord,
  type NewEscalation,
  type PendingEscalationPost,
  type ThreadRef,
} from './records';
import {
  baseOptions,
  defineModel,
  exactText,
  isDuplicateKey,
  isStoreId,
  notFound,
  op,
  personSchema,
  toRecord,
  toRecordOrNull,
  withSafeQueries,
} from './shared';

type EscalationDoc = Omit<EscalationRecord, 'id' | 'createdAt' | 'updatedAt'>;

const ACTIVE: readonly EscalationStatus[] = ['open', 'acknowledged'];

export function createEscalationModel(connection: Connection, clock: Clock) {
  const schema = new Schema<EscalationDoc>(
    {
      contractRef: { type: String, required: true },
      sourceKey: { type: String, required: true },
      trigger: { type: String, enum: ESCALATION_TRIGGERS, required: true },
      summary: { type: String, required: true },
      kpiKey: String,
      checkinId: String,
      obligationId: String,
      correctiveActionId: String,
      level: { type: Number, required: true, default: 1 },
      status: { type: String, enum: ESCALATION_STATUSES, required: true, default: 'open' },
      levelNotifiedAt: Date,
      ackDueAt: Date,
      threads: {
        type: [
          new Schema(
            {
              surface: { type: String, enum: ['slack', 'teams'], required: true },
              channelId: { type: String, required: true },
              threadTs: String,
              activityId: String,
              serviceUrl: String,
            },
            { _id: false },
          ),
        ],
        default: [],
      },
      history: {
        type: [
          new Schema(
            {
              at: { type: Date, required: true },
              action: { type: String, enum: ESCALATION_HISTORY_ACTIONS, required: true },
              level: { type: Number, required: true },
              by: personSchema,
              note: String,
            },
            { _id: false },
          ),
        ],
        default: [],
      },
      acknowledgedBy: personSchema,
      acknowledgedAt: Date,
      resolvedBy: personSchema,
      resolvedAt: Date,
      resolutionNote: String,
      claimedBy: String,
      claimExpiresAt: Date,
      pendingPosts: {
        type: [
          new Schema(
            {
              kind: { type: String, enum: ['root', 'notice'], required: true },
              surface: { type: String, enum: ['slack', 'teams'], required: true },
              channelId: { type: String, required: true },
              serviceUrl: String,
              threadId: String,
              text: String,
              mention: { type: [personSchema], default: undefined },
              about: String,
              attempts: { type: Number, required: true },
              retryAt: { type: Date, required: true },
            },
            { _id: false },
          ),
        ],
        default: [],
      },
    },
    baseOptions(clock, 'escalations'),
  );
  // One escalation per source: a red score, a missed check-in or an overdue item opens it once.
  schema.index({ sourceKey: 1 }, { unique: true });
  schema.index({ contractRef: 1, status: 1 });
  // The scheduler's "whose time to acknowledge ran out" query.
  schema.index({ status: 1, ackDueAt: 1 });
  return defineModel(connection, 'Escalation', withSafeQueries(schema));
}

export type EscalationModel = ReturnType<typeof createEscalationModel>;

export interface EscalationRepository {
  /** Opens the escalation for `sourceKey` unless one exists; `created` is true for exactly one caller. */
  open(input: NewEscalation): Promise<{ escalation: EscalationRecord; created: boolean }>;
  get(id: string): Promise<EscalationRecord | null>;
  require(id: string): Promise<EscalationRecord>;
  findBySource(sourceKey: string): Promise<EscalationRecord | null>;
  /** Open or acknowledged, optionally of one contract, oldest first. */
  listActive(options?: { contractRef?: string; contractRefs?: string[] }): Promise<EscalationRecord[]>;
  listForContract(contractRef: string, options?: { status?: EscalationStatus[] }): Promise<EscalationRecord[]>;
  /** Claims open escalations whose `ackDueAt` has passed, like `checkins.claimDue`. */
  claimDueForClimb(now: Date, owner: string, leaseMs: number, limit: number): Promise<EscalationRecord[]>;
  /**
   * Changes the posts still to try again under the escalation's lock: `change` gets the current list and
   * returns the new one.
   */
  updatePendingPosts(
    id: string,
    change: (current: PendingEscalationPost[]) => PendingEscalationPost[],
  ): Promise<EscalationRecord>;
  /** Active escalations with a post due to be tried again by `now`, claimed for `owner` (see claimDueForClimb). */
  claimDuePosts(now: Date, owner: string, leaseMs: number, limit: number): Promise<EscalationRecord[]>;
  releasePostsClaim(id: string, owner: string): Promise<void>;
  /** When the earliest post waiting to be tried again is due; null when none waits. */
  earliestPostRetry(): Promise<Date | null>;
  /** When the next open escalation's acknowledgement runs out: the climbing job's next run. */
  earliestAckDue(): Promise<Date | null>;
  releaseClaim(id: string, owner: string): Promise<void>;
  /** Moves an open escalation from `fromLevel` to `toLevel`; null when it is no longer open at `fromLevel`. */
  climb(
    id: string,
    move: { fromLevel: number; toLevel: number; notifiedAt: Date; ackDueAt?: Date; note?: string },
  ): Promise<EscalationRecord | null>;
  /** Records that the current level was told (again), and when its time to acknowledge ends. */
  markNotified(id: string, notifiedAt: Date, ackDueAt?: Date): Promise<EscalationRecord>;
  acknowledge(id: string, by: Person, at: Date, note?: string): Promise<EscalationRecord>;
  resolve(id: string, by: Person, at: Date, note: string): Promise<EscalationRecord>;
  /** Where the escalation is discussed; one thread per surface and channel. */
  addThread(id: string, thread: ThreadRef): Promise<EscalationRecord>;
  addNote(id: string, by: Person, at: Date, note: string): Promise<EscalationRecord>;
}

export function createEscalationRepository(
  Escalation: EscalationModel,
  claims: ClaimTable,
  clock: Clock,
): EscalationRepository {
  const get = async (id: string) =>
    isStoreId(id) ? toRecordOrNull<EscalationRecord>(await Escalation.findById(id).lean()) : null;
  const require = async (id: string) => {
    const found = await get(id);
    if (!found) throw notFound('Escalation', id);
    return found;
  };
  /** Changes to one escalation run one at a time; the $push to its history then cannot lose entries. */
  const change = (id: string, work: (current: EscalationRecord) => Promise<void>) =>
    withLock(claims, `escalation:${id}`, async () => {
      await work(await require(id));
      return require(id);
    });
  const entry = (e: EscalationHistoryEntry) => ({ $push: { history: e } });

  const repository: EscalationRepository = {
    async open(input) {
      const sourceKey = exactText(input.sourceKey, 'sourceKey');
      const now = clock();
      const level = input.level ?? 1;
      const doc = {
        ...input,
        sourceKey,
        contractRef: exactText(input.contractRef, 'contractRef'),
        level,
        status: 'open' as const,
        threads: [],
        history: [{ at: input.levelNotifiedAt ?? now, action: 'opened' as const, level, by: input.openedBy }],
      };
      const { openedBy: _by, ...fields } = doc;
      try {
        const created = await Escalation.create(fields);
        return { escalation: toRecord<EscalationRecord>(created.toObject()), created: true };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        const existing = await repository.findBySource(sourceKey);
        if (!existing) throw error;
        return { escalation: existing, created: false };
      }
    },

    get,
    require,

    async findBySource(sourceKey) {
      return toRecordOrNull<EscalationRecord>(
        await Escalation.findOne({ sourceKey: exactText(sourceKey, 'sourceKey') }).lean(),
      );
    },

    async listActive(options = {}) {
      const query: Record<string, unknown> = { status: op({ $in: ACTIVE }) };
      if (options.contractRef !== undefined) query.contractRef = exactText(options.contractRef, 'contractRef');
      else if (options.contractRefs) {
        query.contractRef = op({ $in: options.contractRefs.map((r) => exactText(r, 'contractRef')) });
      }
      const docs = await Escalation.find(query).sort({ createdAt: 1 }).lean();
      return docs.map((d) => toRecord<EscalationRecord>(d));
    },

    async listForContract(contractRef, options = {}) {
      const query: Record<string, unknown> = { contractRef: exactText(contractRef, 'contractRef') };
      if (options.status) query.status = op({ $in: options.status.map((s) => exactText(s, 'status')) });
      const docs = await Escalation.find(query).sort({ createdAt: -1 }).lean();
      return docs.map((d) => toRecord<EscalationRecord>(d));
    },

    async earliestAckDue() {
      const doc = await Escalation.findOne({ status: 'open', ackDueAt: op({ $ne: null }) })
        .sort({ ackDueAt: 1 })
        .select({ ackDueAt: 1 })
        .lean();
      return (doc?.ackDueAt as Date | undefined) ?? null;
    },

    async claimDueForClimb(now, owner, leaseMs, limit) {
      const claimed: EscalationRecord[] = [];
      if (limit <= 0) return claimed;
      const candidates = await Escalation.find({
        status: 'open',
        ackDueAt: op({ $lte: now }),
        $or: [{ claimExpiresAt: null }, { claimExpiresAt: op({ $lte: now }) }],
      })
        .select({ _id: 1 })
        .sort({ ackDueAt: 1, _id: 1 })
        .limit(limit * 3)
        .lean();
      for (const candidate of candidates) {
        if (claimed.length >= limit) break;
        const id = String(candidate._id);
        // Exclusive by the claims table's unique index, as for check-ins.
        const claim = await claims.acquire(`escalation:${id}`, owner, leaseMs, now, { renew: false });
        if (!claim) continue;
        await Escalation.updateOne(
          { _id: id },
          { $set: { claimedBy: owner, claimExpiresAt: claim.expiresAt } },
          { timestamps: false },
        );
        const fresh = await get(id);
        if (fresh && fresh.status === 'open' && fresh.ackDueAt && fresh.ackDueAt <= now) claimed.push(fresh);
        else await repository.releaseClaim(id, owner);
      }
      return claimed;
    },

    async updatePendingPosts(id, changePosts) {
      return change(id, async (current) => {
        await Escalation.updateOne({ _id: id }, { $set: { pendingPosts: changePosts(current.pendingPosts ?? []) } });
      });
    },

    async claimDuePosts(now, owner, leaseMs, limit) {
      const claimed: EscalationRecord[] = [];
      if (limit <= 0) return claimed;
      const candidates = await Escalation.find({
        status: op({ $in: [...ACTIVE] }),
        'pendingPosts.retryAt': op({ $lte: now }),
      })
        .select({ _id: 1 })
        .limit(limit * 3)
        .lean();
      for (const candidate of candidates) {
        if (claimed.length >= limit) break;
        const id = String(candidate._id);
        // Its own claim key: a climb of the same escalation may run at the same time.
        const claim = await claims.acquire(`escalation-posts:${id}`, owner, leaseMs, now, { renew: false });
        if (!claim) continue;
        const fresh = await get(id);
        if (fresh && ACTIVE.includes(fresh.status) && (fresh.pendingPosts ?? []).some((post) => post.retryAt <= now)) {
          claimed.push(fresh);
        } else await claims.release(`escalation-posts:${id}`, owner);
      }
      return claimed;
    },

    async releasePostsClaim(id, owner) {
      if (!isStoreId(id)) return;
      await claims.release(`escalation-posts:${id}`, owner);
    },

    async earliestPostRetry() {
      const docs = await Escalation.find({
        status: op({ $in: [...ACTIVE] }),
        'pendingPosts.0': op({ $exists: true }),
      })
        .select({ pendingPosts: 1 })
        .lean();
      let earliest: Date | null = null;
      for (const doc of docs) {
        for (const post of (doc.pendingPosts ?? []) as PendingEscalationPost[]) {
          if (!earliest || post.retryAt < earliest) earliest = post.retryAt;
        }
      }
      return earliest;
    },

    async releaseClaim(id, owner) {
      if (!isStoreId(id)) return;
      await claims.release(`escalation:${id}`, owner);
      await Escalation.updateOne(
        { _id: id, claimedBy: exactText(owner, 'owner') },
        { $unset: { claimedBy: 1, claimExpiresAt: 1 } },
        { timestamps: false },
      );
    },

    async climb(id, move) {
      if (!isStoreId(id)) return null;
      return withLock(claims, `escalation:${id}`, async () => {
        const current = await get(id);
        if (current?.status !== 'open' || current.level !== move.fromLevel) return null;
        const set: Record<string, unknown> = { level: move.toLevel, levelNotifiedAt: move.notifiedAt };
        const update: Record<string, unknown> = {
          $set: set,
          ...entry({ at: move.notifiedAt, action: 'climbed', level: move.toLevel, note: move.note }),
        };
        if (move.ackDueAt) set.ackDueAt = move.ackDueAt;
        else update.$unset = { ackDueAt: 1 };
        await Escalation.updateOne({ _id: id, status: 'open', level: move.fromLevel }, update);
        return require(id);
      });
    },

    async markNotified(id, notifiedAt, ackDueAt) {
      return change(id, async (current) => {
        const update: Record<string, unknown> = {
          $set: { levelNotifiedAt: notifiedAt, ...(ackDueAt ? { ackDueAt } : {}) },
          ...entry({ at: notifiedAt, action: 'notified', level: current.level }),
        };
        if (!ackDueAt) update.$unset = { ackDueAt: 1 };
        await Escalation.updateOne({ _id: id }, update);
      });
    },

    async acknowledge(id, by, at, note) {
      return change(id, async (current) => {
        if (current.status !== 'open') {
          throw new StewardError('invalid_transition', `This escalation is already ${current.status}.`);
        }
        await Escalation.updateOne(
          { _id: id, status: 'open' },
          {
            $set: { status: 'acknowledged', acknowledgedBy: by, acknowledgedAt: at },
            $unset: { ackDueAt: 1 },
            ...entry({ at, action: 'acknowledged', level: current.level, by, note }),
          },
        );
      });
    },

    async resolve(id, by, at, note) {
      return change(id, async (current) => {
        if (current.status === 'resolved') {
          throw new StewardError('invalid_transition', 'This escalation is already resolved.');
        }
        await Escalation.updateOne(
          { _id: id, status: current.status },
          {
            $set: { status: 'resolved', resolvedBy: by, resolvedAt: at, resolutionNote: note },
            $unset: { ackDueAt: 1 },
            ...entry({ at, action: 'resolved', level: current.level, by, note }),
          },
        );
      });
    },

    async addThread(id, thread) {
      return change(id, async (current) => {
        const threads = [
          ...current.threads.filter((t) => !(t.surface === thread.surface && t.channelId === thread.channelId)),
          thread,
        ];
        await Escalation.updateOne({ _id: id }, { $set: { threads } });
      });
    },

    async addNote(id, by, at, note) {
      return change(id, async (current) => {
        await Escalation.updateOne({ _id: id }, entry({ at, action: 'note', level: current.level, by, note }));
      });
    },
  };
  return repository;
}
