import { type Connection, Schema } from 'mongoose';
import { sharedInFlight } from '../concurrency';
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
 * fields a list filters and sorts by. What lists filter and sort by is also packed into INDEX_BUCKETS documents
 * (`standing_index`), so a page of `list` is INDEX_BUCKETS point reads, a filter and sort in memory, and one point
 * read per row shown, whatever the portfolio's size, instead of a scorecard computed for every row.
 *
 * Why point reads: the embedded FerretDB answers only an exact `_id` from an index and decodes every document in
 * Go for any other filter. Querying the standings themselves cost 4 s a page at 5,000 contracts on this (loaded)
 * machine (bench/RESULTS.md 3d, first run); the packed index does not grow in round trips with the portfolio.
 *
 * The contracts, KPIs and scores stay the truth; a standing is derived from them and kept current by the writers:
 * - a writer first leaves a mark (`standing_marks`, an insert), makes its change, then computes the standing
 *   again from the truth under a short lock on the contract (then its index bucket, under the bucket's lock), and
 *   removes its mark;
 * - a writer that died leaves its mark behind: `repair` (the scheduled cleanup job) computes the standings of
 *   marks older than MARK_EXPIRY_MS again, and rebuilds the index when it does not hold every standing;
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

/**
 * What a list filters and sorts by, for every contract, packed into INDEX_BUCKETS documents read by `_id`: the
 * embedded FerretDB answers those from its primary key, where any other filter decodes every document in Go
 * (about 100 µs each, measured: 5,000 standings cost seconds a page under load). A page reads the buckets, filters
 * and sorts in memory, then reads its 20 rows by `_id`: a fixed number of point reads whatever the size.
 */
interface IndexDoc {
  _id: string;
  /** JSON of Record<reference, IndexEntry>. */
  entries: string;
}

interface IndexEntry {
  s: string;
  v: string;
  o: string[];
  c: string[];
  r: number;
  vr: number;
  e: string;
  t: string;
}

/** Buckets of the packed index: a page reads them all, a write rewrites one. */
export const INDEX_BUCKETS = 16;

function bucketOf(reference: string): string {
  let hash = 0;
  for (const ch of reference) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return `bucket-${hash % INDEX_BUCKETS}`;
}

function entryOf(doc: StandingDoc): IndexEntry {
  return {
    s: doc.status,
    v: doc.vendorKey,
    o: doc.ownerKeys,
    c: doc.contactKeys,
    r: doc.rank,
    vr: doc.vendorRank,
    e: doc.endDate,
    t: doc.text,
  };
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
  const index = new Schema<IndexDoc>(
    {
      _id: { type: String, required: true },
      entries: { type: String, required: true },
    },
    { ...options, collection: 'standing_index' },
  );
  return {
    Standing: defineModel(connection, 'ContractStanding', standing),
    StandingMark: defineModel(connection, 'ContractStandingMark', mark),
    StandingIndex: defineModel(connection, 'ContractStandingIndex', index),
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

/** The longest word worth asking the database about: longer than any reference, title and vendor together. */
export const MAX_WORD_LENGTH = 400;

/** The test a query makes of each index entry; null when nothing can match (a word longer than any text). */
function matcher(query: StandingQuery): ((entry: IndexEntry) => boolean) | null {
  const words = (query.words ?? []).map((word) => exactText(word, 'word').toLowerCase()).filter((w) => w !== '');
  if (words.some((word) => word.length > MAX_WORD_LENGTH)) return null;
  const statuses = query.statuses?.map((status) => exactText(status, 'status'));
  const owners = query.ownerKeys?.map((key) => exactText(key, 'owner'));
  const contacts = query.contactKeys?.map((key) => exactText(key, 'contact'));
  const vendorKey = query.vendorName === undefined ? undefined : normalizeName(exactText(query.vendorName, 'vendor'));
  let rank: number | undefined;
  if (query.rag !== undefined) {
    rank = query.rag === 'none' ? UNSCORED_RANK : RANK[query.rag];
    if (rank === undefined) return null;
  }
  const vendorView = query.view === 'vendor';
  // Typed words are compared as text (includes), never made into a pattern.
  return (entry) =>
    (!statuses || statuses.includes(entry.s)) &&
    (!owners || entry.o.some((key) => owners.includes(key))) &&
    (!contacts || entry.c.some((key) => contacts.includes(key))) &&
    (vendorKey === undefined || entry.v === vendorKey) &&
    (rank === undefined || (vendorView ? entry.vr : entry.r) === rank) &&
    (!query.ending || (entry.e >= query.ending.from && entry.e <= query.ending.to)) &&
    words.every((word) => entry.t.includes(word));
}

export function createStandingsRepository(
  models: ReturnType<typeof createStandingModels>,
  sources: { contracts: Pick<ContractRepository, 'get' | 'getById' | 'references' | 'list' | 'count'> },
  inputs: ScorecardInputsRepository,
  locks: WindowClaimTable,
  clock: Clock,
  scorecardMonths: number,
): StandingsRepository {
  const { Standing, StandingMark, StandingIndex } = models;

  /** Changes entries of one bucket of the packed index under its lock (FerretDB's updates are not atomic). */
  const changeBucket = (bucket: string, change: (entries: Record<string, IndexEntry>) => void) =>
    withWindowLocks(
      locks,
      [`standing-index:${bucket}`],
      async () => {
        const doc = (await StandingIndex.collection.findOne({ _id: bucket } as never)) as unknown as IndexDoc | null;
        const entries = doc ? (JSON.parse(doc.entries) as Record<string, IndexEntry>) : {};
        change(entries);
        await StandingIndex.collection.replaceOne(
          { _id: bucket } as never,
          { _id: bucket, entries: JSON.stringify(entries) } as never,
          { upsert: true },
        );
      },
      { owner: `standing-index-${newId()}` },
    );
  const indexSave = (doc: StandingDoc) =>
    changeBucket(bucketOf(doc._id), (entries) => {
      entries[doc._id] = entryOf(doc);
    });
  const indexRemove = (ref: string) =>
    changeBucket(bucketOf(ref), (entries) => {
      delete entries[ref];
    });
  /** Every bucket of the packed index: INDEX_BUCKETS point reads, shared by readers at the same moment. */
  const shareIndex = sharedInFlight<Map<string, IndexEntry>>();
  const readIndex = () =>
    shareIndex('all', async () => {
      const ids = Array.from({ length: INDEX_BUCKETS }, (_, n) => `bucket-${n}`);
      const docs = await Promise.all(
        ids.map(
          async (id) => (await StandingIndex.collection.findOne({ _id: id } as never)) as unknown as IndexDoc | null,
        ),
      );
      const all = new Map<string, IndexEntry>();
      for (const doc of docs) {
        if (!doc) continue;
        for (const [ref, entry] of Object.entries(JSON.parse(doc.entries) as Record<string, IndexEntry>)) {
          all.set(ref, entry);
        }
      }
      return all;
    });
  /** The references matching a query, in attention order. */
  const matching = async (query: StandingQuery): Promise<string[] | null> => {
    const test = matcher(query);
    if (!test) return null;
    const vendorView = query.view === 'vendor';
    const found: Array<[string, IndexEntry]> = [];
    for (const [ref, entry] of await readIndex()) if (test(entry)) found.push([ref, entry]);
    found.sort(
      ([refA, a], [refB, b]) =>
        (vendorView ? a.vr - b.vr : a.r - b.r) || (a.e < b.e ? -1 : a.e > b.e ? 1 : 0) || (refA < refB ? -1 : 1),
    );
    return found.map(([ref]) => ref);
  };
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
        await indexRemove(ref);
        return;
      }
      const doc = standingOf(contract, await inputs.read(ref, since()));
      await save(doc);
      await indexSave(doc);
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

  const readIndexFresh = () => readIndex();
  /** Writes every bucket anew from the standings given (all of them). */
  async function rebuildIndex(all: StandingDoc[]): Promise<void> {
    const byBucket = new Map<string, StandingDoc[]>();
    for (const doc of all) byBucket.set(bucketOf(doc._id), [...(byBucket.get(bucketOf(doc._id)) ?? []), doc]);
    for (let n = 0; n < INDEX_BUCKETS; n += 1) {
      const bucket = `bucket-${n}`;
      await changeBucket(bucket, (entries) => {
        for (const ref of Object.keys(entries)) delete entries[ref];
        for (const doc of byBucket.get(bucket) ?? []) entries[doc._id] = entryOf(doc);
      });
    }
  }

  let lastCountCheck = Number.NEGATIVE_INFINITY;
  const rowsOf = (docs: Array<{ row: string }>) => docs.map((doc) => JSON.parse(doc.row) as StandingRow);

  const repository: StandingsRepository = {
    models,

    async page(query, { skip, limit }) {
      const refs = await matching(query);
      if (!refs) return { rows: [], total: 0 };
      // The page's rows by `_id`, one point read each.
      const docs = await Promise.all(
        refs.slice(skip, skip + limit).map(async (ref) => (await load(ref)) as { row: string } | null),
      );
      return { rows: rowsOf(docs.filter((doc): doc is { row: string } => doc !== null)), total: refs.length };
    },

    async count(query) {
      return (await matching(query))?.length ?? 0;
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
      // Only the entries of contracts no writer has indexed meanwhile (theirs are newer).
      const byBucket = new Map<string, StandingDoc[]>();
      for (const doc of docs) byBucket.set(bucketOf(doc._id), [...(byBucket.get(bucketOf(doc._id)) ?? []), doc]);
      for (const [bucket, group] of byBucket) {
        await changeBucket(bucket, (entries) => {
          for (const doc of group) entries[doc._id] ??= entryOf(doc);
        });
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
      if (checkCounts && contracts === standings && (await readIndexFresh()).size !== standings) {
        // The packed index lost entries (a process died between a standing and its bucket): built again from them.
        const all = (await Standing.find({}).lean()) as unknown as StandingDoc[];
        await rebuildIndex(all);
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
      await rebuildIndex((await Standing.find({}).lean()) as unknown as StandingDoc[]);
      return saved;
    },
  };
  return repository;
}
