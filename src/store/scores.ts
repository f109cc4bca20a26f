import { type Connection, Schema } from 'mongoose';
import type { Clock } from '../domain/clock';
import { StewardError } from '../domain/errors';
import { type Person, RAG_STATUSES, SURFACES } from '../domain/types';
import { ANSWERABLE_CHECKIN_STATUSES, alreadyAnswered, type CheckinModel, lockCheckin } from './checkins';
import { type ClaimTable, withLock } from './claims';
import type { CheckinRecord, ScoreInput, ScoreRecord, ScoreSummary } from './records';
import {
  baseOptions,
  defineModel,
  exactText,
  isDuplicateKey,
  isStoreId,
  newId,
  notFound,
  op,
  personSchema,
  toRecord,
  toRecordOrNull,
  withSafeQueries,
} from './shared';
import type { WindowClaimTable } from './window-claims';

type ScoreDoc = Omit<ScoreRecord, 'id' | 'createdAt' | 'updatedAt'>;

export function createScoreModel(connection: Connection, clock: Clock) {
  const previousSchema = new Schema(
    {
      value: { type: Number, required: true },
      rag: { type: String, enum: RAG_STATUSES, required: true },
      kpiVersion: { type: Number, required: true },
      comment: String,
      evidenceUrl: String,
      answeredBy: { type: personSchema, required: true },
      answeredAt: { type: Date, required: true },
      surface: { type: String, enum: SURFACES, required: true },
    },
    { _id: false },
  );
  const schema = new Schema<ScoreDoc>(
    {
      contractRef: { type: String, required: true },
      kpiKey: { type: String, required: true },
      kpiVersion: { type: Number, required: true },
      periodKey: { type: String, required: true },
      periodStart: { type: Date, required: true },
      periodEnd: { type: Date, required: true },
      checkinId: String,
      value: { type: Number, required: true },
      rag: { type: String, enum: RAG_STATUSES, required: true },
      comment: String,
      evidenceUrl: String,
      answeredBy: { type: personSchema, required: true },
      answeredAt: { type: Date, required: true },
      surface: { type: String, enum: SURFACES, required: true },
      revision: { type: Number, required: true, default: 1 },
      corrections: {
        type: [
          new Schema(
            {
              revision: { type: Number, required: true },
              previous: { type: previousSchema, required: true },
              correctedBy: { type: personSchema, required: true },
              correctedAt: { type: Date, required: true },
              reason: { type: String, required: true },
            },
            { _id: false },
          ),
        ],
        default: [],
      },
    },
    baseOptions(clock, 'scores'),
  );
  // One accepted score per KPI period (and so per check-in): a second submission collides here.
  schema.index({ contractRef: 1, kpiKey: 1, periodKey: 1 }, { unique: true });
  // Scorecards, trends and portfolio reads by period.
  schema.index({ contractRef: 1, periodStart: -1 });
  schema.index({ contractRef: 1, kpiKey: 1, periodStart: -1 });
  schema.index({ checkinId: 1 });
  return defineModel(connection, 'Score', withSafeQueries(schema));
}

export type ScoreModel = ReturnType<typeof createScoreModel>;

interface ScoreIntentDoc {
  /** The check-in: one submission in flight per check-in (its lock makes sure of that). */
  _id: string;
  scoreId: string;
  contractRef: string;
  at: Date;
}

/**
 * A submission's intent, written before its score and deleted once everything that follows a score
 * (check-in answered, audit event, prompt redrawn, escalation) has run. The collection holds only the
 * submissions in flight or interrupted, so the recovery pass reads all of it (FerretDB scans anyway).
 */
export function createScoreIntentModel(connection: Connection) {
  const schema = new Schema<ScoreIntentDoc>(
    {
      _id: { type: String, required: true },
      scoreId: { type: String, required: true },
      contractRef: { type: String, required: true },
      at: { type: Date, required: true },
    },
    { collection: 'score_intents', versionKey: false, strict: true, strictQuery: 'throw', autoIndex: false },
  );
  return defineModel(connection, 'ScoreIntent', withSafeQueries(schema));
}

export type ScoreIntentModel = ReturnType<typeof createScoreIntentModel>;

/** A score submission whose follow-ups may not have run (see `createScoreIntentModel`). */
export interface ScoreFollowUp {
  checkinId: string;
  scoreId: string;
  contractRef: string;
  /** When the submission began. */
  at: Date;
}

export interface ScoreCorrectionInput {
  value: number;
  rag: ScoreInput['rag'];
  /** Defaults to the version the score was given under. */
  kpiVersion?: number;
  comment?: string;
  evidenceUrl?: string;
  correctedBy: Person;
  reason: string;
  surface: ScoreInput['surface'];
  correctedAt?: Date;
}

export interface ImportedScore extends ScoreInput {
  contractRef: string;
  kpiKey: string;
  periodKey: string;
  periodStart: Date;
  periodEnd: Date;
}

export interface ScoreRepository {
  /**
   * Accepts the answer to a check-in. Of two simultaneous submissions one is accepted and the
   * other gets `already_answered`; `conflict` when the check-in was marked not applicable.
   */
  submit(checkinId: string, input: ScoreInput): Promise<ScoreRecord>;
  /**
   * Submissions whose follow-ups may not have run, begun before `before`, oldest first. `submit` writes one
   * with every score; `finishFollowUp` removes it.
   */
  pendingFollowUps(before: Date, limit?: number): Promise<ScoreFollowUp[]>;
  followUpOf(checkinId: string): Promise<ScoreFollowUp | null>;
  /**
   * Brings an interrupted submission to one side, under the check-in's lock: its score stands and the
   * check-in is answered with it (returned), or there is no score and the check-in is answerable as before
   * (null, and the intent is gone). A score whose check-in can no longer take one (marked not applicable
   * meanwhile) is removed.
   */
  settleFollowUp(checkinId: string): Promise<ScoreRecord | null>;
  /** The follow-ups of this score have run. */
  finishFollowUp(checkinId: string, scoreId: string): Promise<void>;
  /** A score without a check-in (imports, back-filled history); `already_answered` if the period has one. */
  record(input: ImportedScore): Promise<ScoreRecord>;
  /** Replaces the value and keeps the previous one in `corrections`; `conflict` on a stale `expectedRevision`. */
  correct(scoreId: string, input: ScoreCorrectionInput, expectedRevision?: number): Promise<ScoreRecord>;
  get(id: string): Promise<ScoreRecord | null>;
  forCheckin(checkinId: string): Promise<ScoreRecord | null>;
  find(contractRef: string, kpiKey: string, periodKey: string): Promise<ScoreRecord | null>;
  /** Newest period first. */
  history(contractRef: string, kpiKey: string, options?: { limit?: number }): Promise<ScoreRecord[]>;
  /** The latest `count` scores of one KPI, newest first (repeated-breach checks). */
  recent(contractRef: string, kpiKey: string, count: number): Promise<ScoreSummary[]>;
  /**
   * Without `periodKeys`: the latest score of each KPI of the contract. With them: every score of
   * the contract in those periods. Two queries at most, whatever the number of KPIs.
   */
  latestForContract(contractRef: string, periodKeys?: string[]): Promise<ScoreSummary[]>;
  /** Scores of many contracts for periods starting at or after `since`, in batches, one query per batch. */
  forContracts(contractRefs: string[], since: Date): Promise<ScoreSummary[]>;
  /** The same as a stream, for portfolios too large to hold at once. */
  streamForContracts(contractRefs: string[], since: Date): AsyncGenerator<ScoreSummary>;
  /** Every score of a contract as full records (comments, evidence, corrections), oldest period first; for exports. */
  listForContract(contractRef: string): Promise<ScoreRecord[]>;
}

export const SUMMARY_FIELDS = {
  contractRef: 1,
  kpiKey: 1,
  kpiVersion: 1,
  periodKey: 1,
  periodStart: 1,
  value: 1,
  rag: 1,
  answeredAt: 1,
} as const;

/** `$in` lists are sent in slices of this size. */
const BATCH = 500;

export function createScoreRepository(
  Score: ScoreModel,
  Checkin: CheckinModel,
  claims: ClaimTable,
  clock: Clock,
  /** The check-in locks the check-in repository takes too (checkins.ts `lockCheckin`). */
  checkinLocks: WindowClaimTable,
  Intent: ScoreIntentModel,
): ScoreRepository {
  const get = async (id: string) =>
    isStoreId(id) ? toRecordOrNull<ScoreRecord>(await Score.findById(id).lean()) : null;

  const markAnswered = (checkinId: string, score: Pick<ScoreRecord, 'id' | 'answeredAt'>) =>
    Checkin.updateOne(
      { _id: checkinId },
      {
        $set: { status: 'answered', answeredScoreId: score.id, answeredAt: score.answeredAt },
        $unset: { nextActionAt: 1, claimedBy: 1, claimExpiresAt: 1 },
      },
    );

  /** While waiting for the check-in's lock: stop once the holder has answered it. */
  const answeredMeanwhile = (checkinId: string) => async () => {
    const doc = await Checkin.findById(checkinId).select({ status: 1 }).lean();
    return doc?.status === 'answered' ? alreadyAnswered() : null;
  };

  const submitLocked = (checkinId: string, input: ScoreInput): Promise<ScoreRecord> =>
    lockCheckin(
      checkinLocks,
      checkinId,
      async () => {
        const doc = await Checkin.findById(checkinId).lean();
        if (!doc) throw notFound('Check-in', checkinId);
        const checkin = toRecord<CheckinRecord>(doc);
        if (checkin.status === 'answered') throw alreadyAnswered();
        if (!ANSWERABLE_CHECKIN_STATUSES.includes(checkin.status)) {
          throw new StewardError(
            'conflict',
            `This check-in was marked ${checkin.status}${checkin.notApplicableReason ? ` (${checkin.notApplicableReason})` : ''}, so it takes no score.`,
          );
        }
        const answeredAt = input.answeredAt ?? clock();
        const id = newId();
        await Intent.replaceOne(
          { _id: checkinId },
          { _id: checkinId, scoreId: id, contractRef: checkin.contractRef, at: clock() },
          { upsert: true },
        );
        try {
          await Score.create({
            _id: id,
            contractRef: checkin.contractRef,
            kpiKey: checkin.kpiKey,
            periodKey: checkin.periodKey,
            periodStart: checkin.periodStart,
            periodEnd: checkin.periodEnd,
            checkinId,
            ...scoreFields(input),
            answeredAt,
            revision: 1,
            corrections: [],
          });
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
          // A score for this period and a check-in still waiting: an earlier submission died between its
          // two writes. That score stands; the check-in is answered with it now, and the caller is told.
          const earlier = await findForPeriod(checkin);
          if (earlier) {
            // Dated at the epoch: its writer is gone (it would hold this lock), so it is due for recovery now.
            await Intent.replaceOne(
              { _id: checkinId },
              { _id: checkinId, scoreId: earlier.id, contractRef: checkin.contractRef, at: new Date(0) },
              { upsert: true },
            );
            await markAnswered(checkinId, earlier);
          }
          throw alreadyAnswered();
        }
        await markAnswered(checkinId, { id, answeredAt });
        const saved = await get(id);
        if (!saved) throw notFound('Score', id);
        return saved;
      },
      answeredMeanwhile(checkinId),
    );

  const findForPeriod = async (checkin: Pick<CheckinRecord, 'contractRef' | 'kpiKey' | 'periodKey'>) =>
    toRecordOrNull<ScoreRecord>(
      await Score.findOne({
        contractRef: checkin.contractRef,
        kpiKey: checkin.kpiKey,
        periodKey: checkin.periodKey,
      }).lean(),
    );

  async function* stream(contractRefs: string[], since: Date): AsyncGenerator<ScoreSummary> {
    const refs = contractRefs.map((r) => exactText(r, 'contractRef'));
    for (let i = 0; i < refs.length; i += BATCH) {
      const cursor = Score.find({
        contractRef: op({ $in: refs.slice(i, i + BATCH) }),
        periodStart: op({ $gte: since }),
      })
        .select(SUMMARY_FIELDS)
        .lean()
        .cursor({ batchSize: 1000 });
      for await (const doc of cursor) yield toRecord<ScoreSummary>(doc);
    }
  }

  const repository: ScoreRepository = {
    /*
     * No transaction can tie the score to its check-in, and the process may die between any two writes
     * (kill -9, a crash, a deploy). So, under the check-in's lock: check it is still answerable, write the
     * intent (`score_intents`), insert the score (its unique (contractRef, kpiKey, periodKey) index refuses a
     * second one even without the lock), then mark the check-in answered. Whatever is left half done is
     * finished by `settleFollowUp`, from the intent: here at once when the same check-in is submitted again,
     * or by the recovery pass any replica runs. Why an intent and not compensation on error: compensation
     * runs only when the process lives to see the error.
     */
    async submit(checkinId, input) {
      if (!isStoreId(checkinId)) throw notFound('Check-in', String(checkinId));
      return submitLocked(checkinId, input);
    },

    async pendingFollowUps(before, limit = 100) {
      const docs = await Intent.find({ at: op({ $lt: before }) })
        .sort({ at: 1 })
        .limit(limit)
        .lean();
      return docs.map(followUpOfDoc);
    },

    async followUpOf(checkinId) {
      if (!isStoreId(checkinId)) return null;
      const doc = await Intent.findById(checkinId).lean();
      return doc ? followUpOfDoc(doc) : null;
    },

    async settleFollowUp(checkinId) {
      if (!isStoreId(checkinId)) return null;
      return lockCheckin(checkinLocks, checkinId, async () => {
        const intent = await Intent.findById(checkinId).lean();
        if (!intent) return null;
        const score = await get(intent.scoreId);
        const doc = await Checkin.findById(checkinId).lean();
        const checkin = doc ? toRecord<CheckinRecord>(doc) : null;
        if (score && checkin) {
          if (checkin.status === 'answered' && checkin.answeredScoreId === score.id) return score;
          if (ANSWERABLE_CHECKIN_STATUSES.includes(checkin.status)) {
            await markAnswered(checkinId, score);
            return score;
          }
        }
        // No score (the submission died before writing it), or nothing left that could take it.
        if (score && checkin?.answeredScoreId !== score.id) await Score.deleteOne({ _id: score.id });
        await Intent.deleteOne({ _id: checkinId, scoreId: intent.scoreId });
        return null;
      });
    },

    async finishFollowUp(checkinId, scoreId) {
      await Intent.deleteOne({ _id: exactText(checkinId, 'checkinId'), scoreId: exactText(scoreId, 'scoreId') });
    },

    async record(input) {
      try {
        const created = await Score.create({
          contractRef: exactText(input.contractRef, 'contractRef'),
          kpiKey: exactText(input.kpiKey, 'kpiKey'),
          periodKey: exactText(input.periodKey, 'periodKey'),
          periodStart: input.periodStart,
          periodEnd: input.periodEnd,
          ...scoreFields(input),
          answeredAt: input.answeredAt ?? clock(),
          revision: 1,
          corrections: [],
        });
        return toRecord<ScoreRecord>(created.toObject());
      } catch (error) {
        if (isDuplicateKey(error)) throw alreadyAnswered();
        throw error;
      }
    },

    async correct(scoreId, input, expectedRevision) {
      if (!isStoreId(scoreId)) throw notFound('Score', String(scoreId));
      return withLock(claims, `score:${scoreId}`, async () => {
        const current = await get(scoreId);
        if (!current) throw notFound('Score', scoreId);
        if (expectedRevision !== undefined && expectedRevision !== current.revision) {
          throw new StewardError(
            'conflict',
            'This score was corrected by someone else in the meantime. Reload it and correct it again.',
          );
        }
        const correctedAt = input.correctedAt ?? clock();
        const correction = {
          revision: current.revision + 1,
          previous: {
            value: current.value,
            rag: current.rag,
            kpiVersion: current.kpiVersion,
            comment: current.comment,
            evidenceUrl: current.evidenceUrl,
            answeredBy: current.answeredBy,
            answeredAt: current.answeredAt,
            surface: current.surface,
          },
          correctedBy: input.correctedBy,
          correctedAt,
          reason: input.reason,
        };
        const set: Record<string, unknown> = {
          value: finiteValue(input.value),
          rag: input.rag,
          kpiVersion: input.kpiVersion ?? current.kpiVersion,
          answeredBy: input.correctedBy,
          answeredAt: correctedAt,
          surface: input.surface,
          revision: current.revision + 1,
        };
        const unset: Record<string, 1> = {};
        for (const field of ['comment', 'evidenceUrl'] as const) {
          if (input[field] === undefined) unset[field] = 1;
          else set[field] = input[field];
        }
        // Only the lock holder writes, so this $push cannot race another correction.
        await Score.updateOne(
          { _id: scoreId, revision: current.revision },
          { $set: set, $push: { corrections: correction }, ...(Object.keys(unset).length ? { $unset: unset } : {}) },
        );
        const saved = await get(scoreId);
        if (!saved) throw notFound('Score', scoreId);
        return saved;
      });
    },

    get,

    async forCheckin(checkinId) {
      return toRecordOrNull<ScoreRecord>(await Score.findOne({ checkinId: exactText(checkinId, 'checkinId') }).lean());
    },

    async find(contractRef, kpiKey, periodKey) {
      const doc = await Score.findOne({
        contractRef: exactText(contractRef, 'contractRef'),
        kpiKey: exactText(kpiKey, 'kpiKey'),
        periodKey: exactText(periodKey, 'periodKey'),
      }).lean();
      return toRecordOrNull<ScoreRecord>(doc);
    },

    async history(contractRef, kpiKey, options = {}) {
      const docs = await Score.find({
        contractRef: exactText(contractRef, 'contractRef'),
        kpiKey: exactText(kpiKey, 'kpiKey'),
      })
        .sort({ periodStart: -1 })
        .limit(options.limit ?? 0)
        .lean();
      return docs.map((d) => toRecord<ScoreRecord>(d));
    },

    async recent(contractRef, kpiKey, count) {
      const docs = await Score.find({
        contractRef: exactText(contractRef, 'contractRef'),
        kpiKey: exactText(kpiKey, 'kpiKey'),
      })
        .select(SUMMARY_FIELDS)
        .sort({ periodStart: -1 })
        .limit(Math.max(0, count))
        .lean();
      return docs.map((d) => toRecord<ScoreSummary>(d));
    },

    async latestForContract(contractRef, periodKeys) {
      const ref = exactText(contractRef, 'contractRef');
      if (periodKeys) {
        if (periodKeys.length === 0) return [];
        const docs = await Score.find({
          contractRef: ref,
          periodKey: op({ $in: periodKeys.map((k) => exactText(k, 'periodKey')) }),
        })
          .select(SUMMARY_FIELDS)
          .sort({ periodStart: -1, kpiKey: 1 })
          .lean();
        return docs.map((d) => toRecord<ScoreSummary>(d));
      }
      const kpiKeys = new Set((await Score.distinct('kpiKey', { contractRef: ref })).map(String));
      const latest = new Map<string, ScoreSummary>();
      if (kpiKeys.size === 0) return [];
      // Newest first, stopping as soon as every KPI has its latest score.
      const cursor = Score.find({ contractRef: ref }).select(SUMMARY_FIELDS).sort({ periodStart: -1 }).lean().cursor();
      for await (const doc of cursor) {
        const summary = toRecord<ScoreSummary>(doc);
        if (!latest.has(summary.kpiKey)) latest.set(summary.kpiKey, summary);
        if (latest.size >= kpiKeys.size) break;
      }
      await cursor.close();
      return [...latest.values()].sort((a, b) => a.kpiKey.localeCompare(b.kpiKey));
    },

    async forContracts(contractRefs, since) {
      const all: ScoreSummary[] = [];
      for await (const summary of stream(contractRefs, since)) all.push(summary);
      return all;
    },

    streamForContracts: stream,

    async listForContract(contractRef) {
      const docs = await Score.find({ contractRef: exactText(contractRef, 'contractRef') })
        .sort({ periodStart: 1, kpiKey: 1 })
        .lean();
      return docs.map((d) => toRecord<ScoreRecord>(d));
    },
  };
  return repository;
}

/** The database refuses NaN and Infinity; say so in words instead of a driver error. */
function finiteValue(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new StewardError('validation', 'The value must be a number, like 99.5.', {
      fieldErrors: { value: 'must be a number, like 99.5' },
    });
  }
  return value;
}

function scoreFields(input: ScoreInput) {
  return {
    value: finiteValue(input.value),
    rag: input.rag,
    kpiVersion: input.kpiVersion,
    comment: input.comment,
    evidenceUrl: input.evidenceUrl,
    answeredBy: input.answeredBy,
    surface: input.surface,
  };
}

function followUpOfDoc(doc: ScoreIntentDoc): ScoreFollowUp {
  return { checkinId: doc._id, scoreId: doc.scoreId, contractRef: doc.contractRef, at: doc.at };
}
