import type { Connection } from 'mongoose';
import { sharedInFlight } from '../concurrency';
import { type Clock, systemClock } from '../domain/clock';
import { SCORECARD_MONTHS } from '../domain/scorecard';
import { type AuditRepository, createAuditModel, createAuditRepository } from './audit';
import {
  alreadyAnswered,
  CHECKIN_CLAIM_WINDOW_MS,
  CHECKIN_LOCK_WINDOW_MS,
  type CheckinRepository,
  createCheckinDispatchModel,
  createCheckinModel,
  createCheckinRepository,
} from './checkins';
import { createClaimTable } from './claims';
import { type ContractRepository, createContractModel, createContractRepository } from './contracts';
import {
  type CorrectiveActionRepository,
  createCorrectiveActionModel,
  createCorrectiveActionRepository,
} from './corrective-actions';
import { createEscalationModel, createEscalationRepository, type EscalationRepository } from './escalations';
import {
  createForecastWarningModels,
  createForecastWarningRepository,
  type ForecastWarningRepository,
} from './forecast-warnings';
import { createKpiModels, createKpiRepository, type KpiRepository } from './kpis';
import { createLeaseRepository, type LeaseRepository } from './leases';
import { createLessonModel, createLessonRepository, type LessonRepository } from './lessons';
import { createObligationModel, createObligationRepository, type ObligationRepository } from './obligations';
import {
  createProcessedEventModel,
  createProcessedEventRepository,
  type ProcessedEventRepository,
} from './processed-events';
import { createReachabilityModel, createReachabilityRepository, type ReachabilityRepository } from './reachability';
import { createReviewPackModels, createReviewPackRepository, type ReviewPackRepository } from './review-packs';
import { createRiskModel, createRiskRepository, type RiskRepository } from './risks';
import {
  createSchedulerStateModel,
  createSchedulerStateRepository,
  type SchedulerStateRepository,
  touchingWrites,
} from './scheduler-state';
import {
  createScorecardInputsModel,
  createScorecardInputsRepository,
  type ScorecardInputsRepository,
  summaryOfScore,
} from './scorecard-inputs';
import { createScoreIntentModel, createScoreModel, createScoreRepository, type ScoreRepository } from './scores';
import { isStoreId } from './shared';
import { createSharedFileModels, createSharedFileRepository, type SharedFileRepository } from './shared-files';
import { createStandingModels, createStandingsRepository, type StandingsRepository } from './standings';
import { createTeamsConversationRepository, type TeamsConversationRepository } from './teams-conversations';
import { createValueModel, createValueRepository, type ValueRepository } from './values';
import { createWindowClaimTable } from './window-claims';

export interface Store {
  scorecardInputs: ScorecardInputsRepository;
  /** Each contract's standing (worst RAG, reds, ambers, end date…): what lists filter, sort and show (standings.ts). */
  standings: StandingsRepository;
  contracts: ContractRepository;
  kpis: KpiRepository;
  checkins: CheckinRepository;
  scores: ScoreRepository;
  escalations: EscalationRepository;
  correctiveActions: CorrectiveActionRepository;
  obligations: ObligationRepository;
  risks: RiskRepository;
  values: ValueRepository;
  lessons: LessonRepository;
  /** Early warnings posted (one per KPI and period) and the KPIs whose warnings a manager turned off. */
  forecastWarnings: ForecastWarningRepository;
  /** Quarterly review packs posted (one per contract and quarter) and the decisions recorded at reviews. */
  reviewPacks: ReviewPackRepository;
  audit: AuditRepository;
  leases: LeaseRepository;
  /** Slack Events API deliveries already taken in, across replicas. */
  processedEvents: ProcessedEventRepository;
  teamsConversations: TeamsConversationRepository;
  /** People and channels a surface could not deliver to, and until when nobody tries again. */
  reachability: ReachabilityRepository;
  /** Per scheduled job and per topic, what lets an idle tick skip work with one read (scheduler-state.ts). */
  schedulerState: SchedulerStateRepository;
  /** Files behind download links (exports, charts, claim packs), until their links expire. */
  sharedFiles: SharedFileRepository;
  /** Creates the collections and brings their indexes in line with the schemas (autoIndex is off). */
  ensureIndexes(): Promise<void>;
  /**
   * Deletes bookkeeping that has run out: processed event ids, expired claims and locks, stale dispatch
   * intents. TTL indexes are not available on FerretDB, so a scheduled job calls this.
   */
  purgeExpired(now: Date): Promise<number>;
}

/** How long a Slack event id is remembered: Slack stops retrying an event well within this. */
export const PROCESSED_EVENT_RETENTION_MS = 2 * 3_600_000;
/** Expired claims are kept a while, so a contender with a read older than the claim still collides. */
const EXPIRED_CLAIM_RETENTION_MS = 30 * 60_000;
/** A dispatch intent nobody settled in a week belongs to a check-in that was closed meanwhile. */
const DISPATCH_INTENT_RETENTION_MS = 7 * 24 * 3_600_000;

/**
 * The store on an injected mongoose connection (never the global one), with every timestamp taken
 * from `clock`. Works on MongoDB 6+ and on the embedded FerretDB 1.24; see shared.ts for what the
 * latter does not guarantee and how the repositories get by without it.
 */
export interface StoreOptions {
  /**
   * Window of the check-in dispatch claims (window-claims.ts): a claim holds for the lease plus at most one
   * window. Every replica on a database must use the same value; Steward derives it from the claim lease.
   */
  checkinClaimWindowMs?: number;
}

export function createStore(connection: Connection, clock: Clock = systemClock, options: StoreOptions = {}): Store {
  const claims = createClaimTable(connection, clock, 'Claim', 'claims');
  const leaseTable = createClaimTable(connection, clock, 'Lease', 'leases');
  const Contract = createContractModel(connection, clock);
  const kpiModels = createKpiModels(connection, clock);
  const Checkin = createCheckinModel(connection, clock);
  const CheckinDispatch = createCheckinDispatchModel(connection);
  const checkinClaims = createWindowClaimTable(connection, clock, 'CheckinClaim', 'checkin_claims', {
    windowMs: options.checkinClaimWindowMs ?? CHECKIN_CLAIM_WINDOW_MS,
    reentrant: true,
  });
  const checkinLocks = createWindowClaimTable(connection, clock, 'CheckinLock', 'checkin_locks', {
    windowMs: CHECKIN_LOCK_WINDOW_MS,
  });
  const checkins = createCheckinRepository(
    { Checkin, Dispatch: CheckinDispatch, claims: checkinClaims, locks: checkinLocks },
    clock,
  );
  const ProcessedEvent = createProcessedEventModel(connection);
  const processedEvents = createProcessedEventRepository(ProcessedEvent, clock);
  const Score = createScoreModel(connection, clock);
  const ScoreIntent = createScoreIntentModel(connection);
  const Escalation = createEscalationModel(connection, clock);
  const CorrectiveAction = createCorrectiveActionModel(connection, clock);
  const Obligation = createObligationModel(connection, clock);
  const Risk = createRiskModel(connection, clock);
  const Value = createValueModel(connection, clock);
  const Lesson = createLessonModel(connection, clock);
  const forecastModels = createForecastWarningModels(connection, clock);
  const reviewPackModels = createReviewPackModels(connection, clock);
  const AuditEvent = createAuditModel(connection, clock);
  const ScorecardInputs = createScorecardInputsModel(connection);
  const scorecardInputs = createScorecardInputsRepository(ScorecardInputs, { Score, kpiModels }, checkinLocks);
  const standingModels = createStandingModels(connection);
  const teamsConversations = createTeamsConversationRepository(connection, clock);
  const Reachability = createReachabilityModel(connection);
  const SchedulerState = createSchedulerStateModel(connection);
  const schedulerState = createSchedulerStateRepository(SchedulerState, clock);
  const sharedFileModels = createSharedFileModels(connection);
  const sharedFiles = createSharedFileRepository(sharedFileModels);
  const touching = <R extends object>(repository: R, topic: string) =>
    touchingWrites(repository, topic, schedulerState);

  const models = [
    claims.model,
    leaseTable.model,
    Contract,
    kpiModels.Kpi,
    kpiModels.KpiVersion,
    Checkin,
    CheckinDispatch,
    checkinClaims.model,
    checkinLocks.model,
    ProcessedEvent,
    Score,
    ScoreIntent,
    Escalation,
    CorrectiveAction,
    Obligation,
    Risk,
    Value,
    Lesson,
    forecastModels.ForecastWarning,
    forecastModels.ForecastSetting,
    reviewPackModels.ReviewPack,
    reviewPackModels.ReviewDecision,
    AuditEvent,
    ScorecardInputs,
    standingModels.Standing,
    standingModels.StandingMark,
    Reachability,
    SchedulerState,
    sharedFileModels.SharedFile,
    sharedFileModels.LinkKey,
    ...teamsConversations.models,
  ];

  // Every write of scores and KPIs goes through scorecardInputs.track, which keeps the scorecard read model
  // (scorecard-inputs.ts) current: a score is folded in, a KPI change makes the inputs be computed again.
  // The contract's standing (standings.ts) is computed again after each of them, and after each change of a
  // contract's fields or status; `standings` is created below, with the contracts repository it reads.
  const keepStanding = <T>(reference: string, work: () => Promise<T>): Promise<T> => standings.keep(reference, work);
  const track: typeof scorecardInputs.track = (contractRef, work, effect) =>
    keepStanding(contractRef, () => scorecardInputs.track(contractRef, work, effect));
  const stale = () => 'stale' as const;
  const baseScores = createScoreRepository(Score, Checkin, claims, clock, checkinLocks, ScoreIntent);
  // Submissions of one check-in in this process go one at a time; those that waited then find it answered
  // with one read each, all at once, instead of each taking the scorecard's and the check-in's locks in turn
  // only to learn that (50 people submitting one check-in at once were answered after 2.4 s).
  const submitting = new Map<string, Promise<unknown>>();
  const sharedCheckinRead = sharedInFlight<{ contractRef: string; status: string } | null>();
  const scores: ScoreRepository = {
    ...baseScores,
    async submit(checkinId, input) {
      // Those that waited for the same submission wake up together and share one read of the outcome.
      const read = () =>
        sharedCheckinRead(String(checkinId), async () =>
          isStoreId(checkinId) ? await Checkin.findById(checkinId).select({ contractRef: 1, status: 1 }).lean() : null,
        );
      let checkin: Awaited<ReturnType<typeof read>>;
      do {
        for (let ahead = submitting.get(checkinId); ahead; ahead = submitting.get(checkinId)) {
          await ahead.catch(() => undefined);
        }
        checkin = await read();
      } while (submitting.has(checkinId));
      if (!checkin) return baseScores.submit(checkinId, input);
      if (checkin.status === 'answered') throw alreadyAnswered();
      const contractRef = checkin.contractRef;
      const mine = track(contractRef, () => baseScores.submit(checkinId, input), summaryOfScore);
      submitting.set(checkinId, mine);
      try {
        return await mine;
      } finally {
        if (submitting.get(checkinId) === mine) submitting.delete(checkinId);
      }
    },
    async settleFollowUp(checkinId) {
      const intent = await baseScores.followUpOf(checkinId);
      if (!intent) return null;
      // Settling may remove a score that was never answered for: the inputs are computed again then.
      return track(
        intent.contractRef,
        () => baseScores.settleFollowUp(checkinId),
        (score) => (score ? summaryOfScore(score) : 'stale'),
      );
    },
    record: (input) => track(input.contractRef, () => baseScores.record(input), summaryOfScore),
    async correct(scoreId, input, expectedRevision) {
      const current = await baseScores.get(scoreId);
      if (!current) return baseScores.correct(scoreId, input, expectedRevision);
      return track(current.contractRef, () => baseScores.correct(scoreId, input, expectedRevision), summaryOfScore);
    },
  };
  const baseKpis = createKpiRepository(kpiModels, clock);
  const baseContracts = createContractRepository(Contract, kpiModels, claims, clock);
  const standings = createStandingsRepository(
    standingModels,
    { contracts: baseContracts },
    scorecardInputs,
    checkinLocks,
    clock,
    SCORECARD_MONTHS,
  );
  // A new or changed KPI (its cadence above all) may make a check-in due sooner than the contract's next-due time.
  const checkinsDueAgain = async <T>(contractRef: string, result: T): Promise<T> => {
    await baseContracts.markDue(contractRef, ['checkins']);
    return result;
  };
  const kpis: KpiRepository = {
    ...baseKpis,
    create: (contractRef, kpi, options) =>
      track(contractRef, () => baseKpis.create(contractRef, kpi, options), stale).then((created) =>
        checkinsDueAgain(contractRef, created),
      ),
    update: (contractRef, key, changes, options) =>
      track(contractRef, () => baseKpis.update(contractRef, key, changes, options), stale).then((updated) =>
        checkinsDueAgain(contractRef, updated),
      ),
  };
  const contracts: ContractRepository = {
    ...baseContracts,
    create: (contract, newKpis, options) =>
      track(contract.reference, () => baseContracts.create(contract, newKpis, options), stale),
    discard: (reference) => track(reference, () => baseContracts.discard(reference), stale),
    // New contracts in bulk (imports, seeding): nobody has read their scorecards yet, unless a reference is
    // reused, which createMany refuses.
    async createMany(items, options) {
      const created = await baseContracts.createMany(items, options);
      // Their standings in one insert: no scores yet. A load that dies here is found by `standings.repair`.
      const refs = items.map((item) => item.contract.reference);
      await standings.insertNew(await baseContracts.getMany(refs));
      // Their scorecard inputs in one pass too, so that the first score or scorecard of each does not scan the
      // KPIs and scores alone (a cold computation costs a scan of each collection on the embedded database).
      const since = new Date(clock());
      since.setUTCMonth(since.getUTCMonth() - SCORECARD_MONTHS);
      await scorecardInputs.seedNew(refs, since);
      return created;
    },
    update: (reference, patch, options) =>
      keepStanding(reference, () => baseContracts.update(reference, patch, options)),
    setStatus: (reference, from, to) => keepStanding(reference, () => baseContracts.setStatus(reference, from, to)),
  };

  // Writes wake the scheduled jobs that read what they changed (scheduler-state.ts); reads do not.
  return {
    contracts: touching(contracts, 'contracts'),
    kpis: touching(kpis, 'contracts'),
    checkins: touching(checkins, 'checkins'),
    scores: touching(scores, 'checkins'),
    scorecardInputs,
    standings,
    escalations: touching(createEscalationRepository(Escalation, claims, clock), 'escalations'),
    correctiveActions: touching(createCorrectiveActionRepository(CorrectiveAction, claims, clock), 'actions'),
    obligations: touching(createObligationRepository(Obligation, claims, clock), 'obligations'),
    risks: touching(createRiskRepository(Risk, claims), 'risks'),
    values: createValueRepository(Value),
    lessons: createLessonRepository(Lesson, clock),
    forecastWarnings: createForecastWarningRepository(forecastModels, clock),
    reviewPacks: createReviewPackRepository(reviewPackModels, clock),
    audit: createAuditRepository(AuditEvent, clock),
    leases: createLeaseRepository(leaseTable, clock),
    processedEvents,
    teamsConversations,
    reachability: createReachabilityRepository(Reachability, clock),
    schedulerState,
    sharedFiles,
    async ensureIndexes() {
      // One model at a time: FerretDB on SQLite handles schema changes best without parallel DDL.
      for (const model of models) await model.syncIndexes();
      await baseContracts.backfillNextDue();
      // Contracts written by a Steward without standings get theirs now.
      await standings.repair({ recount: true });
    },
    async purgeExpired(now) {
      const at = now.getTime();
      const purged = await Promise.all([
        processedEvents.purge(new Date(at - PROCESSED_EVENT_RETENTION_MS)),
        checkins.purge(new Date(at - EXPIRED_CLAIM_RETENTION_MS), new Date(at - DISPATCH_INTENT_RETENTION_MS)),
        claims.purge(new Date(at - EXPIRED_CLAIM_RETENTION_MS)),
        leaseTable.purge(new Date(at - EXPIRED_CLAIM_RETENTION_MS)),
        sharedFiles.purge(now),
        // Standings left behind by writers that died are computed again (standings.ts).
        standings.repair().then(() => 0),
      ]);
      return purged.reduce((sum, n) => sum + n, 0);
    },
  };
}

export type { AuditRepository } from './audit';
export type { CheckinRepository, DispatchAttempt, DueList, PromptedEntry } from './checkins';
export type { ContractFilter, ContractPatch, ContractRepository } from './contracts';
export type { CorrectiveActionRepository } from './corrective-actions';
export type { EscalationRepository } from './escalations';
export type { KpiChangeOptions, KpiRepository, NewKpi } from './kpis';
export type { LeaseRepository } from './leases';
export type { LessonRepository } from './lessons';
export type { ObligationOutcomeInput, ObligationRepository } from './obligations';
export type { ProcessedEventRepository } from './processed-events';
export * from './records';
export type { RiskPatch, RiskRepository } from './risks';
export type { ImportedScore, ScoreCorrectionInput, ScoreRepository } from './scores';
export type { SharedFileRecord, SharedFileRepository } from './shared-files';
export type { ValueRepository } from './values';
