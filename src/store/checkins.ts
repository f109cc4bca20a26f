import { type Connection, Schema } from 'mongoose';
import type { Clock } from '../domain/clock';
import { StewardError } from '../domain/errors';
import { CHECKIN_STATUSES, type CheckinStatus, type Person, RESPONDENTS } from '../domain/types';
import { type ClaimTable, withLock } from './claims';
import type { ChatSurface, CheckinRecord, NewCheckin, PersonIdentity, PromptRef } from './records';
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
  withSafeQueries,
} from './shared';

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

export interface CheckinRepository {
  /**
   * Creates the check-in for a KPI period unless it exists; `created` is true for exactly one caller
   * even when many replicas ask at once. `nextActionAt` starts at `dueAt`.
   */
  ensure(input: NewCheckin): Promise<{ checkin: CheckinRecord; created: boolean }>;
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
  /**
   * Claims up to `limit` due check-ins for `owner` for `leaseMs`. Several replicas calling at once
   * never get the same check-in; a claim whose lease ran out may be taken by another replica.
   */
  claimDue(now: Date, owner: string, leaseMs: number, limit: number): Promise<CheckinRecord[]>;
  /** Gives a claimed check-in back, optionally with the next time the scheduler should look at it. */
  releaseClaim(id: string, owner: string, options?: { nextActionAt?: Date | null }): Promise<void>;
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

export function createCheckinRepository(Checkin: CheckinModel, claims: ClaimTable, clock: Clock): CheckinRepository {
  const get = async (id: string) => (isStoreId(id) ? toCheckinOrNull(await Checkin.findById(id).lean()) : null);
  const require = async (id: string) => {
    const found = await get(id);
    if (!found) throw notFound('Check-in', id);
    return found;
  };
  /** Status changes of one check-in run one at a time (see withLock for why). */
  const locked = <T>(id: string, work: () => Promise<T>) => withLock(claims, `checkin:${id}`, work);

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
     * `findOneAndUpdate` is not atomic on FerretDB (two claimers were seen receiving the same
     * document), so the claim itself is an insert into the claims table, whose unique index lets
     * exactly one replica win each check-in. The check-in then records the claim so that other
     * replicas skip it in their candidate query, and is read again to hand back fresh data.
     */
    async claimDue(now, owner, leaseMs, limit) {
      const claimed: CheckinRecord[] = [];
      if (limit <= 0) return claimed;
      const candidates = await Checkin.find({
        status: op({ $in: OPEN_CHECKIN_STATUSES }),
        nextActionAt: op({ $lte: now }),
        $or: [{ claimExpiresAt: null }, { claimExpiresAt: op({ $lte: now }) }],
      })
        .select({ _id: 1 })
        .sort({ nextActionAt: 1, _id: 1 })
        .limit(limit * 3)
        .lean();
      for (const candidate of candidates) {
        if (claimed.length >= limit) break;
        const id = String(candidate._id);
        const claim = await claims.acquire(`checkin:${id}`, owner, leaseMs, now, { renew: false });
        if (!claim) continue;
        await Checkin.updateOne(
          { _id: id },
          { $set: { claimedBy: owner, claimExpiresAt: claim.expiresAt } },
          { timestamps: false },
        );
        const fresh = await get(id);
        const stillDue =
          fresh && OPEN_CHECKIN_STATUSES.includes(fresh.status) && fresh.nextActionAt && fresh.nextActionAt <= now;
        if (fresh && stillDue) {
          claimed.push(fresh);
        } else {
          await repository.releaseClaim(id, owner);
        }
      }
      return claimed;
    },

    async releaseClaim(id, owner, options = {}) {
      if (!isStoreId(id)) return;
      await claims.release(`checkin:${id}`, owner);
      const update: Record<string, unknown> = { $unset: { claimedBy: 1, claimExpiresAt: 1 } };
      if (options.nextActionAt === null) (update.$unset as Record<string, number>).nextActionAt = 1;
      else if (options.nextActionAt) update.$set = { nextActionAt: options.nextActionAt };
      await Checkin.updateOne({ _id: id, claimedBy: exactText(owner, 'owner') }, update);
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
