import { type Connection, Schema } from 'mongoose';
import type { Clock } from '../domain/clock';
import { StewardError } from '../domain/errors';
import {
  CHANNEL_PURPOSES,
  CONTRACT_STATUSES,
  type Contract,
  type ContractStatus,
  GOVERNANCE_ROLES,
  type Person,
  REVIEW_CADENCES,
} from '../domain/types';
import { type ClaimTable, withLock } from './claims';
import { insertFirstVersion, type KpiModels, type NewKpi, pickDefinition } from './kpis';
import {
  CLOSEOUT_OUTCOMES,
  type CloseoutState,
  type ContractRecord,
  type KickoffState,
  type KpiRecord,
  type PersonIdentity,
  type ServiceCreditTerms,
} from './records';
import {
  baseOptions,
  definedOnly,
  defineModel,
  exactText,
  identityKeys,
  isDuplicateKey,
  isStoreId,
  normalizeName,
  op,
  personSchema,
  toRecord,
  toRecordOrNull,
  withSafeQueries,
} from './shared';

type ContractDoc = Contract &
  ServiceCreditTerms & {
    revision: number;
    /** Lower-cased vendor name for lookups (FerretDB has no collations). */
    vendorKey: string;
    /** `slack:U…`/`teams:…` of everyone named on the contract, for "my contracts" in one indexed query. */
    memberKeys: string[];
    kickoff?: KickoffState;
    closeout?: CloseoutState;
    /** When each contract-level scheduled job next has something to do for this contract (see ContractJob). */
    nextDue: Record<ContractJob, Date>;
  };

/**
 * Scheduled jobs that look at whole contracts. Each keeps, per contract, when it next has work there, so a tick
 * reads only the contracts due now through an index instead of every monitored contract. Any change to a
 * contract makes every job look at it again on the next tick (its times go back to the epoch).
 */
export const CONTRACT_JOBS = ['checkins', 'digests', 'value', 'closeout'] as const;
export type ContractJob = (typeof CONTRACT_JOBS)[number];

/** When one job next has work at one contract, as read (with its revision) by `dueFor`. */
export interface NextDueEntry {
  contract: Pick<ContractRecord, 'id' | 'revision'>;
  at: Date;
}

function dueNowForEveryJob(): Record<ContractJob, Date> {
  return Object.fromEntries(CONTRACT_JOBS.map((job) => [job, new Date(0)])) as Record<ContractJob, Date>;
}

const moneySchema = new Schema(
  { amount: { type: Number, required: true }, currency: { type: String, required: true } },
  {
    _id: false,
  },
);

const peopleList = { type: [personSchema], default: undefined };

export function createContractModel(connection: Connection, clock: Clock) {
  const schema = new Schema<ContractDoc>(
    {
      reference: { type: String, required: true },
      title: { type: String, required: true },
      category: String,
      vendor: {
        type: new Schema(
          { name: { type: String, required: true }, contacts: { type: [personSchema], default: [] } },
          { _id: false },
        ),
        required: true,
      },
      vendorKey: { type: String, required: true },
      value: { type: moneySchema, required: true },
      periodFee: moneySchema,
      startDate: { type: String, required: true },
      endDate: { type: String, required: true },
      status: { type: String, enum: CONTRACT_STATUSES, required: true },
      timezone: { type: String, required: true },
      reviewCadence: { type: String, enum: REVIEW_CADENCES },
      governance: {
        type: new Schema(Object.fromEntries(GOVERNANCE_ROLES.map((role) => [role, peopleList])), { _id: false }),
        default: {},
      },
      escalationPath: {
        type: [
          new Schema(
            {
              level: { type: Number, required: true },
              role: { type: String, enum: GOVERNANCE_ROLES },
              people: { type: [personSchema], default: [] },
              ackWithinHours: { type: Number, required: true },
            },
            { _id: false },
          ),
        ],
        default: [],
      },
      channels: {
        type: [
          new Schema(
            {
              surface: { type: String, enum: ['slack', 'teams'], required: true },
              channelId: { type: String, required: true },
              purpose: { type: String, enum: CHANNEL_PURPOSES, required: true },
              serviceUrl: String,
            },
            { _id: false },
          ),
        ],
        default: [],
      },
      holidays: {
        type: new Schema(
          { buyer: { type: [String], default: [] }, vendor: { type: [String], default: [] } },
          { _id: false },
        ),
        default: () => ({ buyer: [], vendor: [] }),
      },
      serviceCreditRules: {
        type: [
          new Schema(
            {
              kpiKey: { type: String, required: true },
              percentOfFeePerPoint: { type: Number, required: true, min: 0 },
              capPercent: { type: Number, required: true, min: 0, max: 100 },
              flatPercentOnBreach: { type: Number, min: 0, max: 100 },
            },
            { _id: false },
          ),
        ],
        default: undefined,
      },
      creditCapPercent: { type: Number, min: 0, max: 100 },
      kickoff: new Schema(
        {
          postedTo: { type: [String], default: [] },
          acknowledgedAt: Date,
          acknowledgedBy: personSchema,
        },
        { _id: false },
      ),
      closeout: new Schema(
        {
          endDate: { type: String, required: true },
          steps: { type: [String], default: [] },
          outcome: { type: String, enum: CLOSEOUT_OUTCOMES },
          decidedAt: Date,
          decidedBy: personSchema,
          note: String,
          previousEndDate: String,
        },
        { _id: false },
      ),
      revision: { type: Number, required: true, default: 1 },
      memberKeys: { type: [String], default: [] },
      nextDue: {
        type: new Schema(Object.fromEntries(CONTRACT_JOBS.map((job) => [job, { type: Date, required: true }])), {
          _id: false,
        }),
        default: dueNowForEveryJob,
      },
    },
    { ...baseOptions(clock, 'contracts'), minimize: false },
  );
  schema.index({ reference: 1 }, { unique: true });
  schema.index({ status: 1, reference: 1 });
  schema.index({ 'governance.owner.slackUserId': 1 });
  schema.index({ 'governance.owner.teamsUserId': 1 });
  schema.index({ vendorKey: 1 });
  schema.index({ memberKeys: 1 });
  schema.index({ 'channels.channelId': 1 });
  for (const job of CONTRACT_JOBS) schema.index({ [`nextDue.${job}`]: 1 });
  return defineModel(connection, 'Contract', withSafeQueries(schema));
}

export type ContractModel = ReturnType<typeof createContractModel>;

export interface ContractFilter {
  status?: ContractStatus | ContractStatus[];
  ownerSlackUserId?: string;
  ownerTeamsUserId?: string;
  vendorName?: string;
  category?: string;
}

/** What an edit may change; the reference never changes and the status has its own method. */
export type ContractPatch = Partial<Omit<Contract, 'reference' | 'status'>> & ServiceCreditTerms;

export interface ContractRepository {
  /**
   * Creates a contract with its KPIs. Everything is checked first; if a write fails half-way the
   * writes already made are undone, so no contract is left without the KPIs it was created with.
   */
  create(
    contract: Contract,
    kpis?: NewKpi[],
    options?: { by?: Person; effectiveFrom?: Date },
  ): Promise<{ contract: ContractRecord; kpis: KpiRecord[] }>;
  /**
   * Creates many new contracts with their KPIs in three inserts (imports, seeding, benchmarks). A reference
   * that exists already fails the whole call before anything is written; a write that fails half-way is
   * undone like `create`'s.
   */
  createMany(
    items: Array<{ contract: Contract; kpis?: NewKpi[] }>,
    options?: { by?: Person; effectiveFrom?: Date },
  ): Promise<number>;
  get(reference: string): Promise<ContractRecord | null>;
  getById(id: string): Promise<ContractRecord | null>;
  /** Several contracts in one query; missing references are left out. */
  getMany(references: string[]): Promise<ContractRecord[]>;
  /** Like `get`, but `not_found` when missing. */
  require(reference: string): Promise<ContractRecord>;
  list(filter?: ContractFilter, page?: { limit?: number; skip?: number }): Promise<ContractRecord[]>;
  count(filter?: ContractFilter): Promise<number>;
  /** Only the references, for portfolio queries over thousands of contracts. */
  references(filter?: ContractFilter): Promise<string[]>;
  /** Contracts linked to a Slack channel or Teams conversation. */
  byChannel(surface: 'slack' | 'teams', channelId: string): Promise<ContractRecord[]>;
  /** Contracts that name this person anywhere: a governance role, a vendor contact or the escalation path. */
  forPerson(identity: PersonIdentity): Promise<ContractRecord[]>;
  /** `conflict` when `expectedRevision` is given and someone saved in between. */
  update(reference: string, patch: ContractPatch, options?: { expectedRevision?: number }): Promise<ContractRecord>;
  /** Moves the status only from one of `from`; `invalid_transition` otherwise. */
  setStatus(reference: string, from: ContractStatus | ContractStatus[], to: ContractStatus): Promise<ContractRecord>;
  /**
   * Changes Steward's kickoff record under the contract's lock: `change` receives the current one
   * (an empty record before the first post) and returns the new one. Bookkeeping, not an edit of the
   * contract's terms, so the revision stays and nobody's open edit turns stale.
   */
  updateKickoff(reference: string, change: (current: KickoffState) => KickoffState): Promise<ContractRecord>;
  /** Changes Steward's closeout record the same way; `current` is undefined before the first step. */
  updateCloseout(
    reference: string,
    change: (current: CloseoutState | undefined) => CloseoutState,
  ): Promise<ContractRecord>;
  /**
   * Deletes a contract with its KPIs and KPI versions. Only for undoing a creation that is part of a
   * larger write that failed (an import); contracts in use are closed or terminated, never deleted.
   */
  discard(reference: string): Promise<void>;
  /** Contracts in one of `statuses` where `job` has something to do at `now`: an indexed read of only those. */
  dueFor(job: ContractJob, now: Date, statuses: readonly ContractStatus[]): Promise<ContractRecord[]>;
  /**
   * When `job` next has work at each contract, as read (with its revision) by `dueFor`. A contract changed since
   * that read stays due now, so the job looks at it again on the next tick. A read of the revisions and an
   * update command per 50 contracts, instead of three round trips each.
   */
  setNextDueMany(job: ContractJob, entries: readonly NextDueEntry[]): Promise<void>;
  /** The earliest time `job` has work at any contract in one of `statuses`; null when it has none. */
  earliestDue(job: ContractJob, statuses: readonly ContractStatus[]): Promise<Date | null>;
  /** Makes `jobs` look at this contract on the next tick (its KPIs changed, for example). */
  markDue(reference: string, jobs: readonly ContractJob[]): Promise<void>;
  /** Gives contracts stored before next-due times existed their times (due now). */
  backfillNextDue(): Promise<number>;
}

export function createContractRepository(
  Contract: ContractModel,
  kpiModels: KpiModels,
  claims: ClaimTable,
  clock: Clock,
): ContractRepository {
  const repository: ContractRepository = {
    /*
     * FerretDB has no multi-document transactions, so "create a contract and its KPIs" cannot be
     * atomic. Instead: check everything that can be checked up front, write the contract (its unique
     * reference decides a race between two creators), then the KPIs; if any KPI write fails, delete
     * what this call wrote, in reverse, before reporting the error.
     */
    async create(contract, kpis = [], options = {}) {
      const reference = exactText(contract.reference, 'reference');
      const seen = new Set<string>();
      for (const [index, kpi] of kpis.entries()) {
        if (seen.has(kpi.key)) {
          throw new StewardError('validation', `Two KPIs use the key ${kpi.key}; give each KPI its own key.`, {
            fieldErrors: { [`kpis.${index}.key`]: 'is used by another KPI of this contract' },
          });
        }
        seen.add(kpi.key);
      }
      if (await Contract.exists({ reference })) throw duplicateReference(reference);

      let created: ContractRecord;
      try {
        const doc = await Contract.create({ ...toDoc(contract), revision: 1 });
        created = toRecord<ContractRecord>(stripInternal(doc.toObject()));
      } catch (error) {
        if (isDuplicateKey(error)) throw duplicateReference(reference, error);
        throw error;
      }

      const effectiveFrom = options.effectiveFrom ?? clock();
      const written: KpiRecord[] = [];
      try {
        for (const kpi of kpis) {
          written.push(await insertFirstVersion(kpiModels, reference, kpi, effectiveFrom, options.by));
        }
      } catch (error) {
        // Compensate: this contract did not exist before this call, so everything under its reference goes.
        await kpiModels.Kpi.deleteMany({ contractRef: reference });
        await kpiModels.KpiVersion.deleteMany({ contractRef: reference });
        await Contract.deleteOne({ _id: created.id });
        throw error;
      }
      return { contract: created, kpis: written };
    },

    async get(reference) {
      const doc = await Contract.findOne({ reference: exactText(reference, 'reference') })
        .select(PUBLIC_FIELDS)
        .lean();
      return toRecordOrNull<ContractRecord>(doc);
    },

    async createMany(items, options = {}) {
      if (items.length === 0) return 0;
      const refs = items.map((item) => exactText(item.contract.reference, 'reference'));
      if (new Set(refs).size !== refs.length) throw new StewardError('validation', 'Two contracts share a reference.');
      const taken = await repository.getMany(refs);
      if (taken.length > 0) throw duplicateReference(taken[0]!.reference);
      const effectiveFrom = options.effectiveFrom ?? clock();
      const versions = items.flatMap(({ contract, kpis = [] }) =>
        kpis.map((kpi) => ({
          contractRef: contract.reference,
          key: kpi.key,
          version: 1,
          effectiveFrom,
          ...pickDefinition(kpi.definition),
          changedBy: options.by,
        })),
      );
      try {
        await Contract.insertMany(
          items.map(({ contract }) => ({ ...toDoc(contract), revision: 1 })),
          { ordered: true },
        );
        if (versions.length > 0) {
          await kpiModels.KpiVersion.insertMany(versions, { ordered: true });
          await kpiModels.Kpi.insertMany(
            versions.map(({ changedBy: _by, ...kpi }) => kpi),
            { ordered: true },
          );
        }
      } catch (error) {
        await kpiModels.Kpi.deleteMany({ contractRef: op({ $in: refs }) });
        await kpiModels.KpiVersion.deleteMany({ contractRef: op({ $in: refs }) });
        await Contract.deleteMany({ reference: op({ $in: refs }) });
        if (isDuplicateKey(error)) throw duplicateReference(refs[0]!, error);
        throw error;
      }
      return items.length;
    },

    async getMany(references) {
      const refs = [...new Set(references.map((r) => exactText(r, 'reference')))];
      const found: ContractRecord[] = [];
      for (let i = 0; i < refs.length; i += 500) {
        const docs = await Contract.find({ reference: op({ $in: refs.slice(i, i + 500) }) })
          .select(PUBLIC_FIELDS)
          .lean();
        found.push(...docs.map((d) => toRecord<ContractRecord>(d)));
      }
      return found;
    },

    async getById(id) {
      if (!isStoreId(id)) return null;
      return toRecordOrNull<ContractRecord>(await Contract.findById(id).select(PUBLIC_FIELDS).lean());
    },

    async require(reference) {
      const found = await repository.get(reference);
      if (!found) throw new StewardError('not_found', `There is no contract with the reference ${reference}.`);
      return found;
    },

    async list(filter = {}, page = {}) {
      const docs = await Contract.find(toQuery(filter))
        .select(PUBLIC_FIELDS)
        .sort({ reference: 1 })
        .skip(page.skip ?? 0)
        .limit(page.limit ?? 0)
        .lean();
      return docs.map((d) => toRecord<ContractRecord>(d));
    },

    async count(filter = {}) {
      return Contract.countDocuments(toQuery(filter));
    },

    async references(filter = {}) {
      const docs = await Contract.find(toQuery(filter)).select({ reference: 1, _id: 0 }).sort({ reference: 1 }).lean();
      return docs.map((d) => d.reference);
    },

    async byChannel(surface, channelId) {
      const wanted = exactText(channelId, 'channelId');
      // FerretDB's $elemMatch takes only operators, not field matches, so the surface is checked here.
      const docs = await Contract.find({ 'channels.channelId': wanted })
        .select(PUBLIC_FIELDS)
        .sort({ reference: 1 })
        .lean();
      return docs
        .map((d) => toRecord<ContractRecord>(d))
        .filter((c) => c.channels.some((ch) => ch.surface === surface && ch.channelId === wanted));
    },

    async forPerson(identity) {
      const keys = identityKeys({
        slackUserId: identity.slackUserId === undefined ? undefined : exactText(identity.slackUserId, 'slackUserId'),
        teamsUserId: identity.teamsUserId === undefined ? undefined : exactText(identity.teamsUserId, 'teamsUserId'),
      });
      if (keys.length === 0) return [];
      const docs = await Contract.find({ memberKeys: op({ $in: keys }) })
        .select(PUBLIC_FIELDS)
        .sort({ reference: 1 })
        .lean();
      return docs.map((d) => toRecord<ContractRecord>(d));
    },

    async update(reference, patch, options = {}) {
      return withLock(claims, `contract:${reference}`, async () => {
        const current = await repository.require(reference);
        if (options.expectedRevision !== undefined && options.expectedRevision !== current.revision) {
          throw new StewardError(
            'conflict',
            `Contract ${reference} was changed by someone else in the meantime. Reload it and make your change again.`,
          );
        }
        const { reference: _ignored, status: _status, ...changes } = patch as ContractPatch & Partial<Contract>;
        const merged: Contract & ServiceCreditTerms = { ...current, ...definedOnly(changes) };
        const { reference: _r, status: _s, ...fields } = toDoc(merged);
        await Contract.updateOne(
          { reference, revision: current.revision },
          { $set: { ...fields, revision: current.revision + 1 } },
        );
        return repository.require(reference);
      });
    },

    async setStatus(reference, from, to) {
      const allowed = Array.isArray(from) ? from : [from];
      return withLock(claims, `contract:${reference}`, async () => {
        const current = await repository.require(reference);
        if (!allowed.includes(current.status)) {
          throw new StewardError(
            'invalid_transition',
            `Contract ${reference} is ${current.status}, so it cannot be moved to ${to}.`,
          );
        }
        await Contract.updateOne(
          { reference, status: current.status },
          { $set: { status: to, revision: current.revision + 1, nextDue: dueNowForEveryJob() } },
        );
        return repository.require(reference);
      });
    },

    async updateKickoff(reference, change) {
      return withLock(claims, `contract:${reference}`, async () => {
        const current = await repository.require(reference);
        const next = change(current.kickoff ?? { postedTo: [] });
        await Contract.updateOne({ reference }, { $set: { kickoff: next } });
        return repository.require(reference);
      });
    },

    async updateCloseout(reference, change) {
      return withLock(claims, `contract:${reference}`, async () => {
        const current = await repository.require(reference);
        const next = change(current.closeout);
        await Contract.updateOne({ reference }, { $set: { closeout: next } });
        return repository.require(reference);
      });
    },

    async dueFor(job, now, statuses) {
      const docs = await Contract.find({
        ...toQuery({ status: [...statuses] }),
        [`nextDue.${job}`]: op({ $lte: now }),
      })
        .select(PUBLIC_FIELDS)
        .sort({ reference: 1 })
        .lean();
      return docs.map((d) => toRecord<ContractRecord>(d));
    },

    async setNextDueMany(job, entries) {
      // Point writes by _id, many to an update command: FerretDB on SQLite pushes only a filter that is exactly
      // {_id} into SQL (adding the revision to it makes every statement a scan of the collection), so each
      // statement stays a point write. Then one read of the revisions (a scan, once per call): a change that
      // landed in between (its revision moved on) is made due again.
      const written = entries.filter((entry) => isStoreId(entry.contract.id));
      if (written.length === 0) return;
      const field = `nextDue.${job}`;
      const pointWrites = async (times: Array<{ id: unknown; at: Date }>) => {
        for (let start = 0; start < times.length; start += UPDATE_STATEMENTS_PER_COMMAND) {
          await Contract.bulkWrite(
            times.slice(start, start + UPDATE_STATEMENTS_PER_COMMAND).map(({ id, at }) => ({
              updateOne: { filter: { _id: id }, update: { $set: { [field]: at } } },
            })),
            { ordered: false },
          );
        }
      };
      await pointWrites(written.map(({ contract, at }) => ({ id: contract.id, at })));
      const expected = new Map(written.map(({ contract }) => [String(contract.id), contract.revision]));
      const current =
        written.length === 1
          ? await Contract.find({ _id: written[0]?.contract.id }).select({ revision: 1 }).lean()
          : await Contract.find({ _id: op({ $in: [...expected.keys()] }) })
              .select({ revision: 1 })
              .lean();
      const changed = current.filter((doc) => doc.revision !== expected.get(String(doc._id)));
      await pointWrites(changed.map((doc) => ({ id: doc._id, at: new Date(0) })));
    },

    async earliestDue(job, statuses) {
      const doc = await Contract.findOne(toQuery({ status: [...statuses] }))
        .sort({ [`nextDue.${job}`]: 1 })
        .select({ nextDue: 1 })
        .lean();
      return (doc?.nextDue as Record<ContractJob, Date> | undefined)?.[job] ?? null;
    },

    async markDue(reference, jobs) {
      await Contract.updateOne(
        { reference: exactText(reference, 'reference') },
        { $set: Object.fromEntries(jobs.map((job) => [`nextDue.${job}`, new Date(0)])) },
      );
    },

    async backfillNextDue() {
      const result = await Contract.updateMany(
        { nextDue: op({ $exists: false }) },
        { $set: { nextDue: dueNowForEveryJob() } },
      );
      return result.modifiedCount;
    },

    async discard(reference) {
      const ref = exactText(reference, 'reference');
      await kpiModels.Kpi.deleteMany({ contractRef: ref });
      await kpiModels.KpiVersion.deleteMany({ contractRef: ref });
      await Contract.deleteOne({ reference: ref });
    },
  };
  return repository;
}

/**
 * FerretDB 1.24 on SQLite never answers an update command of 100 statements or more (seen here: 99 return in
 * 0.4 s, 100 or 101 hang past a minute), so batched point writes go in commands well below that.
 */
const UPDATE_STATEMENTS_PER_COMMAND = 50;

/** Internal lookup fields stay inside the store. */
const PUBLIC_FIELDS = { vendorKey: 0, memberKeys: 0, nextDue: 0 };

function stripInternal<T extends object>(doc: T): T {
  const {
    vendorKey: _v,
    memberKeys: _m,
    nextDue: _n,
    ...rest
  } = doc as T & { vendorKey?: unknown; memberKeys?: unknown; nextDue?: unknown };
  return rest as T;
}

function toDoc(contract: Contract & ServiceCreditTerms): Omit<ContractDoc, 'revision'> {
  const people: Person[] = [
    ...contract.vendor.contacts,
    ...Object.values(contract.governance).flatMap((list) => list ?? []),
    ...contract.escalationPath.flatMap((level) => level.people),
  ];
  return {
    reference: contract.reference,
    title: contract.title,
    category: contract.category,
    vendor: contract.vendor,
    value: contract.value,
    periodFee: contract.periodFee,
    startDate: contract.startDate,
    endDate: contract.endDate,
    status: contract.status,
    timezone: contract.timezone,
    reviewCadence: contract.reviewCadence,
    governance: contract.governance,
    escalationPath: contract.escalationPath,
    channels: contract.channels,
    holidays: contract.holidays,
    serviceCreditRules: contract.serviceCreditRules,
    creditCapPercent: contract.creditCapPercent,
    vendorKey: normalizeName(contract.vendor.name),
    memberKeys: [...new Set(people.flatMap(identityKeys))],
    nextDue: dueNowForEveryJob(),
  };
}

function toQuery(filter: ContractFilter): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  if (filter.status !== undefined) {
    const statuses = (Array.isArray(filter.status) ? filter.status : [filter.status]).map((s) =>
      exactText(s, 'status'),
    );
    query.status = op({ $in: statuses });
  }
  if (filter.ownerSlackUserId !== undefined) {
    query['governance.owner.slackUserId'] = exactText(filter.ownerSlackUserId, 'ownerSlackUserId');
  }
  if (filter.ownerTeamsUserId !== undefined) {
    query['governance.owner.teamsUserId'] = exactText(filter.ownerTeamsUserId, 'ownerTeamsUserId');
  }
  if (filter.vendorName !== undefined) query.vendorKey = normalizeName(exactText(filter.vendorName, 'vendorName'));
  if (filter.category !== undefined) query.category = exactText(filter.category, 'category');
  return query;
}

function duplicateReference(reference: string, cause?: unknown): StewardError {
  return new StewardError('conflict', `A contract with the reference ${reference} already exists; choose another.`, {
    fieldErrors: { reference: 'is already used by another contract' },
    cause,
  });
}
