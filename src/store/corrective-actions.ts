import { type Connection, Schema } from 'mongoose';
import type { Clock } from '../domain/clock';
import { StewardError } from '../domain/errors';
import { CORRECTIVE_ACTION_STATUSES, type CorrectiveActionStatus, type IsoDate, type Person } from '../domain/types';
import { type ClaimTable, withLock } from './claims';
import {
  CORRECTIVE_ACTION_TRANSITIONS,
  type CorrectiveActionRecord,
  type NewCorrectiveAction,
  type PersonIdentity,
} from './records';
import {
  baseOptions,
  definedOnly,
  defineModel,
  exactText,
  isStoreId,
  notFound,
  op,
  personSchema,
  toRecord,
  toRecordOrNull,
  withSafeQueries,
} from './shared';

type CorrectiveActionDoc = Omit<CorrectiveActionRecord, 'id' | 'createdAt' | 'updatedAt'>;

/** Statuses in which an action is still expected to be done by its due date. */
export const UNFINISHED_ACTION_STATUSES: readonly CorrectiveActionStatus[] = ['planned', 'approved', 'in-progress'];

export function createCorrectiveActionModel(connection: Connection, clock: Clock) {
  const schema = new Schema<CorrectiveActionDoc>(
    {
      contractRef: { type: String, required: true },
      action: { type: String, required: true },
      owner: { type: personSchema, required: true },
      dueDate: { type: String, required: true },
      kpiKey: String,
      escalationId: String,
      obligationId: String,
      status: { type: String, enum: CORRECTIVE_ACTION_STATUSES, required: true, default: 'planned' },
      createdBy: { type: personSchema, required: true },
      history: {
        type: [
          new Schema(
            {
              at: { type: Date, required: true },
              from: { type: String, enum: CORRECTIVE_ACTION_STATUSES },
              to: { type: String, enum: CORRECTIVE_ACTION_STATUSES, required: true },
              by: { type: personSchema, required: true },
              note: String,
            },
            { _id: false },
          ),
        ],
        default: [],
      },
    },
    baseOptions(clock, 'corrective_actions'),
  );
  schema.index({ contractRef: 1, status: 1 });
  // The scheduler's overdue check: unfinished actions by due date.
  schema.index({ status: 1, dueDate: 1 });
  schema.index({ escalationId: 1 });
  schema.index({ 'owner.slackUserId': 1, status: 1 });
  schema.index({ 'owner.teamsUserId': 1, status: 1 });
  return defineModel(connection, 'CorrectiveAction', withSafeQueries(schema));
}

export type CorrectiveActionModel = ReturnType<typeof createCorrectiveActionModel>;

export interface CorrectiveActionRepository {
  create(input: NewCorrectiveAction): Promise<CorrectiveActionRecord>;
  get(id: string): Promise<CorrectiveActionRecord | null>;
  require(id: string): Promise<CorrectiveActionRecord>;
  listForContract(
    contractRef: string,
    options?: { status?: CorrectiveActionStatus[] },
  ): Promise<CorrectiveActionRecord[]>;
  listForEscalation(escalationId: string): Promise<CorrectiveActionRecord[]>;
  /** Unfinished actions owned by a person. */
  listForOwner(identity: PersonIdentity): Promise<CorrectiveActionRecord[]>;
  /** Unfinished actions whose due date is before `today` (a contract-local YYYY-MM-DD). */
  listOverdue(today: IsoDate, options?: { contractRef?: string }): Promise<CorrectiveActionRecord[]>;
  /**
   * Moves the action along planned → approved → in-progress → verified → closed (or cancelled);
   * `invalid_transition` for any other move.
   */
  transition(
    id: string,
    to: CorrectiveActionStatus,
    by: Person,
    options?: { at?: Date; note?: string },
  ): Promise<CorrectiveActionRecord>;
  update(
    id: string,
    patch: Partial<Pick<CorrectiveActionRecord, 'action' | 'owner' | 'dueDate'>>,
  ): Promise<CorrectiveActionRecord>;
}

export function createCorrectiveActionRepository(
  CorrectiveAction: CorrectiveActionModel,
  claims: ClaimTable,
  clock: Clock,
): CorrectiveActionRepository {
  const get = async (id: string) =>
    isStoreId(id) ? toRecordOrNull<CorrectiveActionRecord>(await CorrectiveAction.findById(id).lean()) : null;
  const require = async (id: string) => {
    const found = await get(id);
    if (!found) throw notFound('Corrective action', id);
    return found;
  };
  const list = async (query: Record<string, unknown>, sort: Record<string, 1 | -1> = { dueDate: 1 }) =>
    (await CorrectiveAction.find(query).sort(sort).lean()).map((d) => toRecord<CorrectiveActionRecord>(d));

  return {
    async create(input) {
      const created = await CorrectiveAction.create({
        ...input,
        contractRef: exactText(input.contractRef, 'contractRef'),
        status: 'planned',
        history: [{ at: clock(), to: 'planned', by: input.createdBy }],
      });
      return toRecord<CorrectiveActionRecord>(created.toObject());
    },

    get,
    require,

    async listForContract(contractRef, options = {}) {
      const query: Record<string, unknown> = { contractRef: exactText(contractRef, 'contractRef') };
      if (options.status) query.status = op({ $in: options.status.map((s) => exactText(s, 'status')) });
      return list(query);
    },

    async listForEscalation(escalationId) {
      return list({ escalationId: exactText(escalationId, 'escalationId') });
    },

    async listForOwner(identity) {
      const ors: Record<string, string>[] = [];
      if (identity.slackUserId !== undefined)
        ors.push({ 'owner.slackUserId': exactText(identity.slackUserId, 'slackUserId') });
      if (identity.teamsUserId !== undefined)
        ors.push({ 'owner.teamsUserId': exactText(identity.teamsUserId, 'teamsUserId') });
      if (ors.length === 0) return [];
      return list({ status: op({ $in: UNFINISHED_ACTION_STATUSES }), $or: ors });
    },

    async listOverdue(today, options = {}) {
      const query: Record<string, unknown> = {
        status: op({ $in: UNFINISHED_ACTION_STATUSES }),
        dueDate: op({ $lt: exactText(today, 'today') }),
      };
      if (options.contractRef !== undefined) query.contractRef = exactText(options.contractRef, 'contractRef');
      return list(query);
    },

    async transition(id, to, by, options = {}) {
      return withLock(claims, `corrective-action:${id}`, async () => {
        const current = await require(id);
        if (!CORRECTIVE_ACTION_TRANSITIONS[current.status].includes(to)) {
          const next = CORRECTIVE_ACTION_TRANSITIONS[current.status];
          throw new StewardError(
            'invalid_transition',
            next.length === 0
              ? `This corrective action is ${current.status}; it can no longer change.`
              : `A corrective action that is ${current.status} can move to ${next.join(' or ')}, not ${to}.`,
          );
        }
        await CorrectiveAction.updateOne(
          { _id: id, status: current.status },
          {
            $set: { status: to },
            $push: { history: { at: options.at ?? clock(), from: current.status, to, by, note: options.note } },
          },
        );
        return require(id);
      });
    },

    async update(id, patch) {
      return withLock(claims, `corrective-action:${id}`, async () => {
        await require(id);
        const set = definedOnly({ action: patch.action, owner: patch.owner, dueDate: patch.dueDate });
        if (Object.keys(set).length > 0) await CorrectiveAction.updateOne({ _id: id }, { $set: set });
        return require(id);
      });
    },
  };
}
