import { type Connection, Schema } from 'mongoose';
import type { Clock } from '../domain/clock';
import type { Person } from '../domain/types';
import { defineModel, exactText, isDuplicateKey, op, personSchema } from './shared';

/**
 * People and channels a surface could not deliver to, shared by every replica, so that one deactivated
 * owner costs one lookup an hour however many contracts name them, instead of one per contract per tick.
 *
 * The key is the document's `_id` (`slack:person:U123`, `teams:channel:19:…`): every read is a point read,
 * which FerretDB pushes into SQL. Inserting the first record is what decides, across replicas, who tells
 * the managers: only that insert reports `first`.
 */
export type ReachabilityStatus = 'unreachable' | 'transient';

export interface ReachabilityRecord {
  key: string;
  surface: string;
  targetKind: 'person' | 'channel';
  status: ReachabilityStatus;
  /** The platform's short reason (`user_not_found`, `is_archived`, `ratelimited`, `http_503`). */
  reason: string;
  method: string;
  /** Who it is, for the notice and Home; never the raw id alone. */
  person?: Person;
  since: Date;
  lastCheckedAt: Date;
  /** No delivery to this target is tried before this instant. */
  retryAt: Date;
  /** Transient failures in a row, for the backoff. */
  failures: number;
}

export interface ReachabilityFailure {
  key: string;
  surface: string;
  targetKind: 'person' | 'channel';
  status: ReachabilityStatus;
  reason: string;
  method: string;
  person?: Person;
  retryAt: Date;
  failures: number;
}

export interface ReachabilityRepository {
  get(key: string): Promise<ReachabilityRecord | null>;
  /**
   * Records a failed delivery. `first` is true for the one caller (on any replica) whose record turned the
   * target unreachable: that caller tells the managers.
   */
  recordFailure(failure: ReachabilityFailure, now?: Date): Promise<{ first: boolean }>;
  /** The target answered again: forgets it. True when there was something to forget. */
  clear(key: string): Promise<boolean>;
  /** Everything currently unreachable (a handful of documents), for Home. */
  listUnreachable(): Promise<ReachabilityRecord[]>;
  /** Every target nobody may try before a later instant than `now`: one read for a whole fan-out batch. */
  listBlocked(now: Date): Promise<ReachabilityRecord[]>;
}

interface ReachabilityDoc extends Omit<ReachabilityRecord, 'key'> {
  _id: string;
}

export function createReachabilityModel(connection: Connection) {
  const schema = new Schema<ReachabilityDoc>(
    {
      _id: { type: String, required: true },
      surface: { type: String, required: true },
      targetKind: { type: String, required: true, enum: ['person', 'channel'] },
      status: { type: String, required: true, enum: ['unreachable', 'transient'] },
      reason: { type: String, required: true },
      method: { type: String, required: true },
      person: { type: personSchema, required: false },
      since: { type: Date, required: true },
      lastCheckedAt: { type: Date, required: true },
      retryAt: { type: Date, required: true },
      failures: { type: Number, required: true },
    },
    { collection: 'reachability', versionKey: false, strict: true, strictQuery: 'throw', autoIndex: false },
  );
  return defineModel(connection, 'Reachability', schema);
}

function toRecord(doc: ReachabilityDoc): ReachabilityRecord {
  const { _id, ...rest } = doc;
  return { key: _id, ...rest };
}

export function createReachabilityRepository(
  model: ReturnType<typeof createReachabilityModel>,
  clock: Clock,
): ReachabilityRepository {
  return {
    async get(key) {
      const doc = await model.collection.findOne({ _id: exactText(key, 'key') } as never);
      return doc ? toRecord(doc as unknown as ReachabilityDoc) : null;
    },
    async recordFailure(failure, now = clock()) {
      const { key, ...fields } = failure;
      const doc = { ...fields, lastCheckedAt: now };
      try {
        await model.collection.insertOne({ _id: exactText(key, 'key'), ...doc, since: now } as never);
        return { first: failure.status === 'unreachable' };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const before = await model.collection.findOne({ _id: key } as never);
      await model.collection.updateOne({ _id: key } as never, op({ $set: doc }) as never);
      // A target that only failed transiently before becomes unreachable now: that is news for the managers.
      const wasUnreachable = (before as unknown as ReachabilityDoc | null)?.status === 'unreachable';
      return { first: failure.status === 'unreachable' && !wasUnreachable };
    },
    async clear(key) {
      const result = await model.collection.deleteOne({ _id: exactText(key, 'key') } as never);
      return result.deletedCount > 0;
    },
    async listBlocked(now) {
      const docs = await model.collection.find({ retryAt: { $gt: now } } as never).toArray();
      return (docs as unknown as ReachabilityDoc[]).map(toRecord);
    },
    async listUnreachable() {
      const docs = await model.collection.find({ status: 'unreachable' } as never).toArray();
      return (docs as unknown as ReachabilityDoc[]).map(toRecord);
    },
  };
}
