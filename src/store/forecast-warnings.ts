import { type Connection, Schema } from 'mongoose';
import type { Clock } from '../domain/clock';
import type { Person } from '../domain/types';
import { baseOptions, defineModel, exactText, isDuplicateKey, personSchema, toRecord, withSafeQueries } from './shared';

/** An early warning Steward posted (or is posting) for one KPI and one period. */
export interface ForecastWarningRecord {
  id: string;
  contractRef: string;
  kpiKey: string;
  /** The period of the score the forecast was made after; one warning per KPI and period. */
  periodKey: string;
  latest: number;
  forecast: number;
  low: number;
  high: number;
  breachThreshold: number;
  probability: number;
  /** The replica that won the insert and posts the warning. */
  postedBy: string;
  createdAt: Date;
}

export type NewForecastWarning = Omit<ForecastWarningRecord, 'id' | 'createdAt'>;

/** A manager's choice for one KPI; no record means warnings are on. */
export interface ForecastSettingRecord {
  contractRef: string;
  kpiKey: string;
  warningsOff: boolean;
  changedBy: Person;
  changedAt: Date;
}

export function createForecastWarningModels(connection: Connection, clock: Clock) {
  const warning = new Schema<Omit<ForecastWarningRecord, 'id'>>(
    {
      contractRef: { type: String, required: true },
      kpiKey: { type: String, required: true },
      periodKey: { type: String, required: true },
      latest: { type: Number, required: true },
      forecast: { type: Number, required: true },
      low: { type: Number, required: true },
      high: { type: Number, required: true },
      breachThreshold: { type: Number, required: true },
      probability: { type: Number, required: true },
      postedBy: { type: String, required: true },
      createdAt: { type: Date, required: true },
    },
    baseOptions(clock, 'forecast_warnings', false),
  );
  // The one winner across replicas: findOneAndUpdate upserts are not atomic on FerretDB, a unique insert is.
  warning.index({ contractRef: 1, kpiKey: 1, periodKey: 1 }, { unique: true });
  const setting = new Schema<ForecastSettingRecord>(
    {
      contractRef: { type: String, required: true },
      kpiKey: { type: String, required: true },
      warningsOff: { type: Boolean, required: true },
      changedBy: { type: personSchema, required: true },
      changedAt: { type: Date, required: true },
    },
    baseOptions(clock, 'forecast_settings', false),
  );
  setting.index({ contractRef: 1, kpiKey: 1 }, { unique: true });
  return {
    ForecastWarning: defineModel(connection, 'ForecastWarning', withSafeQueries(warning)),
    ForecastSetting: defineModel(connection, 'ForecastSetting', withSafeQueries(setting)),
  };
}

export type ForecastWarningModels = ReturnType<typeof createForecastWarningModels>;

export interface ForecastWarningRepository {
  /** Takes the warning for its KPI and period: true for exactly one caller across replicas, false for the rest. */
  claim(input: NewForecastWarning): Promise<boolean>;
  /** Gives a claimed warning back after posting it failed everywhere, so the next score may try again. */
  release(contractRef: string, kpiKey: string, periodKey: string): Promise<void>;
  /** Newest first. */
  listForContract(contractRef: string): Promise<ForecastWarningRecord[]>;
  /** Whether a manager turned warnings off for these KPIs; absent keys are on. */
  warningsOff(contractRef: string): Promise<Set<string>>;
  setWarningsOff(contractRef: string, kpiKey: string, off: boolean, changedBy: Person): Promise<void>;
}

export function createForecastWarningRepository(
  { ForecastWarning, ForecastSetting }: ForecastWarningModels,
  clock: Clock,
): ForecastWarningRepository {
  return {
    async claim(input) {
      try {
        await ForecastWarning.create({
          ...input,
          contractRef: exactText(input.contractRef, 'contractRef'),
          kpiKey: exactText(input.kpiKey, 'kpiKey'),
          periodKey: exactText(input.periodKey, 'periodKey'),
          createdAt: clock(),
        });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
    async release(contractRef, kpiKey, periodKey) {
      await ForecastWarning.deleteOne({
        contractRef: exactText(contractRef, 'contractRef'),
        kpiKey: exactText(kpiKey, 'kpiKey'),
        periodKey: exactText(periodKey, 'periodKey'),
      });
    },
    async listForContract(contractRef) {
      const docs = await ForecastWarning.find({ contractRef: exactText(contractRef, 'contractRef') })
        .sort({ createdAt: -1 })
        .lean();
      return docs.map((doc) => toRecord<ForecastWarningRecord>(doc));
    },
    async warningsOff(contractRef) {
      const docs = await ForecastSetting.find({
        contractRef: exactText(contractRef, 'contractRef'),
        warningsOff: true,
      }).lean();
      return new Set(docs.map((doc) => doc.kpiKey));
    },
    async setWarningsOff(contractRef, kpiKey, off, changedBy) {
      // A manager's switch, not a race to win: the last one to set it is what holds.
      await ForecastSetting.updateOne(
        { contractRef: exactText(contractRef, 'contractRef'), kpiKey: exactText(kpiKey, 'kpiKey') },
        { $set: { warningsOff: off, changedBy, changedAt: clock() } },
        { upsert: true },
      );
    },
  };
}
