import { type Connection, Schema } from 'mongoose';
import type { Clock } from '../domain/clock';
import { StewardError } from '../domain/errors';
import { VALUE_KINDS } from '../domain/types';
import type { NewValueRecord, ValueRecordEntry, ValueTotals } from './records';
import { baseOptions, defineModel, exactText, op, personSchema, toRecord, withSafeQueries } from './shared';

type ValueDoc = Omit<ValueRecordEntry, 'id' | 'createdAt' | 'updatedAt'>;

export function createValueModel(connection: Connection, clock: Clock) {
  const schema = new Schema<ValueDoc>(
    {
      contractRef: { type: String, required: true },
      periodKey: { type: String, required: true },
      kind: { type: String, enum: VALUE_KINDS, required: true },
      planned: { type: Number, required: true },
      realized: { type: Number, required: true },
      currency: { type: String, required: true },
      note: String,
      recordedBy: { type: personSchema, required: true },
    },
    baseOptions(clock, 'value_records'),
  );
  schema.index({ contractRef: 1, periodKey: 1 });
  return defineModel(connection, 'ValueRecord', withSafeQueries(schema));
}

export type ValueModel = ReturnType<typeof createValueModel>;

export interface ValueRepository {
  record(input: NewValueRecord): Promise<ValueRecordEntry>;
  listForContract(contractRef: string): Promise<ValueRecordEntry[]>;
  listForContracts(contractRefs: string[]): Promise<ValueRecordEntry[]>;
  /** Planned and realized per kind and currency, summed in code (never converted between currencies). */
  totals(contractRef: string): Promise<ValueTotals[]>;
}

export function createValueRepository(Value: ValueModel): ValueRepository {
  const repository: ValueRepository = {
    async record(input) {
      for (const field of ['planned', 'realized'] as const) {
        if (!Number.isFinite(input[field])) {
          throw new StewardError('validation', `The ${field} amount must be a number, like 12500.`, {
            fieldErrors: { [field]: 'must be a number, like 12500' },
          });
        }
      }
      const created = await Value.create({ ...input, contractRef: exactText(input.contractRef, 'contractRef') });
      return toRecord<ValueRecordEntry>(created.toObject());
    },

    async listForContract(contractRef) {
      const docs = await Value.find({ contractRef: exactText(contractRef, 'contractRef') })
        .sort({ periodKey: 1, createdAt: 1 })
        .lean();
      return docs.map((d) => toRecord<ValueRecordEntry>(d));
    },

    async listForContracts(contractRefs) {
      if (contractRefs.length === 0) return [];
      const docs = await Value.find({ contractRef: op({ $in: contractRefs.map((r) => exactText(r, 'contractRef')) }) })
        .sort({ contractRef: 1, periodKey: 1 })
        .lean();
      return docs.map((d) => toRecord<ValueRecordEntry>(d));
    },

    async totals(contractRef) {
      const totals = new Map<string, ValueTotals>();
      for (const record of await repository.listForContract(contractRef)) {
        const key = `${record.kind}|${record.currency}`;
        const total = totals.get(key) ?? {
          kind: record.kind,
          currency: record.currency,
          planned: 0,
          realized: 0,
          records: 0,
        };
        total.planned += record.planned;
        total.realized += record.realized;
        total.records += 1;
        totals.set(key, total);
      }
      return [...totals.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.currency.localeCompare(b.currency));
    },
  };
  return repository;
}
