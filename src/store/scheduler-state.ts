import { type Connection, Schema } from 'mongoose';
import type { Clock } from '../domain/clock';
import { defineModel, exactText, op } from './shared';

/**
 * What lets an idle scheduler tick cost one small read, whatever the portfolio's size: per job, when its last
 * run started and when it next has work (`job:<name>`), and per topic (`topic:<name>`: contracts, check-ins,
 * escalations…), when something in it last changed. A job whose next work lies ahead and whose topics did not
 * change since its last run started is skipped without reading anything else.
 *
 * Writers never read-modify-write here: a topic's time is simply set (two writers both set "now"), and a job's
 * state is set by the run that computed it, so FerretDB's non-atomic updates cannot lose a change.
 */
export interface JobState {
  startedAt: Date;
  /** Null: nothing due until one of the job's topics changes. */
  nextRunAt: Date | null;
}

export interface SchedulerStateRepository {
  /** Every job's state and every topic's last change, in one read of a handful of documents. */
  read(): Promise<{ jobs: Map<string, JobState>; topics: Map<string, Date> }>;
  settle(job: string, state: JobState): Promise<void>;
  /** Something in `topic` changed now. Coalesced per process (see TOUCH_COALESCE_MS). */
  touch(topic: string): Promise<void>;
}

/**
 * A process writes a topic's time at most this often. Safe because the scheduler treats a change up to
 * CHANGE_MARGIN_MS (scheduler.ts, 5 s) before a run's start as possibly unseen by that run (the margin also
 * covers clock skew between replicas), and the margin is larger than this.
 */
const TOUCH_COALESCE_MS = 500;

interface StateDoc {
  _id: string;
  at?: Date;
  startedAt?: Date;
  nextRunAt?: Date | null;
}

export function createSchedulerStateModel(connection: Connection) {
  const schema = new Schema<StateDoc>(
    {
      _id: { type: String, required: true },
      at: Date,
      startedAt: Date,
      nextRunAt: { type: Date, default: null },
    },
    { collection: 'scheduler_state', versionKey: false, strict: true, strictQuery: 'throw', autoIndex: false },
  );
  return defineModel(connection, 'SchedulerState', schema);
}

export function createSchedulerStateRepository(
  model: ReturnType<typeof createSchedulerStateModel>,
  clock: Clock,
): SchedulerStateRepository {
  const lastTouched = new Map<string, number>();
  return {
    async read() {
      const docs = (await model.collection.find({}).toArray()) as unknown as StateDoc[];
      const jobs = new Map<string, JobState>();
      const topics = new Map<string, Date>();
      for (const doc of docs) {
        if (doc._id.startsWith('job:') && doc.startedAt) {
          jobs.set(doc._id.slice(4), { startedAt: doc.startedAt, nextRunAt: doc.nextRunAt ?? null });
        } else if (doc._id.startsWith('topic:') && doc.at) {
          topics.set(doc._id.slice(6), doc.at);
        }
      }
      return { jobs, topics };
    },
    async settle(job, state) {
      await model.collection.updateOne(
        { _id: `job:${exactText(job, 'job')}` } as never,
        op({ $set: { startedAt: state.startedAt, nextRunAt: state.nextRunAt } }) as never,
        { upsert: true },
      );
    },
    async touch(topic) {
      const now = clock();
      const last = lastTouched.get(topic);
      if (last !== undefined && now.getTime() - last >= 0 && now.getTime() - last < TOUCH_COALESCE_MS) return;
      lastTouched.set(topic, now.getTime());
      await model.collection.updateOne(
        { _id: `topic:${exactText(topic, 'topic')}` } as never,
        op({ $set: { at: now } }) as never,
        { upsert: true },
      );
    },
  };
}

/** Repository methods that only read: everything else counts as a change to the repository's topic. */
const READ_ONLY =
  /^(get|list|require|count|references|by|for|due|earliest|existing|recent|find|summar|history|holder|latest|search|pending|all|is|has|load|read|claim|setNextDue)/;

/**
 * Wraps a repository so that each call of a method that may write touches `topic` once it has succeeded. New
 * methods count as writes unless their name says they read: a forgotten one costs an extra run, never a missed one.
 */
export function touchingWrites<R extends object>(repository: R, topic: string, state: SchedulerStateRepository): R {
  return new Proxy(repository, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string' || READ_ONLY.test(property)) return value;
      return (...args: unknown[]) => {
        const result: unknown = value.apply(target, args);
        if (!(result instanceof Promise)) return result;
        return result.then(async (resolved) => {
          await state.touch(topic).catch(() => undefined);
          return resolved;
        });
      };
    },
  });
}
