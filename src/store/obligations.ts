import { type Connection, Schema } from 'mongoose';
import type { Clock } from '../domain/clock';
import { StewardError } from '../domain/errors';
import {
  type IsoDate,
  OBLIGATION_KINDS,
  OBLIGATION_OUTCOMES,
  type ObligationOutcome,
  type Person,
} from '../domain/types';
import { type ClaimTable, withLock } from './claims';
import { type NewObligation, type ObligationEvidence, type ObligationRecord, RECURRENCES } from './records';
import {
  baseOptions,
  definedOnly,
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

type ObligationDoc = Omit<ObligationRecord, 'id' | 'createdAt' | 'updatedAt'>;

export function createObligationModel(connection: Connection, clock: Clock) {
  const schema = new Schema<ObligationDoc>(
    {
      contractRef: { type: String, required: true },
      kind: { type: String, enum: OBLIGATION_KINDS, required: true },
      title: { type: String, required: true },
      description: String,
      owner: { type: personSchema, required: true },
      dueDate: { type: String, required: true },
      recurrence: { type: String, enum: RECURRENCES, required: true, default: 'none' },
      seriesId: { type: String, required: true },
      outcome: { type: String, enum: OBLIGATION_OUTCOMES, required: true, default: 'open' },
      evidence: {
        type: [
          new Schema(
            {
              url: String,
              note: String,
              by: { type: personSchema, required: true },
              at: { type: Date, required: true },
            },
            { _id: false },
          ),
        ],
        default: [],
      },
      fulfilledAt: Date,
      outcomeBy: personSchema,
      waivedBy: personSchema,
      waivedReason: String,
      remindedAt: Date,
      createdBy: { type: personSchema, required: true },
    },
    baseOptions(clock, 'obligations'),
  );
  // One occurrence per series and due date, so creating the next occurrence twice creates it once.
  schema.index({ seriesId: 1, dueDate: 1 }, { unique: true });
  schema.index({ contractRef: 1, outcome: 1, dueDate: 1 });
  // The scheduler's "open obligations due by" query.
  schema.index({ outcome: 1, dueDate: 1 });
  return defineModel(connection, 'Obligation', withSafeQueries(schema));
}

export type ObligationModel = ReturnType<typeof createObligationModel>;

export interface ObligationOutcomeInput {
  outcome: Exclude<ObligationOutcome, 'open'>;
  by: Person;
  at?: Date;
  /** Required for `waived`. */
  waivedReason?: string;
}

export interface ObligationRepository {
  create(input: NewObligation): Promise<ObligationRecord>;
  /**
   * The occurrence of a recurring obligation due on `dueDate`, created unless it exists;
   * `created` is true for exactly one caller.
   */
  createNextOccurrence(id: string, dueDate: IsoDate): Promise<{ obligation: ObligationRecord; created: boolean }>;
  get(id: string): Promise<ObligationRecord | null>;
  require(id: string): Promise<ObligationRecord>;
  listForContract(contractRef: string, options?: { outcome?: ObligationOutcome[] }): Promise<ObligationRecord[]>;
  /** Open obligations due on or before `date`, optionally of one contract. */
  listOpenDueBy(date: IsoDate, options?: { contractRef?: string }): Promise<ObligationRecord[]>;
  addEvidence(id: string, evidence: ObligationEvidence): Promise<ObligationRecord>;
  /** Closes an open obligation; `invalid_transition` when it already has an outcome. */
  setOutcome(id: string, input: ObligationOutcomeInput): Promise<ObligationRecord>;
  markReminded(id: string, at: Date): Promise<ObligationRecord>;
  update(
    id: string,
    patch: Partial<Pick<ObligationRecord, 'title' | 'description' | 'owner' | 'dueDate' | 'recurrence' | 'kind'>>,
  ): Promise<ObligationRecord>;
}

export function createObligationRepository(
  Obligation: ObligationModel,
  claims: ClaimTable,
  clock: Clock,
): ObligationRepository {
  const get = async (id: string) =>
    isStoreId(id) ? toRecordOrNull<ObligationRecord>(await Obligation.findById(id).lean()) : null;
  const require = async (id: string) => {
    const found = await get(id);
    if (!found) throw notFound('Obligation', id);
    return found;
  };
  const locked = <T>(id: string, work: () => Promise<T>) => withLock(claims, `obligation:${id}`, work);

  return {
    async create(input) {
      const id = newId();
      const created = await Obligation.create({
        ...input,
        _id: id,
        contractRef: exactText(input.contractRef, 'contractRef'),
        seriesId: id,
        outcome: 'open',
        evidence: [],
      });
      return toRecord<ObligationRecord>(created.toObject());
    },

    async createNextOccurrence(id, dueDate) {
      const previous = await require(id);
      const due = exactText(dueDate, 'dueDate');
      try {
        const created = await Obligation.create({
          contractRef: previous.contractRef,
          kind: previous.kind,
          title: previous.title,
          description: previous.description,
          owner: previous.owner,
          dueDate: due,
          recurrence: previous.recurrence,
          seriesId: previous.seriesId,
          outcome: 'open',
          evidence: [],
          createdBy: previous.createdBy,
        });
        return { obligation: toRecord<ObligationRecord>(created.toObject()), created: true };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        const existing = await Obligation.findOne({ seriesId: previous.seriesId, dueDate: due }).lean();
        if (!existing) throw error;
        return { obligation: toRecord<ObligationRecord>(existing), created: false };
      }
    },

    get,
    require,

    async listForContract(contractRef, options = {}) {
      const query: Record<string, unknown> = { contractRef: exactText(contractRef, 'contractRef') };
      if (options.outcome) query.outcome = op({ $in: options.outcome.map((o) => exactText(o, 'outcome')) });
      const docs = await Obligation.find(query).sort({ dueDate: 1 }).lean();
      return docs.map((d) => toRecord<ObligationRecord>(d));
    },

    async listOpenDueBy(date, options = {}) {
      const query: Record<string, unknown> = { outcome: 'open', dueDate: op({ $lte: exactText(date, 'date') }) };
      if (options.contractRef !== undefined) query.contractRef = exactText(options.contractRef, 'contractRef');
      const docs = await Obligation.find(query).sort({ dueDate: 1 }).lean();
      return docs.map((d) => toRecord<ObligationRecord>(d));
    },

    async addEvidence(id, evidence) {
      return locked(id, async () => {
        await require(id);
        await Obligation.updateOne({ _id: id }, { $push: { evidence } });
        return require(id);
      });
    },

    async setOutcome(id, input) {
      if (input.outcome === 'waived' && !input.waivedReason?.trim()) {
        throw new StewardError('validation', 'Say why the obligation is waived.', {
          fieldErrors: { waivedReason: 'is required when waiving an obligation' },
        });
      }
      return locked(id, async () => {
        const current = await require(id);
        if (current.outcome !== 'open') {
          throw new StewardError('invalid_transition', `This obligation is already closed as ${current.outcome}.`);
        }
        const at = input.at ?? clock();
        const set: Record<string, unknown> = { outcome: input.outcome, outcomeBy: input.by };
        if (input.outcome === 'fulfilled-on-time' || input.outcome === 'fulfilled-late') set.fulfilledAt = at;
        if (input.outcome === 'waived') {
          set.waivedBy = input.by;
          set.waivedReason = input.waivedReason;
        }
        await Obligation.updateOne({ _id: id, outcome: 'open' }, { $set: set });
        return require(id);
      });
    },

    async markReminded(id, at) {
      return locked(id, async () => {
        await require(id);
        await Obligation.updateOne({ _id: id }, { $set: { remindedAt: at } });
        return require(id);
      });
    },

    async update(id, patch) {
      return locked(id, async () => {
        await require(id);
        const set = definedOnly({
          title: patch.title,
          description: patch.description,
          owner: patch.owner,
          dueDate: patch.dueDate,
          recurrence: patch.recurrence,
          kind: patch.kind,
        });
        if (Object.keys(set).length > 0) {
          try {
            await Obligation.updateOne({ _id: id }, { $set: set }, { runValidators: true });
          } catch (error) {
            if (isDuplicateKey(error)) {
              throw new StewardError('conflict', 'Another occurrence of this obligation is already due on that date.', {
                fieldErrors: { dueDate: 'another occurrence is due that day' },
              });
            }
            throw error;
          }
        }
        return require(id);
      });
    },
  };
}
