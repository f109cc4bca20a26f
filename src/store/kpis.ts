import { type Connection, Schema } from 'mongoose';
import type { Clock } from '../domain/clock';
import { StewardError } from '../domain/errors';
import { DIRECTIONS, KPI_KINDS, type KpiDefinition, type Person, RESPONDENTS } from '../domain/types';
import type { KpiRecord, KpiVersionRecord } from './records';
import {
  baseOptions,
  definedOnly,
  defineModel,
  exactText,
  isDuplicateKey,
  op,
  personSchema,
  toRecord,
  toRecordOrNull,
  withSafeQueries,
} from './shared';

type KpiDoc = KpiDefinition & { contractRef: string; key: string; version: number; effectiveFrom: Date };
type KpiVersionDoc = KpiDoc & { changedBy?: Person; reason?: string };

const cadenceSchema = new Schema(
  {
    type: { type: String, enum: ['weekly', 'monthly', 'quarterly', 'milestones'], required: true },
    dates: { type: [String], default: undefined },
  },
  { _id: false },
);

const definitionFields = {
  name: { type: String, required: true },
  unit: { type: String, default: '' },
  kind: { type: String, enum: KPI_KINDS, required: true },
  direction: { type: String, enum: DIRECTIONS, required: true },
  baseline: { type: Number, required: true },
  target: { type: Number, required: true },
  warningThreshold: { type: Number, required: true },
  breachThreshold: { type: Number, required: true },
  weight: { type: Number, required: true },
  cadence: { type: cadenceSchema, required: true },
  respondent: { type: String, enum: RESPONDENTS, required: true },
  evidenceRequired: { type: Boolean, default: false },
  vendorVisible: { type: Boolean, default: false },
};

const DEFINITION_KEYS = Object.keys(definitionFields) as (keyof KpiDefinition)[];

export function pickDefinition(source: KpiDefinition): KpiDefinition {
  return Object.fromEntries(DEFINITION_KEYS.map((k) => [k, source[k]])) as unknown as KpiDefinition;
}

export function createKpiModels(connection: Connection, clock: Clock) {
  const kpiSchema = new Schema<KpiDoc>(
    {
      contractRef: { type: String, required: true },
      key: { type: String, required: true },
      version: { type: Number, required: true },
      effectiveFrom: { type: Date, required: true },
      ...definitionFields,
    },
    baseOptions(clock, 'kpis'),
  );
  kpiSchema.index({ contractRef: 1, key: 1 }, { unique: true });

  const versionSchema = new Schema<KpiVersionDoc>(
    {
      contractRef: { type: String, required: true },
      key: { type: String, required: true },
      version: { type: Number, required: true },
      effectiveFrom: { type: Date, required: true },
      changedBy: personSchema,
      reason: String,
      ...definitionFields,
    },
    baseOptions(clock, 'kpi_versions'),
  );
  // One document per version: the unique index is what lets only one of two simultaneous edits win.
  versionSchema.index({ contractRef: 1, key: 1, version: 1 }, { unique: true });

  return {
    Kpi: defineModel(connection, 'Kpi', withSafeQueries(kpiSchema)),
    KpiVersion: defineModel(connection, 'KpiVersion', withSafeQueries(versionSchema)),
  };
}

export type KpiModels = ReturnType<typeof createKpiModels>;

export interface NewKpi {
  key: string;
  definition: KpiDefinition;
}

export interface KpiChangeOptions {
  /** The version the editor saw; a different current version means someone else changed it first. */
  expectedVersion?: number;
  effectiveFrom?: Date;
  by?: Person;
  reason?: string;
}

export interface KpiRepository {
  /** Adds a KPI (version 1) to an existing contract; `conflict` when the key is taken. */
  create(contractRef: string, kpi: NewKpi, options?: { effectiveFrom?: Date; by?: Person }): Promise<KpiRecord>;
  get(contractRef: string, key: string): Promise<KpiRecord | null>;
  listForContract(contractRef: string): Promise<KpiRecord[]>;
  listForContracts(contractRefs: string[]): Promise<KpiRecord[]>;
  /** Every KPI: cheaper than `listForContracts` when asking for most contracts (FerretDB filters `$in` in Go). */
  listAll(): Promise<KpiRecord[]>;
  /** Writes a new version; earlier scores keep pointing at the version they were given under. */
  update(
    contractRef: string,
    key: string,
    changes: Partial<KpiDefinition>,
    options?: KpiChangeOptions,
  ): Promise<KpiRecord>;
  definitionAt(contractRef: string, key: string, version: number): Promise<KpiVersionRecord | null>;
  /** Every version of one KPI, oldest first. */
  history(contractRef: string, key: string): Promise<KpiVersionRecord[]>;
  /** Every version of every KPI of a contract, for evaluating many scores without a query each. */
  versionsForContract(contractRef: string): Promise<KpiVersionRecord[]>;
}

export function createKpiRepository(models: KpiModels, clock: Clock): KpiRepository {
  const { Kpi, KpiVersion } = models;

  return {
    async create(contractRef, kpi, options = {}) {
      const effectiveFrom = options.effectiveFrom ?? clock();
      return insertFirstVersion(models, contractRef, kpi, effectiveFrom, options.by);
    },

    async get(contractRef, key) {
      const doc = await Kpi.findOne({
        contractRef: exactText(contractRef, 'contractRef'),
        key: exactText(key, 'key'),
      }).lean();
      return toRecordOrNull<KpiRecord>(doc);
    },

    async listForContract(contractRef) {
      const docs = await Kpi.find({ contractRef: exactText(contractRef, 'contractRef') })
        .sort({ key: 1 })
        .lean();
      return docs.map((d) => toRecord<KpiRecord>(d));
    },

    async listForContracts(contractRefs) {
      if (contractRefs.length === 0) return [];
      const refs = contractRefs.map((r) => exactText(r, 'contractRef'));
      const docs = await Kpi.find({ contractRef: op({ $in: refs }) })
        .sort({ contractRef: 1, key: 1 })
        .lean();
      return docs.map((d) => toRecord<KpiRecord>(d));
    },

    async listAll() {
      const docs = await Kpi.find({}).sort({ contractRef: 1, key: 1 }).lean();
      return docs.map((d) => toRecord<KpiRecord>(d));
    },

    /*
     * No transactions on FerretDB, so a new version is written in two steps. Inserting the version
     * document comes first: its unique (contractRef, key, version) index makes exactly one of two
     * simultaneous edits succeed. Then the KPI document moves from the previous version to the new one,
     * on condition that it is still at the previous version; if it is not, the version document just
     * written is deleted again and the editor is told to reload.
     */
    async update(contractRef, key, changes, options = {}) {
      const current = await this.get(contractRef, key);
      if (!current) throw new StewardError('not_found', `KPI ${key} was not found on ${contractRef}.`);
      if (options.expectedVersion !== undefined && options.expectedVersion !== current.version) {
        throw staleKpi(key);
      }
      const previous = current.version;
      const definition = pickDefinition({ ...current, ...definedOnly(changes) });
      const effectiveFrom = options.effectiveFrom ?? clock();
      let versionId: unknown;
      try {
        const created = await KpiVersion.create({
          contractRef,
          key,
          version: previous + 1,
          effectiveFrom,
          changedBy: options.by,
          reason: options.reason,
          ...definition,
        });
        versionId = created._id;
      } catch (error) {
        if (isDuplicateKey(error)) throw staleKpi(key);
        throw error;
      }
      const moved = await Kpi.updateOne(
        { contractRef, key, version: previous },
        { $set: { ...definition, version: previous + 1, effectiveFrom } },
      );
      if (moved.matchedCount !== 1) {
        await KpiVersion.deleteOne({ _id: versionId });
        throw staleKpi(key);
      }
      const updated = await this.get(contractRef, key);
      if (!updated) throw new StewardError('not_found', `KPI ${key} was not found on ${contractRef}.`);
      return updated;
    },

    async definitionAt(contractRef, key, version) {
      const doc = await KpiVersion.findOne({
        contractRef: exactText(contractRef, 'contractRef'),
        key: exactText(key, 'key'),
        version: Number(version),
      }).lean();
      return toRecordOrNull<KpiVersionRecord>(doc);
    },

    async history(contractRef, key) {
      const docs = await KpiVersion.find({
        contractRef: exactText(contractRef, 'contractRef'),
        key: exactText(key, 'key'),
      })
        .sort({ version: 1 })
        .lean();
      return docs.map((d) => toRecord<KpiVersionRecord>(d));
    },

    async versionsForContract(contractRef) {
      const docs = await KpiVersion.find({ contractRef: exactText(contractRef, 'contractRef') })
        .sort({ key: 1, version: 1 })
        .lean();
      return docs.map((d) => toRecord<KpiVersionRecord>(d));
    },
  };
}

/**
 * Writes version 1 and the KPI itself. The version document goes first so a duplicate key is
 * refused before anything else exists; if the KPI document then fails, the version is removed.
 */
export async function insertFirstVersion(
  models: KpiModels,
  contractRef: string,
  kpi: NewKpi,
  effectiveFrom: Date,
  by?: Person,
): Promise<KpiRecord> {
  const definition = pickDefinition(kpi.definition);
  const base = { contractRef, key: kpi.key, version: 1, effectiveFrom, ...definition };
  let versionId: unknown;
  try {
    const version = await models.KpiVersion.create({ ...base, changedBy: by });
    versionId = version._id;
    const created = await models.Kpi.create(base);
    return toRecord<KpiRecord>(created.toObject());
  } catch (error) {
    if (versionId !== undefined) await models.KpiVersion.deleteOne({ _id: versionId });
    if (isDuplicateKey(error)) {
      throw new StewardError('conflict', `Contract ${contractRef} already has a KPI with the key ${kpi.key}.`, {
        fieldErrors: { key: 'is already used on this contract' },
        cause: error,
      });
    }
    throw error;
  }
}

function staleKpi(key: string): StewardError {
  return new StewardError(
    'conflict',
    `KPI ${key} was changed by someone else in the meantime. Reload it and make your change again.`,
  );
}
