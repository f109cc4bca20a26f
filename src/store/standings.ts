import { type Connection, Schema } from 'mongoose';
import type { Clock } from '../domain/clock';
import { buildScorecard, type Trend } from '../domain/scorecard';
import type { ContractStatus, Person, Rag } from '../domain/types';
import type { ContractRepository } from './contracts';
import type { ContractRecord, ScoreSummary } from './records';
import type { ScorecardInputs, ScorecardInputsRepository } from './scorecard-inputs';
import { defineModel, exactText, identityKeys, isDuplicateKey, newId, normalizeName, op } from './shared';
import { type WindowClaimTable, withWindowLocks } from './window-claims';

/**
 * Each contract's standing, one small document per contract under `_id` = reference: its worst RAG now, how many
 * KPIs are red and amber, its overall score and trend (as the contract team and as the vendor see them), and the
 * fields a list filters and sorts by. A page of `list` is then two queries on this collection (the page and its
 * count), whatever the portfolio's size, instead of a scorecard computed for every row.
 *
 * Why a collection of its own: the embedded FerretDB filters anything but an exact `_id` in Go, decoding every
 * document; its cost grows with the number of values in a document. A standing has a dozen values (what a row
 * shows is one JSON string), a contract hundreds, so scanning standings is several times cheaper.
 *
 * The contracts, KPIs and scores stay the truth; a standing is derived from them and kept current by the writers:
 * - a writer first leaves a mark (`standing_marks`, an insert), makes its change, then computes the standing
 *   again from the truth under a short lock on the contract, and removes its mark;
 * - a writer that died leaves its mark behind: `repair` (a scheduled job, and every list page for its own rows)
 *   computes the standings of marks older than MARK_EXPIRY_MS again;
 * - data written around Steward (a bulk load, an upgrade) is brought in by `rebuildAll`, and contracts without a
 *   standing are found by `repair` too.
 * Computing under the lock with reads made inside it means the last computation after any write sees that write.
 */

export const STANDINGS_COLLECTION = 'contract_standings';
/** A mark left longer ago than this belongs to a writer that died. */
export const MARK_EXPIRY_MS = 60_000;

/** How often `repair` looks for contracts without a standing (real time: it is about crashed processes). */
const COUNT_CHECK_MS = 10 * 60_000;

export type RagFilter = Rag | 'none';

/** How a contract stands, as one audience sees it. */
export interface StandingView {
  /** The worst latest RAG over its KPIs; null before the first score. */
  worst: Rag | null;
  red: number;
  amber: number;
  overallRag: Rag | null;
  overallScore: number | null;
  trend: Trend;
}

/** What a list row shows of a contract. */
export interface StandingRow {
  reference: string;
  title: string;
  vendorName: string;
  status: ContractStatus;
  owner: Person[];
  endDate: string;
  internal: StandingView;
  vendor: StandingView;
}

export interface StandingQuery {
  /** Whose view decides the RAG a filter and the order use. */
  view: 'internal' | 'vendor';
  statuses?: ContractStatus[];
  /** Owned by any of these identities (`slack:U…`, `teams:…`). */
  ownerKeys?: string[];
  vendorName?: string;
  /** Only contracts naming one of these identities as a vendor contact (what a vendor may see). */
  contactKeys?: string[];
  rag?: RagFilter;
  /** Ending on or after `from` and on or before `to` (ISO days). */
  ending?: { from: string; to: string };
  /** Every word must appear in the reference, title or vendor name (plain text, any case). */
  words?: string[];
}

export interface StandingsRepository {
  /** A page in attention order (red, amber, green, unscored; then the soonest end) and the count of all matches. */
  page(query: StandingQuery, page: { skip: number; limit: number }): Promise<{ rows: StandingRow[]; total: number }>;
  /** How many match, without the rows. */
  count(query: StandingQuery): Promise<number>;
  /** Runs a write that changes what `reference`'s standing is made of, and computes the standing again after it. */
  keep<T>(reference: string, work: () => Promise<T>): Promise<T>;
  /** Computes `reference`'s standing from the truth now (or removes it, when the contract is gone). */
  refresh(reference: string): Promise<void>;
  /** Standings of new contracts without scores (bulk creation), written in one insert. */
  insertNew(contracts: ContractRecord[]): Promise<void>;
  /**
   * Computes again the standings left behind by writers that died, and of contracts without one (looked for when
   * `recount`, else at most every ten minutes).
   */
  repair(options?: { recount?: boolean }): Promise<number>;
  /** Computes every contract's standing again (after data written around Steward). */
  rebuildAll(): Promise<number>;
  readonly models: ReturnType<typeof createStandingModels>;
}

interface StandingDoc {
  _id: string;
  contractId: string | null;
  status: string;
  vendorKey: string;
  ownerKeys: string[];
  contactKeys: string[];
  /** 0 red, 1 amber, 2 green, 3 no score yet: the order of attention. */
  rank: number;
  vendorRank: number;
  endDate: string;
  /** Reference, title and vendor name, lower case, for the free-text word. */
  text: string;
  /** JSON of StandingRow: one value to decode instead of a dozen. */
  row: string;
}

interface MarkDoc {
  _id: string;
  reference: string;
  at: Date;
}

export function createStandingModels(connection: Connection) {
  const options = { versionKey: false, strict: true, strictQuery: 'throw', autoIndex: false } as const;
  const standing = new Schema<StandingDoc>(
    {
      _id: { type: String, required: true },
      contractId: { type: String, default: null },
      status: { type: String, required: true },
      vendorKey: { type: String, required: true },
      ownerKeys: { type: [String], default: [] },
      contactKeys: { type: [String], default: [] },
      rank: { type: Number, required: true },
      vendorRank: { type: Number, required: true },
      endDate: { type: String, required: true },
      text: { type: String, required: true },
      row: { type: String, required: true },
    },
    { ...options, collection: STANDINGS_COLLECTION },
  );
  const mark = new Schema<MarkDoc>(
    {
      _id: { type: String, required: true },
      reference: { type: String, required: true },
      at: { type: Date, required: true },
    },
    { ...options, collection: 'standing_marks' },
  );
  return {
    Standing: defineModel(connection, 'ContractStanding', standing),
    StandingMark: defineModel(connection, 'ContractStandingMark', mark),
  };
}

const RANK: Record<Rag, number> = { red: 0, amber: 1, green: 2 };
const UNSCORED_RANK = 3;
const RAG_OF_RANK: Array<Rag | null> = ['red', 'amber', 'green', null];

/** The periods of the scores, oldest first (what a scorecard reports on). */
export function orderedPeriods(scores: ScoreSummary[]): string[] {
  const starts = new Map<string, number>();
  for (const score of scores) starts.set(score.periodKey, score.periodStart.getTime());
  return [...starts.entries()].sort((a, b) => a[1] - b[1]).map(([key]) => key);
}

function viewOf({ kpis, versions, scores }: ScorecardInputs, forVendor: boolean): StandingView {
  const card = buildScorecard(
    { kpis: versions.length > 0 ? versions : kpis, scores, periods: orderedPeriods(scores) },
    { forVendor },
  );
  let red = 0;
  let amber = 0;
  let worst = UNSCORED_RANK;
  for (const line of card.kpis) {
    const rag = line.latest?.rag;
    if (!rag) continue;
    if (rag === 'red') red += 1;
    if (rag === 'amber') amber += 1;
    worst = Math.min(worst, RANK[rag]);
  }
  return {
    worst: RAG_OF_RANK[worst] ?? null,
    red,
    amber,
    overallRag: card.overall.rag,
    overallScore: card.overall.score,
    trend: card.overall.trend,
  };
}

/** The standing of `contract` given its scorecard inputs: pure. */
export function standingOf(contract: ContractRecord, inputs: ScorecardInputs): StandingDoc {
  const internal = viewOf(inputs, false);
  const vendor = viewOf(inputs, true);
  const row: StandingRow = {
    reference: contract.reference,
    title: contract.title,
    vendorName: contract.vendor.name,
    status: contract.status,
    owner: contract.governance.owner ?? [],
    endDate: contract.endDate,
    internal,
    vendor,
  };
  return {
    _id: contract.reference,
    contractId: contract.id ?? null,
    status: contract.status,
    vendorKey: normalizeName(contract.vendor.name),
    ownerKeys: [...new Set((contract.governance.owner ?? []).flatMap(identityKeys))],
    contactKeys: [...new Set(contract.vendor.contacts.flatMap(identityKeys))],
    rank: internal.worst ? RANK[internal.worst] : UNSCORED_RANK,
    vendorRank: vendor.worst ? RANK[vendor.worst] : UNSCORED_RANK,
    endDate: contract.endDate,
    text: [contract.reference, contract.title, contract.vendor.name].join(' ').toLowerCase(),
    row: JSON.stringify(row),
  };
}

/** A typed word as a pattern that matches exactly that text: every character that means something is escaped. */
export function literalPattern(word: string): string {
  return word.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/** The longest word worth asking the database about: longer than any reference, title and vendor together. */
export const MAX_WORD_LENGTH = 400;

function toFilter(query: StandingQuery): Record<string, unknown> | null {
  const filter: Record<string, unknown> = {};
  const and: Record<string, unknown>[] = [];
  if (query.statuses) filter.status = op({ $in: query.statuses.map((s) => exactText(s, 'status')) });
  if (query.ownerKeys) filter.ownerKeys = op({ $in: query.ownerKeys.map((k) => exactText(k, 'owner')) });
  if (query.contactKeys) and.push({ contactKeys: op({ $in: query.contactKeys.map((k) => exactText(k, 'contact')) }) });
  if (query.vendorName !== undefined) filter.vendorKey = normalizeName(exactText(query.vendorName, 'vendor'));
  if (query.rag !== undefined) {
    const rank = query.rag === 'none' ? UNSCORED_RANK : RANK[query.rag];
    if (rank === undefined) return null;
    filter[query.view === 'vendor' ? 'vendorRank' : 'rank'] = rank;
  }
  if (query.ending) {
    filter.endDate = op({ $gte: exactText(query.ending.from, 'from'), $lte: exactText(query.ending.to, 'to') });
  }
  for (const raw of query.words ?? []) {
    const word = exactText(raw, 'word').toLowerCase();
    if (word.length > MAX_WORD_LENGTH) return null;
    if (word !== '') and.push({ text: op({ $regex: literalPattern(word) }) });
  }
  if (and.length > 0) filter.$and = and;
  return filter;
}

export function createStandingsRepository(
  models: ReturnType<typeof createStandingModels>,
  sources: { contracts: Pick<ContractRepository, 'get' | 'getById' | 'references' | 'list' | 'count'> },
  inputs: ScorecardInputsRepository,
  locks: WindowClaimTable,
  clock: Clock,
  scorecardMonths: number,
): StandingsRepository {
  const { Standing, StandingMark } = models;
  const since = () => {
    const at = new Date(clock());
    at.setUTCMonth(at.getUTCMonth() - scorecardMonths);
    return at;
  };
  const locked = <T>(reference: string, work: () => Promise<T>) =>
    withWindowLocks(locks, [`standing:${reference}`], () => work(), { owner: `standing-${newId()}` });
  const load = async (reference: string) =>
    (await Standing.collection.findOne({ _id: reference } as never)) as unknown as StandingDoc | null;
  const save = (doc: StandingDoc) =>
    Standing.collection.replaceOne({ _id: doc._id } as never, doc as never, { upsert: true });

  async function refresh(reference: string): Promise<void> {
    const ref = exactText(reference, 'reference');
    await locked(ref, async () => {
      // Read inside the lock: a computation that starts after a write finished sees it.
      const previous = await load(ref);
      const contract =
        (previous?.contractId ? await sources.contracts.getById(previous.contractId) : null) ??
        (await sources.contracts.get(ref));
      if (!contract || contract.reference !== ref) {
        await Standing.collection.deleteOne({ _id: ref } as never);
        return;
      }
      await save(standingOf(contract, await inputs.read(ref, since())));
    });
  }

  // Writers of one contract in this process share computations: a writer whose write is done joins a computation
  // that has not started yet (it reads after the write), instead of each queueing on the lock for its own; twenty
  // scores written at once cost two computations, not twenty.
  const queued = new Map<string, Promise<void>>();
  const running = new Map<string, Promise<void>>();
  function refreshAfterWrite(ref: string): Promise<void> {
    const waiting = queued.get(ref);
    if (waiting) return waiting;
    const ahead = running.get(ref) ?? Promise.resolve();
    const mine: Promise<void> = ahead
      .catch(() => undefined)
      .then(() => {
        queued.delete(ref);
        running.set(ref, mine);
        return refresh(ref);
      })
      .finally(() => {
        if (running.get(ref) === mine) running.delete(ref);
      });
    queued.set(ref, mine);
    return mine;
  }

  let lastCountCheck = Number.NEGATIVE_INFINITY;
  const rowsOf = (docs: Array<{ row: string }>) => docs.map((doc) => JSON.parse(doc.row) as StandingRow);

  const repository: StandingsRepository = {
    models,

    async page(query, { skip, limit }) {
      const filter = toFilter(query);
      if (!filter) return { rows: [], total: 0 };
      const rank = query.view === 'vendor' ? 'vendorRank' : 'rank';
      const [docs, total] = await Promise.all([
        Standing.find(filter)
          .select({ row: 1 })
          .sort({ [rank]: 1, endDate: 1, _id: 1 })
          .skip(skip)
          .limit(limit)
          .lean(),
        Standing.countDocuments(filter),
      ]);
      return { rows: rowsOf(docs), total };
    },

    async count(query) {
      const filter = toFilter(query);
      return filter ? Standing.countDocuments(filter) : 0;
    },

    async keep(reference, work) {
      const ref = exactText(reference, 'reference');
      const id = `${ref}:${newId()}`;
      // Real time: whether a writer died is about processes, not the domain clock.
      await StandingMark.collection.insertOne({ _id: id, reference: ref, at: new Date() } as never);
      try {
        return await work();
      } finally {
        try {
          await refreshAfterWrite(ref);
          await StandingMark.collection.deleteOne({ _id: id } as never);
        } catch {
          // The mark stays; `repair` computes the standing again once it expires.
        }
      }
    },

    refresh,

    async insertNew(contracts) {
      if (contracts.length === 0) return;
      const empty: ScorecardInputs = { kpis: [], versions: [], scores: [] };
      const docs = contracts.map((contract) => standingOf(contract, empty));
      try {
        await Standing.collection.insertMany(docs as never[], { ordered: false });
      } catch (error) {
        // A standing written meanwhile by a writer of the same contract is newer than this one.
        if (!isDuplicateKey(error)) throw error;
      }
    },

    async repair(options = {}) {
      const expired = await StandingMark.find({ at: op({ $lt: new Date(Date.now() - MARK_EXPIRY_MS) }) }).lean();
      const refs = new Set(expired.map((mark) => mark.reference));
      // Contracts without a standing: written by a bulk load that died before its standings, or by an older Steward.
      // Counted at start-up and then at most every COUNT_CHECK_MS of real time (two scans of the collections).
      const checkCounts = options.recount === true || Date.now() - lastCountCheck >= COUNT_CHECK_MS;
      if (checkCounts) lastCountCheck = Date.now();
      const [contracts, standings] = checkCounts
        ? await Promise.all([sources.contracts.count(), Standing.countDocuments({})])
        : [0, 0];
      if (contracts !== standings) {
        const known = new Set((await Standing.find({}).select({ _id: 1 }).lean()).map((doc) => String(doc._id)));
        for (const ref of await sources.contracts.references()) if (!known.has(ref)) refs.add(ref);
        if (standings > contracts) {
          const existing = new Set(await sources.contracts.references());
          for (const ref of known) if (!existing.has(ref)) refs.add(ref);
        }
      }
      for (const ref of refs) await refresh(ref);
      if (expired.length > 0) await StandingMark.deleteMany({ _id: op({ $in: expired.map((mark) => mark._id) }) });
      return refs.size;
    },

    async rebuildAll() {
      const contracts = await sources.contracts.list();
      let saved = 0;
      for (let start = 0; start < contracts.length; start += 200) {
        const batch = contracts.slice(start, start + 200);
        const read = await inputs.readMany(
          batch.map((contract) => contract.reference),
          since(),
        );
        for (const contract of batch) {
          const ref = contract.reference;
          await locked(ref, () => save(standingOf(contract, read.get(ref) as ScorecardInputs)));
          saved += 1;
        }
      }
      return saved;
    },
  };
  return repository;
}
