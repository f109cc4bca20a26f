import { type Connection, Schema } from 'mongoose';
import type { Clock } from '../domain/clock';
import { DUPLICATE_KEY, defineModel, deleteInSlices, exactText, isDuplicateKey } from './shared';

/**
 * Deliveries already taken in, by their platform id (a Slack Events API `event_id`), shared by every
 * replica: Slack may retry an event on another replica than the one that took it first.
 *
 * The id is the document's `_id`, so taking one is a single insert that the unique `_id` index lets
 * through once. TTL indexes are not available on FerretDB, so old ids are deleted by the scheduled
 * clean-up (`purge`), not by the database.
 */
export interface ProcessedEventRepository {
  /** True for the first caller with this id, false for every later one (on any replica). */
  claim(eventId: string, source?: string, now?: Date): Promise<boolean>;
  /** `claim` for many ids in one insert; returns the ids this call was first to take. */
  claimMany(eventIds: string[], source?: string, now?: Date): Promise<Set<string>>;
  /** Forgets the id after its processing failed, so the platform's next retry is taken in again. */
  release(eventId: string): Promise<void>;
  /** Deletes ids taken in before `before`; returns how many. */
  purge(before: Date): Promise<number>;
}

interface ProcessedEventDoc {
  _id: string;
  source: string;
  at: Date;
}

export function createProcessedEventModel(connection: Connection) {
  const schema = new Schema<ProcessedEventDoc>(
    {
      _id: { type: String, required: true },
      source: { type: String, required: true },
      at: { type: Date, required: true },
    },
    { collection: 'processed_events', versionKey: false, strict: true, strictQuery: 'throw', autoIndex: false },
  );
  schema.index({ at: 1 });
  return defineModel(connection, 'ProcessedEvent', schema);
}

export function createProcessedEventRepository(
  model: ReturnType<typeof createProcessedEventModel>,
  clock: Clock,
): ProcessedEventRepository {
  return {
    async claim(eventId, source = 'slack', now = clock()) {
      try {
        await model.collection.insertOne({ _id: exactText(eventId, 'eventId'), source, at: now } as never);
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
    async claimMany(eventIds, source = 'slack', now = clock()) {
      const ids = [...new Set(eventIds.map((id) => exactText(id, 'eventId')))];
      const taken = new Set(ids);
      if (ids.length === 0) return taken;
      try {
        await model.collection.insertMany(ids.map((_id) => ({ _id, source, at: now })) as never[], { ordered: false });
      } catch (error) {
        const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
        const list = (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []) as Array<{
          index: number;
          code?: number;
        }>;
        if (list.length === 0 || list.some((e) => e.code !== DUPLICATE_KEY)) throw error;
        for (const e of list) taken.delete(ids[e.index] as string);
      }
      return taken;
    },
    async release(eventId) {
      await model.collection.deleteOne({ _id: exactText(eventId, 'eventId') } as never);
    },
    async purge(before) {
      return deleteInSlices(model, 'at', before);
    },
  };
}
