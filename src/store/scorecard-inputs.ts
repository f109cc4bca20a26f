import { type Connection, Schema } from 'mongoose';
import { sharedInFlight } from '../concurrency';
import type { KpiModels } from './kpis';
import type { KpiRecord, KpiVersionRecord, ScoreRecord, ScoreSummary } from './records';
import { type ScoreModel, SUMMARY_FIELDS } from './scores';
import { defineModel, exactText, isDuplicateKey, newId, op, toRecord } from './shared';
import { type WindowClaimTable, withWindowLocks } from './window-claims';

/** How long a score waits for its turn on its contract's scorecard inputs before it is refused. */
const SCORECARD_LOCK_WAIT_MS = 30_000;

/**
 * What a contract's scorecard is computed from (its KPIs, their versions and its recent scores), kept as one
 * document per contract under `_id` = contract reference.
 *
 * Why: the embedded FerretDB answers only an exact `_id` match from an index; any other query decodes every
 * document of the collection in Go (about 80 µs each), so reading one contract's scores cost as much as
 * reading all of them: 250 ms with 3,000 scores, over a minute with a million. One `_id` read of this
 * document replaces the three queries. The inputs are stored as one JSON string: FerretDB's cost grows
 * with the number of values in a document, and a string is one value (a 1,200-score card reads in about
 * 10 ms instead of 60).
 *
 * The collections stay the truth; this is derived from them and kept current by the writers:
 * - a score write is announced first (`track` adds a pending mark), then folded in when it succeeded;
 * - a KPI write marks the inputs stale, and the next read computes them again;
 * - a reader finds a document that is missing, stale, too short for the period it wants, or with a pending
 *   mark older than PENDING_EXPIRY_MS (its writer died), and computes the inputs from the collections.
 * Every change of the document happens under a short lock on the contract, because FerretDB's updates are
 * not atomic; a computation from the collections is saved only if no write was folded in meanwhile.
 */
export interface ScorecardInputs {
  kpis: KpiRecord[];
  versions: KpiVersionRecord[];
  scores: ScoreSummary[];
}

export interface ScorecardInputsRepository {
  /** The inputs of `contractRef`'s scorecard with the scores of periods starting at or after `since`. */
  read(contractRef: string, since: Date): Promise<ScorecardInputs>;
  /**
   * The inputs of several contracts (a `/steward list` page), keyed by reference. The ones that must be
   * computed are computed together: one pass over each collection instead of one per contract.
   */
  readMany(contractRefs: string[], since: Date): Promise<Map<string, ScorecardInputs>>;
  /**
   * Runs a write that changes `contractRef`'s scores or KPIs. `effect` says what the write did once it
   * succeeded: a score to fold in, or `stale` (KPIs changed, or a score went away). A write that fails or
   * dies leaves nothing wrong behind: its pending mark makes readers compute the inputs again.
   */
  track<T>(contractRef: string, work: () => Promise<T>, effect: (result: T) => ScoreSummary | 'stale'): Promise<T>;
  /**
   * Computes the inputs of every contract that has none in one pass over each collection, for data written
   * around Steward (a bulk load, an upgrade); returns how many were saved.
   */
  rebuildAll(since: Date): Promise<number>;
  /**
   * Computes the inputs of contracts just created in bulk, in one pass, and inserts them where none exists yet
   * (insert only: a document written meanwhile by a writer of the same contract is newer and stays).
   */
  seedNew(contractRefs: string[], since: Date): Promise<void>;
  readonly model: ReturnType<typeof createScorecardInputsModel>;
}

/** A write announced longer ago than this has died with its process. */
export const PENDING_EXPIRY_MS = 60_000;
/**
 * How long a computed read model stays shared after it was saved: a reader whose read of the old document was
 * still on its way when the save finished joins it instead of computing it again.
 */
const SHARED_LINGER_MS = 10_000;
/** Scores kept beyond the period a reader asked for, so the next months' reads still find them. */
const HORIZON_MARGIN_MS = 180 * 24 * 3_600_000;

interface InputsDoc {
  _id: string;
  /** JSON of ScorecardInputs, or null when it must be computed again. */
  payload: string | null;
  /** Scores of periods starting before this are not in the payload. */
  horizon: Date | null;
  /** Changes on every write; a computation is saved only if it is unchanged since it began. */
  generation: string;
  pending: Array<{ id: string; at: Date }>;
}

export function createScorecardInputsModel(connection: Connection) {
  const schema = new Schema<InputsDoc>(
    {
      _id: { type: String, required: true },
      payload: { type: String, default: null },
      horizon: { type: Date, default: null },
      generation: { type: String, required: true },
      pending: { type: [{ _id: false, id: String, at: Date }], default: [] },
    },
    {
      collection: 'scorecard_inputs',
      versionKey: false,
      strict: true,
      strictQuery: 'throw',
      autoIndex: false,
    },
  );
  return defineModel(connection, 'ScorecardInputs', schema);
}

const DATE_FIELDS = new Set(['periodStart', 'periodEnd', 'answeredAt', 'effectiveFrom', 'createdAt', 'updatedAt']);

function parsePayload(payload: string): ScorecardInputs {
  return JSON.parse(payload, (key, value) =>
    DATE_FIELDS.has(key) && typeof value === 'string' ? new Date(value) : value,
  ) as ScorecardInputs;
}

export function summaryOfScore(score: ScoreRecord): ScoreSummary {
  return {
    id: score.id,
    contractRef: score.contractRef,
    kpiKey: score.kpiKey,
    kpiVersion: score.kpiVersion,
    periodKey: score.periodKey,
    periodStart: score.periodStart,
    value: score.value,
    rag: score.rag,
    answeredAt: score.answeredAt,
  };
}

export function createScorecardInputsRepository(
  Inputs: ReturnType<typeof createScorecardInputsModel>,
  sources: { Score: ScoreModel; kpiModels: KpiModels },
  locks: WindowClaimTable,
): ScorecardInputsRepository {
  const { Score, kpiModels } = sources;
  // Real time: whether a writer has died is about processes, not the domain clock.
  const now = () => Date.now();
  // Each turn under this lock is two point operations, but every score of a contract takes two turns: twenty
  // scores of one contract at once (a grouped prompt answered, an import) queue for forty turns, which on a loaded
  // machine took longer than the default 5 s, and a score was refused. The queue is short work; waiting is right.
  const locked = <T>(contractRef: string, work: () => Promise<T>) =>
    withWindowLocks(locks, [`scorecard:${contractRef}`], () => work(), {
      owner: `lock-${newId()}`,
      waitMs: SCORECARD_LOCK_WAIT_MS,
    });
  const load = async (contractRef: string) =>
    (await Inputs.collection.findOne({ _id: contractRef } as never)) as unknown as InputsDoc | null;
  const save = (doc: InputsDoc) => Inputs.collection.replaceOne({ _id: doc._id } as never, doc, { upsert: true });

  /** Computes the inputs of `contractRefs` from the collections: three queries, whatever the number of contracts. */
  async function computeMany(contractRefs: string[], horizon: Date): Promise<Map<string, ScorecardInputs>> {
    const refs = op({ $in: contractRefs });
    const [kpis, versions, scores] = await Promise.all([
      kpiModels.Kpi.find({ contractRef: refs }).sort({ key: 1 }).lean(),
      kpiModels.KpiVersion.find({ contractRef: refs }).sort({ key: 1, version: 1 }).lean(),
      Score.find({ contractRef: refs, periodStart: op({ $gte: horizon }) })
        .select(SUMMARY_FIELDS)
        .lean(),
    ]);
    const byContract = new Map<string, ScorecardInputs>(
      contractRefs.map((ref) => [ref, { kpis: [], versions: [], scores: [] }]),
    );
    for (const doc of kpis) {
      const kpi = toRecord<KpiRecord>(doc);
      byContract.get(kpi.contractRef)?.kpis.push(kpi);
    }
    for (const doc of versions) {
      const version = toRecord<KpiVersionRecord>(doc);
      byContract.get(version.contractRef)?.versions.push(version);
    }
    for (const doc of scores) {
      const score = toRecord<ScoreSummary>(doc);
      byContract.get(score.contractRef)?.scores.push(score);
    }
    return byContract;
  }

  // A burst of readers of the same page costs one read of each document, not one per reader.
  const shareLoad = sharedInFlight<InputsDoc | null>();
  const loadShared = (ref: string) => shareLoad(ref, () => load(ref));

  const computing = new Map<string, { generation: string | null; horizon: number; inputs: Promise<ScorecardInputs> }>();

  const within = (inputs: ScorecardInputs, since: Date): ScorecardInputs => ({
    ...inputs,
    scores: inputs.scores.filter((score) => score.periodStart.getTime() >= since.getTime()),
  });

  return {
    model: Inputs,

    async read(contractRef, since) {
      const ref = exactText(contractRef, 'contractRef');
      return (await this.readMany([ref], since)).get(ref) as ScorecardInputs;
    },

    async readMany(contractRefs, since) {
      const refs = [...new Set(contractRefs.map((ref) => exactText(ref, 'contractRef')))];
      const docs = await Promise.all(refs.map(loadShared));
      const result = new Map<string, ScorecardInputs>();
      const waiting: Array<Promise<void>> = [];
      const cold: Array<{ ref: string; generation: string | null }> = [];
      refs.forEach((ref, index) => {
        const doc = docs[index] ?? null;
        const usable =
          doc?.payload &&
          doc.horizon &&
          doc.horizon.getTime() <= since.getTime() &&
          doc.pending.every((mark) => now() - new Date(mark.at).getTime() < PENDING_EXPIRY_MS);
        if (usable) {
          result.set(ref, within(parsePayload(doc.payload as string), since));
          return;
        }
        const generation = doc?.generation ?? null;
        // Readers that find the same stale document share one computation, instead of each computing it and
        // then queueing on the lock to save it (200 `/steward list` on a cold portfolio did that). A reader
        // that saw another generation (a write came in) computes its own.
        const shared = computing.get(ref);
        if (shared && shared.generation === generation && shared.horizon <= since.getTime()) {
          waiting.push(shared.inputs.then((inputs) => void result.set(ref, within(inputs, since))));
          return;
        }
        cold.push({ ref, generation });
      });
      if (cold.length > 0) {
        const startedAt = now();
        const horizon = new Date(since.getTime() - HORIZON_MARGIN_MS);
        const batch = computeMany(
          cold.map((c) => c.ref),
          horizon,
        );
        for (const { ref, generation } of cold) {
          // Registered before anything is awaited, so every reader from now on joins this computation.
          const entry = {
            generation,
            horizon: horizon.getTime(),
            inputs: batch.then((byContract) => byContract.get(ref) as ScorecardInputs),
          };
          entry.inputs.catch(() => undefined); // a failure reaches the readers that await it, not the process
          computing.set(ref, entry);
          const forget = () => {
            if (computing.get(ref) === entry) computing.delete(ref);
          };
          // The computation stays shared while it is saved and a little after, for readers whose read of the
          // old document was still on its way. Readers wait for the save, so that the next read finds it.
          const saved = entry.inputs
            .then((inputs) =>
              locked(ref, async () => {
                const current = await load(ref);
                if ((current?.generation ?? null) !== generation) return; // a write came in meanwhile: not saved
                await save({
                  _id: ref,
                  payload: JSON.stringify(inputs),
                  horizon,
                  generation: newId(),
                  // Marks of writers that began after this computation's reads may still fold their score in;
                  // older ones finished (so their score was read) or died.
                  pending: (current?.pending ?? []).filter(
                    (mark) => new Date(mark.at).getTime() >= startedAt - PENDING_EXPIRY_MS,
                  ),
                });
              }),
            )
            .then(
              () => void setTimeout(forget, SHARED_LINGER_MS).unref(),
              // Saving is an optimisation; the reader has its answer.
              () => forget(),
            );
          waiting.push(
            entry.inputs.then(async (inputs) => {
              await saved;
              result.set(ref, within(inputs, since));
            }),
          );
        }
      }
      await Promise.all(waiting);
      return new Map(refs.map((ref) => [ref, result.get(ref) as ScorecardInputs]));
    },

    async track(contractRef, work, effect) {
      const ref = exactText(contractRef, 'contractRef');
      const mark = { id: newId(), at: new Date(now()) };
      await locked(ref, async () => {
        const current = await load(ref);
        await save({
          _id: ref,
          payload: current?.payload ?? null,
          horizon: current?.horizon ?? null,
          generation: newId(),
          pending: [...(current?.pending ?? []), mark],
        });
      });
      let outcome: ScoreSummary | 'stale' | 'failed' = 'failed';
      try {
        const result = await work();
        outcome = effect(result);
        return result;
      } finally {
        await locked(ref, async () => {
          const current = await load(ref);
          if (!current) return;
          let payload = current.payload;
          if (outcome === 'stale') payload = null;
          else if (outcome !== 'failed' && payload) {
            const score = outcome;
            const inputs = parsePayload(payload);
            if (!current.horizon || score.periodStart.getTime() >= current.horizon.getTime()) {
              inputs.scores = [
                ...inputs.scores.filter((s) => !(s.kpiKey === score.kpiKey && s.periodKey === score.periodKey)),
                score,
              ];
              payload = JSON.stringify(inputs);
            }
          }
          await save({
            ...current,
            payload,
            generation: newId(),
            pending: current.pending.filter((m) => m.id !== mark.id),
          });
        }).catch(() => undefined); // the mark expires, and readers compute the inputs again
      }
    },

    async seedNew(contractRefs, since) {
      if (contractRefs.length === 0) return;
      const horizon = new Date(since.getTime() - HORIZON_MARGIN_MS);
      const computed = await computeMany(contractRefs, horizon);
      const docs: InputsDoc[] = [...computed].map(([ref, inputs]) => ({
        _id: ref,
        payload: JSON.stringify(inputs),
        horizon,
        generation: newId(),
        pending: [],
      }));
      try {
        await Inputs.collection.insertMany(docs as never[], { ordered: false });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    },

    async rebuildAll(since) {
      const horizon = new Date(since.getTime() - HORIZON_MARGIN_MS);
      const byContract = new Map<string, ScorecardInputs>();
      const entry = (ref: string) => {
        let inputs = byContract.get(ref);
        if (!inputs) {
          inputs = { kpis: [], versions: [], scores: [] };
          byContract.set(ref, inputs);
        }
        return inputs;
      };
      for await (const doc of kpiModels.Kpi.find({}).sort({ contractRef: 1, key: 1 }).lean().cursor()) {
        const kpi = toRecord<KpiRecord>(doc);
        entry(kpi.contractRef).kpis.push(kpi);
      }
      for await (const doc of kpiModels.KpiVersion.find({})
        .sort({ contractRef: 1, key: 1, version: 1 })
        .lean()
        .cursor()) {
        const version = toRecord<KpiVersionRecord>(doc);
        entry(version.contractRef).versions.push(version);
      }
      const scores = Score.find({ periodStart: op({ $gte: horizon }) })
        .select(SUMMARY_FIELDS)
        .lean()
        .cursor({ batchSize: 5_000 });
      for await (const doc of scores) {
        const score = toRecord<ScoreSummary>(doc);
        const inputs = byContract.get(score.contractRef);
        if (inputs) inputs.scores.push(score);
      }
      let saved = 0;
      for (const [ref, inputs] of byContract) {
        await locked(ref, async () => {
          // Inputs kept current by writers are newer than this pass: left as they are.
          const current = await load(ref);
          if (current?.payload) return;
          await save({
            _id: ref,
            payload: JSON.stringify(inputs),
            horizon,
            generation: newId(),
            pending: current?.pending ?? [],
          });
          saved += 1;
        });
      }
      return saved;
    },
  };
}
