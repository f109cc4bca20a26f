import mongoose, {
  type Connection,
  type MongooseDefaultQueryMiddleware,
  type Query,
  Schema,
  type SchemaOptions,
} from 'mongoose';
import type { Clock } from '../domain/clock';
import { StewardError } from '../domain/errors';
import type { Person } from '../domain/types';
import type { PersonIdentity } from './records';

/**
 * Helpers every repository shares.
 *
 * What FerretDB 1.24 (the embedded database) does and does not guarantee shapes this layer;
 * it was probed on this machine, and the notes below record what was observed:
 * - Inserts into a unique index are exclusive: of 20 simultaneous inserts with one key, one wins.
 * - `findOneAndUpdate`, conditional `updateOne`, `$inc` and `$push` are NOT atomic under concurrency:
 *   20 simultaneous `$inc` left the counter at 2, and two claimers received the same document from
 *   `findOneAndUpdate`. So wherever exactly one writer must win (one check-in per period, one score
 *   per check-in, one holder of a lease or claim, one audit event per sequence number), the winner is
 *   decided by inserting into a unique index, never by a conditional update.
 * - There are no transactions, so writes that belong together are ordered so the first write decides,
 *   and undone by hand (compensated) when a later one fails.
 * - `$group` results were wrong or inconsistent (`$sum: 1` gave 0), so aggregates are computed in code.
 * - `$elemMatch` accepts only operators ("unknown operator: surface" for a field match), so matching
 *   several fields of one array element is done in code after an indexed query on one of them.
 * - An upsert's `$setOnInsert` drops empty arrays (`prompts: []` is not stored), so arrays read from
 *   upserted documents are defaulted when read.
 */

export const DUPLICATE_KEY = 11000;

export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === DUPLICATE_KEY;
}

const QUERY_OPERATIONS: MongooseDefaultQueryMiddleware[] = [
  'countDocuments',
  'deleteMany',
  'deleteOne',
  'distinct',
  'find',
  'findOne',
  'findOneAndDelete',
  'findOneAndReplace',
  'findOneAndUpdate',
  'replaceOne',
  'updateMany',
  'updateOne',
];

/**
 * Every query runs with mongoose's `sanitizeFilter`: a value such as `{ "$gt": "" }` that arrives
 * from a chat message is wrapped in `$eq` and compared literally (and fails to cast to a string),
 * instead of becoming an operator. The repositories' own operators are marked with `op()`.
 */
function sanitizeEveryFilter(schema: Schema): void {
  schema.pre<Query<unknown, unknown>>(QUERY_OPERATIONS, function sanitize() {
    this.setOptions({ sanitizeFilter: true });
  });
}

/** Marks an operator object written by the store itself as trusted, so `sanitizeFilter` keeps it. */
export function op<T extends object>(operator: T): T {
  return mongoose.trusted(operator) as T;
}

export function baseOptions(clock: Clock, collection: string, timestamps = true): SchemaOptions {
  return {
    collection,
    versionKey: false,
    // Only what the schema names is stored: unexpected keys (such as `$where`) are dropped.
    strict: true,
    // A filter on a field the schema does not know would otherwise be dropped and match everything.
    strictQuery: 'throw',
    autoIndex: false,
    ...(timestamps ? { timestamps: { currentTime: () => clock() } } : {}),
  };
}

export function withSafeQueries<S>(schema: S): S {
  sanitizeEveryFilter(schema as unknown as Schema);
  return schema;
}

/** A model on the injected connection; defining it again (a second store on one connection) replaces it. */
export function defineModel<T>(connection: Connection, name: string, schema: Schema<T>) {
  if (connection.models[name]) connection.deleteModel(name);
  return connection.model<T>(name, schema);
}

export const personSchema = new Schema(
  {
    name: { type: String, trim: true },
    email: { type: String, trim: true },
    slackUserId: String,
    slackTeamId: String,
    teamsUserId: String,
  },
  { _id: false, strict: true },
);

/** A lean document as a plain domain object: `_id` becomes `id`. */
export function toRecord<T>(doc: object): T {
  const { _id, __v, ...rest } = doc as { _id: unknown; __v?: unknown };
  return { id: String(_id), ...rest } as T;
}

export function toRecordOrNull<T>(doc: object | null | undefined): T | null {
  return doc ? toRecord<T>(doc) : null;
}

/** True when `id` could be one of the store's ids; anything else simply finds nothing. */
export function isStoreId(id: unknown): id is string {
  return typeof id === 'string' && mongoose.isObjectIdOrHexString(id);
}

export function newId(): string {
  return new mongoose.Types.ObjectId().toHexString();
}

/**
 * Text used to look something up must be a string. A chat payload that smuggles in an object
 * (`{"$gt": ""}` parsed as JSON) is refused here rather than reaching the query.
 */
export function exactText(value: unknown, field: string): string {
  if (typeof value !== 'string') {
    throw new StewardError('validation', `${field} must be text.`, { fieldErrors: { [field]: 'must be text' } });
  }
  return value;
}

export function notFound(what: string, id: unknown): StewardError {
  // An id that is not text came from a malformed request: naming it would print "[object Object]".
  if (typeof id !== 'string' || id === '')
    return new StewardError('not_found', `That ${what.toLowerCase()} was not found.`);
  return new StewardError('not_found', `${what} ${id} was not found.`);
}

/** Lookup keys for a person, e.g. `slack:U123`; kept on contracts so "my contracts" is one indexed query. */
export function identityKeys(person: PersonIdentity | Person): string[] {
  const keys: string[] = [];
  if (person.slackUserId) keys.push(`slack:${person.slackUserId}`);
  if (person.teamsUserId) keys.push(`teams:${person.teamsUserId}`);
  return keys;
}

/** Vendor names compared without case or extra spaces (collations are not available on FerretDB). */
export function normalizeName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Drops keys whose value is `undefined`, so `$set` never writes them. */
export function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export async function pause(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Deletes the documents whose date `field` lies before `before`. FerretDB deletes what one command matched
 * with one SQL statement that binds every id, and SQLite binds at most 32,766 values, so a large backlog
 * is deleted in time slices, halved until each command gets through. MongoDB takes the first command whole.
 */
export async function deleteInSlices(
  model: { collection: mongoose.Collection },
  field: string,
  before: Date,
): Promise<number> {
  const collection = model.collection;
  try {
    const result = await collection.deleteMany({ [field]: { $lt: before } });
    return result.deletedCount;
  } catch (error) {
    if (!/too many SQL variables/i.test(error instanceof Error ? error.message : String(error))) throw error;
    const oldest = await collection
      .find({ [field]: { $lt: before } })
      .sort({ [field]: 1 })
      .limit(1)
      .next();
    const from = oldest?.[field] instanceof Date ? oldest[field].getTime() : undefined;
    if (from === undefined) return 0;
    if (before.getTime() - from <= 1_000) throw error;
    const middle = new Date(from + Math.floor((before.getTime() - from) / 2));
    return (await deleteInSlices(model, field, middle)) + (await deleteInSlices(model, field, before));
  }
}
