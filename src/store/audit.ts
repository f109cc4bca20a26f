import { createHash } from 'node:crypto';
import { type Connection, Schema } from 'mongoose';
import type { Clock } from '../domain/clock';
import { StewardError } from '../domain/errors';
import { AUDIT_ACTIONS, type Person, SURFACES } from '../domain/types';
import {
  type AuditEventRecord,
  type ChainVerification,
  GLOBAL_AUDIT_SCOPE,
  type JsonValue,
  type NewAuditEvent,
} from './records';
import {
  baseOptions,
  DUPLICATE_KEY,
  defineModel,
  exactText,
  isDuplicateKey,
  op,
  pause,
  toRecord,
  withSafeQueries,
} from './shared';

/**
 * The audit log: append-only and hash-chained per contract. Each event carries the SHA-256 of a
 * canonical JSON of its own fields and of the previous event's hash, so changing, removing or
 * reordering a stored event breaks the chain at that event, which `verifyChain` reports.
 */

// Snapshots are stored as Mixed; their recursive JsonValue type is too deep for mongoose's schema typing.
type AuditDoc = Omit<AuditEventRecord, 'id' | 'before' | 'after'> & { before: unknown; after: unknown };

export const GENESIS_HASH = '0'.repeat(64);

const BLOCKED_QUERY_OPERATIONS = [
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'findOneAndReplace',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'findOneAndDelete',
] as const;

export function createAuditModel(connection: Connection, clock: Clock) {
  const schema = new Schema<AuditDoc>(
    {
      contractRef: { type: String, required: true },
      seq: { type: Number, required: true },
      at: { type: Date, required: true },
      actor: { type: Schema.Types.Mixed, required: true },
      surface: { type: String, enum: SURFACES, required: true },
      action: { type: String, enum: AUDIT_ACTIONS, required: true },
      entityType: { type: String, required: true },
      entityId: { type: String, required: true },
      before: { type: Schema.Types.Mixed, default: null },
      after: { type: Schema.Types.Mixed, default: null },
      prevHash: { type: String, required: true },
      hash: { type: String, required: true },
    },
    // minimize: false keeps empty objects, so what is stored is exactly what was hashed.
    { ...baseOptions(clock, 'audit_events', false), minimize: false },
  );
  // One chain per contract: two appends that read the same last event collide here and one retries.
  schema.index({ contractRef: 1, seq: 1 }, { unique: true });
  schema.index({ entityType: 1, entityId: 1, at: 1 });
  schema.index({ at: 1 });

  // Append-only, also for code that reaches past the repository to the model.
  for (const operation of BLOCKED_QUERY_OPERATIONS) {
    schema.pre(operation, { document: true, query: true }, () => {
      throw appendOnly(operation);
    });
  }
  schema.pre('save', function refuseChanges() {
    if (!this.isNew) throw appendOnly('save');
  });
  schema.pre('bulkWrite', () => {
    throw appendOnly('bulkWrite');
  });
  return defineModel(connection, 'AuditEvent', withSafeQueries(schema));
}

export type AuditModel = ReturnType<typeof createAuditModel>;

function appendOnly(operation: string): StewardError {
  return new StewardError('forbidden', `The audit log is append-only: ${operation} is not allowed.`);
}

export interface AuditRepository {
  /** Adds an event at the end of its contract's chain (or the `global` chain); safe to call concurrently. */
  append(event: NewAuditEvent): Promise<AuditEventRecord>;
  /**
   * Appends many events: one read for the ends of every chain involved and one insert per chain, instead
   * of a read and an insert per event. Events of one contract keep their order. A chain another writer
   * extended meanwhile falls back to `append` for the events that did not get in.
   */
  appendMany(events: NewAuditEvent[]): Promise<number>;
  /** Oldest first. */
  list(contractRef: string, options?: { afterSeq?: number; limit?: number }): Promise<AuditEventRecord[]>;
  /** Newest first. */
  latest(contractRef: string, limit: number): Promise<AuditEventRecord[]>;
  forEntity(entityType: string, entityId: string, options?: { limit?: number }): Promise<AuditEventRecord[]>;
  /** Every chain there is: contract references and `global`. */
  scopes(): Promise<string[]>;
  /** Recomputes the chain; reports the first event that was altered, removed or does not follow its predecessor. */
  verifyChain(contractRef: string): Promise<ChainVerification>;
}

const MAX_APPEND_ATTEMPTS = 100;

export function createAuditRepository(AuditEvent: AuditModel, clock: Clock): AuditRepository {
  // The last event of each chain as this replica last wrote or read it, for appendMany. When another replica
  // extended the chain since, the insert collides on (contractRef, seq) and the real end is read again.
  const ends = new Map<string, { seq: number; hash: string }>();
  let appending: Promise<unknown> = Promise.resolve();
  async function appendManyNow(events: NewAuditEvent[]): Promise<number> {
    const byChain = new Map<string, NewAuditEvent[]>();
    for (const event of events) {
      const ref = exactText(event.contractRef ?? GLOBAL_AUDIT_SCOPE, 'contractRef');
      byChain.set(ref, [...(byChain.get(ref) ?? []), event]);
    }
    if (byChain.size === 0) return 0;
    // The ends of the chains this replica does not know yet, in one query.
    const unknown = [...byChain.keys()].filter((ref) => !ends.has(ref));
    for (let i = 0; i < unknown.length; i += 500) {
      const slice = unknown.slice(i, i + 500);
      const docs = await AuditEvent.find({ contractRef: op({ $in: slice }) })
        .select({ contractRef: 1, seq: 1, hash: 1, _id: 0 })
        .lean();
      for (const ref of slice) ends.set(ref, { seq: 0, hash: GENESIS_HASH });
      for (const doc of docs) {
        if (doc.seq > (ends.get(doc.contractRef)?.seq ?? 0)) {
          ends.set(doc.contractRef, { seq: doc.seq, hash: doc.hash });
        }
      }
    }
    const docs: Array<Record<string, unknown> & { contractRef: string; seq: number; hash: string }> = [];
    const eventOf: NewAuditEvent[] = [];
    for (const [contractRef, chain] of byChain) {
      let { seq, hash: prevHash } = ends.get(contractRef) ?? { seq: 0, hash: GENESIS_HASH };
      for (const event of chain) {
        const body = {
          contractRef,
          at: event.at ?? clock(),
          actor: (toSnapshot(event.actor) ?? {}) as Person,
          surface: event.surface,
          action: event.action,
          entityType: exactText(event.entityType, 'entityType'),
          entityId: exactText(event.entityId, 'entityId'),
          before: toSnapshot(event.before) ?? null,
          after: toSnapshot(event.after) ?? null,
        };
        seq += 1;
        const hash = hashEvent({ ...body, seq, prevHash });
        docs.push({ ...body, seq, prevHash, hash });
        eventOf.push({ ...event, contractRef });
        prevHash = hash;
      }
    }
    // Ordered, chain after chain: nothing after a collision is inserted, so no chain gets a gap.
    let inserted = docs.length;
    try {
      await AuditEvent.insertMany(docs, { ordered: true });
    } catch (error) {
      const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
      const first = (Array.isArray(writeErrors) ? writeErrors[0] : writeErrors) as
        | { index?: number; code?: number }
        | undefined;
      if (!isDuplicateKey(error) && first?.code !== DUPLICATE_KEY) throw error;
      inserted = first?.index ?? 0;
    }
    for (const doc of docs.slice(0, inserted)) ends.set(doc.contractRef, { seq: doc.seq, hash: doc.hash });
    if (inserted === docs.length) return inserted;
    // Another writer extended a chain meanwhile: that chain's remaining events go one by one (each reads
    // the real end); the chains after it are tried again together.
    const collided = docs[inserted]!.contractRef;
    ends.delete(collided);
    const rest = eventOf.slice(inserted);
    let appended = inserted;
    for (const event of rest.filter((e) => e.contractRef === collided)) {
      await repository.append(event);
      appended += 1;
    }
    return appended + (await appendManyNow(rest.filter((e) => e.contractRef !== collided)));
  }

  const repository: AuditRepository = {
    async append(event) {
      const contractRef = exactText(event.contractRef ?? GLOBAL_AUDIT_SCOPE, 'contractRef');
      const body = {
        contractRef,
        at: event.at ?? clock(),
        actor: (toSnapshot(event.actor) ?? {}) as Person,
        surface: event.surface,
        action: event.action,
        entityType: exactText(event.entityType, 'entityType'),
        entityId: exactText(event.entityId, 'entityId'),
        before: toSnapshot(event.before) ?? null,
        after: toSnapshot(event.after) ?? null,
      };
      for (let attempt = 1; attempt <= MAX_APPEND_ATTEMPTS; attempt += 1) {
        const last = await AuditEvent.findOne({ contractRef }).sort({ seq: -1 }).select({ seq: 1, hash: 1 }).lean();
        const seq = (last?.seq ?? 0) + 1;
        const prevHash = last?.hash ?? GENESIS_HASH;
        const hash = hashEvent({ ...body, seq, prevHash });
        try {
          const created = await AuditEvent.create({ ...body, seq, prevHash, hash });
          ends.set(contractRef, { seq, hash });
          return toRecord<AuditEventRecord>(created.toObject());
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
          // Someone else took this sequence number; read the new end of the chain and try again.
          await pause(Math.random() * Math.min(20, attempt * 2));
        }
      }
      throw new StewardError('unavailable', 'The audit log is busy; try again in a moment.');
    },

    appendMany(events) {
      // One batch at a time per replica: concurrent batches touching the same chains (a fan-out's batches
      // each carry one check-in of many contracts) collided on every chain and fell back to appending one
      // event at a time, each reading its chain's end, which on FerretDB is a scan of the whole log.
      const next = appending.then(
        () => appendManyNow(events),
        () => appendManyNow(events),
      );
      appending = next.catch(() => undefined);
      return next;
    },

    async list(contractRef, options = {}) {
      const docs = await AuditEvent.find({
        contractRef: exactText(contractRef, 'contractRef'),
        seq: op({ $gt: options.afterSeq ?? 0 }),
      })
        .sort({ seq: 1 })
        .limit(options.limit ?? 0)
        .lean();
      return docs.map((d) => toRecord<AuditEventRecord>(d));
    },

    async latest(contractRef, limit) {
      const docs = await AuditEvent.find({ contractRef: exactText(contractRef, 'contractRef') })
        .sort({ seq: -1 })
        .limit(Math.max(0, limit))
        .lean();
      return docs.map((d) => toRecord<AuditEventRecord>(d));
    },

    async forEntity(entityType, entityId, options = {}) {
      const docs = await AuditEvent.find({
        entityType: exactText(entityType, 'entityType'),
        entityId: exactText(entityId, 'entityId'),
      })
        .sort({ at: 1, seq: 1 })
        .limit(options.limit ?? 0)
        .lean();
      return docs.map((d) => toRecord<AuditEventRecord>(d));
    },

    async scopes() {
      return (await AuditEvent.distinct('contractRef')).map(String).sort();
    },

    async verifyChain(contractRef) {
      const ref = exactText(contractRef, 'contractRef');
      let expectedSeq = 1;
      let prevHash = GENESIS_HASH;
      let count = 0;
      const cursor = AuditEvent.find({ contractRef: ref }).sort({ seq: 1 }).lean().cursor();
      try {
        for await (const doc of cursor) {
          const broken = (reason: string, at = doc.seq): ChainVerification => ({
            ok: false,
            count,
            brokenAt: at,
            reason,
          });
          if (doc.seq !== expectedSeq) return broken(`event ${expectedSeq} is missing`, expectedSeq);
          if (doc.prevHash !== prevHash) return broken(`event ${doc.seq} does not follow event ${doc.seq - 1}`);
          const recomputed = hashEvent(doc);
          if (recomputed !== doc.hash) return broken(`event ${doc.seq} was altered after it was written`);
          prevHash = doc.hash;
          expectedSeq += 1;
          count += 1;
        }
      } finally {
        await cursor.close();
      }
      return { ok: true, count };
    },
  };
  return repository;
}

interface HashedFields {
  contractRef: string;
  seq: number;
  at: Date;
  actor: unknown;
  surface: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  prevHash: string;
}

/** SHA-256 over the canonical JSON of exactly these fields; anything else on the object is ignored. */
export function hashEvent(fields: HashedFields): string {
  const hashed = {
    contractRef: fields.contractRef,
    seq: fields.seq,
    at: fields.at instanceof Date ? fields.at.toISOString() : String(fields.at),
    actor: fields.actor,
    surface: fields.surface,
    action: fields.action,
    entityType: fields.entityType,
    entityId: fields.entityId,
    before: fields.before ?? null,
    after: fields.after ?? null,
    prevHash: fields.prevHash,
  };
  return createHash('sha256')
    .update(canonicalJson(toSnapshot(hashed) ?? null), 'utf8')
    .digest('hex');
}

/** JSON with object keys sorted at every level, so equal values always give equal text. */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] as JsonValue)}`).join(',')}}`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const MAX_DEPTH = 32;

/**
 * A value as the database can store it and the hash can cover it: dates become ISO strings, NaN and
 * Infinity become null, ids become strings, undefined is left out. Keys are escaped where the
 * database forbids them (a `.` anywhere or a leading `$` become their full-width look-alikes), and an
 * array directly inside an array is wrapped as `{ items: [...] }` because FerretDB refuses nested arrays.
 */
export function toSnapshot(value: unknown, depth = 0): JsonValue | undefined {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value === null) return null;
  if (typeof value === 'string') return value.replace(LONE_SURROGATE, '\uFFFD');
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (depth >= MAX_DEPTH) return '[nested too deeply]';
  const hex = (value as { toHexString?: unknown }).toHexString;
  if (typeof hex === 'function') return String(hex.call(value));
  if (Array.isArray(value)) {
    return value.map((item) => {
      const snapshot = toSnapshot(item, depth + 1) ?? null;
      return Array.isArray(snapshot) ? { items: snapshot } : snapshot;
    });
  }
  if (value instanceof Map) return toSnapshot(Object.fromEntries(value), depth);
  const result: { [key: string]: JsonValue } = {};
  for (const [key, item] of Object.entries(value as object)) {
    const snapshot = toSnapshot(item, depth + 1);
    if (snapshot !== undefined) result[safeKey(key)] = snapshot;
  }
  return result;
}

function safeKey(key: string): string {
  if (key === '') return '\u2205';
  return key.replace(LONE_SURROGATE, '\uFFFD').replace(/\./g, '\uFF0E').replace(/^\$/, '\uFF04');
}
