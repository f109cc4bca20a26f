import { type Connection, Schema } from 'mongoose';
import type { Clock } from '../domain/clock';
import { StewardError } from '../domain/errors';
import type { IsoDate } from '../domain/types';
import { type ClaimTable, withLock } from './claims';
import { type NewRisk, RISK_STATUSES, type RiskRecord, type RiskStatus } from './records';
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

type RiskDoc = Omit<RiskRecord, 'id' | 'createdAt' | 'updatedAt'>;

const ACTIVE_RISKS: readonly RiskStatus[] = ['open', 'mitigating'];

export function createRiskModel(connection: Connection, clock: Clock) {
  const scale = { type: Number, required: true, min: 1, max: 5 };
  const schema = new Schema<RiskDoc>(
    {
      contractRef: { type: String, required: true },
      title: { type: String, required: true },
      description: String,
      likelihood: scale,
      impact: scale,
      score: { type: Number, required: true },
      mitigation: String,
      owner: { type: personSchema, required: true },
      reviewDate: { type: String, required: true },
      status: { type: String, enum: RISK_STATUSES, required: true, default: 'open' },
      createdBy: { type: personSchema, required: true },
    },
    baseOptions(clock, 'risks'),
  );
  schema.index({ contractRef: 1, status: 1, score: -1 });
  schema.index({ status: 1, reviewDate: 1 });
  return defineModel(connection, 'Risk', withSafeQueries(schema));
}

export type RiskModel = ReturnType<typeof createRiskModel>;

export type RiskPatch = Partial<
  Pick<RiskRecord, 'title' | 'description' | 'likelihood' | 'impact' | 'mitigation' | 'owner' | 'reviewDate' | 'status'>
>;

export interface RiskRepository {
  /** `score` is computed: likelihood × impact. */
  create(input: NewRisk): Promise<RiskRecord>;
  get(id: string): Promise<RiskRecord | null>;
  require(id: string): Promise<RiskRecord>;
  /** Highest score first. */
  listForContract(contractRef: string, options?: { status?: RiskStatus[] }): Promise<RiskRecord[]>;
  /** Open or mitigating risks whose review date is on or before `today`. */
  dueForReview(today: IsoDate): Promise<RiskRecord[]>;
  update(id: string, patch: RiskPatch): Promise<RiskRecord>;
}

export function riskScore(likelihood: number, impact: number): number {
  for (const [field, value] of [
    ['likelihood', likelihood],
    ['impact', impact],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > 5) {
      throw new StewardError('validation', `The ${field} must be a whole number from 1 to 5.`, {
        fieldErrors: { [field]: 'must be a whole number from 1 to 5' },
      });
    }
  }
  return likelihood * impact;
}

export function createRiskRepository(Risk: RiskModel, claims: ClaimTable): RiskRepository {
  const get = async (id: string) => (isStoreId(id) ? toRecordOrNull<RiskRecord>(await Risk.findById(id).lean()) : null);
  const require = async (id: string) => {
    const found = await get(id);
    if (!found) throw notFound('Risk', id);
    return found;
  };

  return {
    async create(input) {
      const created = await Risk.create({
        ...input,
        contractRef: exactText(input.contractRef, 'contractRef'),
        status: input.status ?? 'open',
        score: riskScore(input.likelihood, input.impact),
      });
      return toRecord<RiskRecord>(created.toObject());
    },

    get,
    require,

    async listForContract(contractRef, options = {}) {
      const query: Record<string, unknown> = { contractRef: exactText(contractRef, 'contractRef') };
      if (options.status) query.status = op({ $in: options.status.map((s) => exactText(s, 'status')) });
      const docs = await Risk.find(query).sort({ score: -1, reviewDate: 1 }).lean();
      return docs.map((d) => toRecord<RiskRecord>(d));
    },

    async dueForReview(today) {
      const docs = await Risk.find({
        status: op({ $in: ACTIVE_RISKS }),
        reviewDate: op({ $lte: exactText(today, 'today') }),
      })
        .sort({ reviewDate: 1 })
        .lean();
      return docs.map((d) => toRecord<RiskRecord>(d));
    },

    async update(id, patch) {
      return withLock(claims, `risk:${id}`, async () => {
        const current = await require(id);
        const set: Record<string, unknown> = definedOnly(patch);
        set.score = riskScore(patch.likelihood ?? current.likelihood, patch.impact ?? current.impact);
        await Risk.updateOne({ _id: id }, { $set: set }, { runValidators: true });
        return require(id);
      });
    },
  };
}
