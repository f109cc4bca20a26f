import { randomUUID as newToken } from 'node:crypto';
import type { ChatDestination, CheckinItemView, PostedMessage } from '../chat/chat-surface';
import { isDeliveryFailure } from '../chat/delivery-failure';
import { mapLimit, sharedInFlight } from '../concurrency';
import { samePerson } from '../domain/access-policy';
import { isStewardError, StewardError } from '../domain/errors';
import { evaluate } from '../domain/evaluation';
import { formatValue, periodLabel } from '../domain/format';
import { addDays, HOUR_MS, isValidTimezone, localDate, startOfLocalDay } from '../domain/local-time';
import { checkinDueAt, graceEndsAt, nextWorkingSlot, periodContaining, previousPeriod } from '../domain/periods';
import type { Contract, KpiDefinition, Period, Person } from '../domain/types';
import { failureLogFor } from '../failure-log';
import type { DueList, PromptedEntry } from '../store';
import type { ReachabilityRecord } from '../store/reachability';
import type { CheckinRecord, ContractRecord, KpiRecord, PromptRef, ScoreRecord } from '../store/records';
import { authorize } from './authorization';
import type { ServiceDeps } from './deps';
import { DispatchPace } from './dispatch-pace';
import type { EscalationsService } from './escalations-service';
import type { ForecastsService } from './forecasts-service';
import { notApplicableInput, parseInput, scoreCorrectionInputFor, scoreInputFor } from './inputs';
import { NextDueWriter } from './next-due';
import { withNames } from './people';
import { directDestinations } from './places';
import { DeliveryReport, reachabilityKey, recordDeliveryFailure } from './reachability';
import type {
  Actor,
  CheckinsApi,
  CheckinWhereabouts,
  RedrawOptions,
  ScoreFormView,
  ScoreResult,
  SendNowResult,
  SubmitScoreOptions,
} from './service-api';
import { checkinItemView } from './views';

/** Contracts in these states are performing and get check-ins. */
export const MONITORED_STATUSES = ['active', 'at-risk', 'in-remediation', 'closing'] as const;
/** A contract without KPIs has nothing to create until one is added, which makes it due again at once. */
const NO_KPI_RECHECK = new Date('9999-12-31T00:00:00Z');

/**
 * When the KPI's current period ends, so a new period becomes complete and askable: the contract's next-due
 * time for creating check-ins. A milestone KPI after its last milestone has none.
 */
function currentPeriodEnd(kpi: KpiDefinition, now: Date, timezone: string): Date {
  const current = periodContaining(kpi.cadence, now, timezone);
  if (current) return current.end;
  if (kpi.cadence.type === 'milestones') {
    const upcoming = [...kpi.cadence.dates].sort().find((date) => new Date(`${date}T00:00:00Z`) > now);
    // Before the first milestone: its period ends at the milestone (a day either side covers every timezone).
    return upcoming ? new Date(new Date(`${upcoming}T00:00:00Z`).getTime() - 14 * HOUR_MS) : NO_KPI_RECHECK;
  }
  return NO_KPI_RECHECK;
}

/**
 * How many due check-ins a dispatch run holds at once, read as a page of the due list, to claim a batch at a
 * time. A grouped prompt lists one respondent's check-ins of one page: a contract whose check-ins fall on
 * both sides of a page boundary gets two messages.
 */
const DUE_PAGE = 1_000;
/** A prompt still queued this close to the end of its claim is not posted (another replica may take over). */
const CLAIM_SAFETY_MS = 30_000;

/** How long after a batch is claimed its prompts may still be posted (wall time). */
function postingWindowMs(claimLeaseMs: number): number {
  return Math.max(claimLeaseMs - CLAIM_SAFETY_MS, claimLeaseMs / 2);
}
/** Reminders and missed check-ins handled at once within a batch. */
const FOLLOW_UP_CONCURRENCY = 16;
/** A submission whose follow-ups have not finished after this long is taken for interrupted. */
const RESUME_AFTER_MS = 30_000;
/** Submitting again finishes an interrupted submission sooner: its own request is over by then. */
const RESUME_ON_RESUBMIT_AFTER_MS = 10_000;
/**
 * How long one replica has to finish an interrupted submission before another may try: the follow-ups take
 * seconds, and a replica that dies while finishing one must not hold it up for long.
 */
const FOLLOW_UP_LEASE_MS = 30_000;
/** When a prompt that could not be posted is tried again. */
const RETRY_AFTER_FAILURE_MS = 5 * 60_000;

export class CheckinsService implements CheckinsApi {
  private readonly sharedCheckinLoad = sharedInFlight<Awaited<ReturnType<CheckinsService['loadCheckin']>>>();
  private readonly sharedAnsweredRead = sharedInFlight<{
    first: ScoreRecord | null;
    answered: CheckinRecord | null;
  }>();
  constructor(
    private readonly deps: ServiceDeps,
    private readonly escalations: EscalationsService,
    /** Early warnings after a green or amber score; absent, none are sent. */
    private readonly forecasts?: ForecastsService,
  ) {}

  // ---------------------------------------------------------------------------------------------
  // Scheduling

  /** The period a check-in asks about: the last one that has ended by `now`. */
  lastCompletePeriod(kpi: KpiDefinition, now: Date, timezone: string): Period | null {
    if (kpi.cadence.type === 'milestones') {
      let period = periodContaining(kpi.cadence, now, timezone);
      if (period && period.end > now) period = previousPeriod(kpi.cadence, period, timezone);
      if (!period) {
        // After the last milestone periodContaining finds nothing: the last milestone is the one to ask about.
        const last = [...kpi.cadence.dates].sort().at(-1);
        if (!last) return null;
        const candidate = periodContaining(kpi.cadence, new Date(`${last}T12:00:00Z`), timezone);
        return candidate && candidate.end <= now ? candidate : null;
      }
      return period;
    }
    return previousPeriod(kpi.cadence, periodContaining(kpi.cadence, now, timezone), timezone);
  }

  /**
   * When the prompt for a period goes out: the prompt hour in `timezone` (the respondent's, else the
   * contract's) on the first working day after the period ends, by the holiday calendar of the side that
   * answers. A timezone behind the contract's would put that hour before the period's end, so the search
   * starts at the end at the earliest.
   */
  dueAtFor(contract: Contract, kpi: KpiDefinition, period: Period, timezone = contract.timezone): Date {
    const { promptHour } = this.deps.settings;
    const holidays = kpi.respondent === 'vendor' ? contract.holidays.vendor : contract.holidays.buyer;
    const due = checkinDueAt(period, timezone, promptHour);
    return nextWorkingSlot(new Date(Math.max(due.getTime(), period.end.getTime())), timezone, promptHour, holidays);
  }

  /**
   * The timezone prompts for these people follow: the first one a chat surface knows (Slack: the
   * person's profile), else the contract's.
   */
  async respondentTimezone(contract: Contract, people: Person[]): Promise<string> {
    for (const person of people) {
      for (const name of this.deps.surfaces.enabled()) {
        const zone = await this.deps.surfaces
          .get(name)
          ?.personTimezone?.(person)
          .catch(() => null);
        if (zone && isValidTimezone(zone)) return zone;
      }
    }
    return contract.timezone;
  }

  /**
   * Creates the check-ins of the last complete period for every monitored contract; safe on every replica.
   * Runs every minute, so the check-ins that exist already are found with one query, not one per KPI.
   */
  /**
   * Creates the check-ins whose period has ended, for the contracts whose next period end has come (an indexed
   * next-due time per contract: a tick reads only those). Returns how many it created.
   */
  async createDueCheckins(now: Date): Promise<number> {
    return (await this.createDueCheckinsScheduled(now)).created;
  }

  /** createDueCheckins for the scheduler: also says when the next period anywhere ends. */
  async createDueCheckinsScheduled(now: Date): Promise<{ created: number; nextRunAt: Date | null }> {
    const { store, logger } = this.deps;
    const contracts = await store.contracts.dueFor('checkins', now, MONITORED_STATUSES);
    if (contracts.length === 0) {
      return { created: 0, nextRunAt: await store.contracts.earliestDue('checkins', MONITORED_STATUSES) };
    }
    const byContract = new Map(contracts.map((contract) => [contract.reference, contract]));
    // Most contracts are monitored: reading every KPI is one pass, where a list of thousands of references
    // would be matched against every KPI (FerretDB evaluates `$in` in Go).
    const kpis =
      contracts.length > 100
        ? (await store.kpis.listAll()).filter((kpi) => byContract.has(kpi.contractRef))
        : await store.kpis.listForContracts(contracts.map((contract) => contract.reference));
    const plans: Array<{ contract: ContractRecord; kpi: KpiRecord; period: Period }> = [];
    const nextPeriodEnd = new Map<string, Date>();
    for (const kpi of kpis) {
      const contract = byContract.get(kpi.contractRef);
      if (!contract) continue;
      const period = this.periodToAsk(contract, kpi, now);
      if (period) plans.push({ contract, kpi, period });
      const ends = currentPeriodEnd(kpi, now, contract.timezone);
      const known = nextPeriodEnd.get(contract.reference);
      if (!known || ends < known) nextPeriodEnd.set(contract.reference, ends);
    }
    const existing = await store.checkins.existingKeys(plans.map((plan) => plan.period.key));
    let created = 0;
    const failed = new Set<string>();
    for (const { contract, kpi, period } of plans) {
      if (existing.has(`${contract.reference}\u0000${kpi.key}\u0000${period.key}`)) continue;
      try {
        const result = await this.ensureCheckinFor(contract, kpi, now, period);
        if (result.created) created += 1;
      } catch (error) {
        failed.add(contract.reference);
        logger.error({ err: error, contractRef: contract.reference, kpiKey: kpi.key }, 'could not create a check-in');
      }
    }
    const nextDue = new NextDueWriter(store, 'checkins');
    for (const contract of contracts) {
      // A contract whose check-in could not be created stays due; the next tick tries again.
      if (failed.has(contract.reference)) continue;
      await nextDue.add(contract, nextPeriodEnd.get(contract.reference) ?? NO_KPI_RECHECK);
    }
    await nextDue.flush();
    return { created, nextRunAt: await store.contracts.earliestDue('checkins', MONITORED_STATUSES) };
  }

  /** The period a check-in asks about now, or null when it lies wholly outside the contract's term. */
  private periodToAsk(contract: ContractRecord, kpi: KpiRecord, now: Date): Period | null {
    const period = this.lastCompletePeriod(kpi, now, contract.timezone);
    if (!period) return null;
    // Nothing to ask about a period wholly before the contract started or after it ended.
    const starts = new Date(`${contract.startDate}T00:00:00Z`).getTime() - 14 * HOUR_MS;
    const ends = new Date(`${contract.endDate}T23:59:59Z`).getTime() + 14 * HOUR_MS;
    if (period.end.getTime() <= starts || period.start.getTime() > ends) return null;
    return period;
  }

  private async ensureCheckinFor(contract: ContractRecord, kpi: KpiRecord, now: Date, period: Period, dueNow = false) {
    const people = respondentsOf(contract, kpi);
    const dueAt = dueNow ? now : this.dueAtFor(contract, kpi, period, await this.respondentTimezone(contract, people));
    const result = await this.deps.store.checkins.ensure({
      contractRef: contract.reference,
      kpiKey: kpi.key,
      kpiVersion: kpi.version,
      periodKey: period.key,
      periodStart: period.start,
      periodEnd: period.end,
      dueAt,
      graceEndsAt: graceEndsAt(dueAt, this.deps.settings.graceHours),
      respondent: { role: kpi.respondent, people },
    });
    if (result.created) {
      await this.deps.store.audit.append({
        contractRef: contract.reference,
        actor: { name: 'Steward' },
        surface: 'system',
        action: 'checkin.created',
        entityType: 'checkin',
        entityId: result.checkin.id,
        after: { kpiKey: kpi.key, periodKey: period.key, dueAt: dueAt.toISOString() },
      });
    }
    return result;
  }

  /**
   * Claims due check-ins in batches and acts on each: first prompt, reminder, or missed.
   *
   * - Claims keep two replicas from acting on one check-in; a replica that dies leaves its claims to
   *   expire and another one finishes them (see promptCheckins for how it avoids posting twice).
   * - Batches overlap: the surfaces pace posts per channel (Slack: about one a second), so while one
   *   batch's posts wait for their channels the next batch is claimed and queued, and every channel
   *   with work keeps posting. At most MAX_IN_FLIGHT check-ins wait in the queues at once.
   * - No more is claimed than the surfaces can post before the claims run out, at the pace they have kept in
   *   this run: a prompt that waits past its claim is dropped and claimed again later (with a search of its
   *   channel for the earlier attempt), so claiming ahead of a slow pace (a 429 storm, a starved CPU) would
   *   spend the run on work that is thrown away. Batches shrink and stop overlapping until the pace allows.
   * - A failure (the database went away) stops the run after the batches under way have settled, and is
   *   thrown so the scheduler reports it; what was not recorded is picked up by a later run.
   */
  async dispatchDue(now: Date): Promise<{ prompted: number; reminded: number; missed: number }> {
    const { store, instanceId, settings } = this.deps;
    const totals = { prompted: 0, reminded: 0, missed: 0 };
    const run: DispatchRun = { contracts: new Map(), kpis: new Map(), loaded: false };
    const attempted = new Set<string>();
    const pace = new DispatchPace(postingWindowMs(settings.claimLeaseMs));
    let candidates: CheckinRecord[] = [];
    let list: DueList | undefined;
    let claimedFromList = 0;
    // The due check-ins are read as one list per run, a page at a time, and claimed a batch at a time; the
    // list is read again when it is over, until a whole fresh list holds nothing this replica could claim.
    const nextBatch = async (): Promise<CheckinRecord[]> => {
      for (;;) {
        if (candidates.length === 0) {
          if (!list) {
            list = store.checkins.dueList(now, settings.duePageSize ?? DUE_PAGE);
            claimedFromList = 0;
          }
          const page = await list.next();
          if (page.length === 0) {
            await list.close();
            list = undefined;
            // A whole list and nothing claimable in it: done, or other replicas hold the rest.
            if (claimedFromList === 0) return [];
            continue;
          }
          const fresh = page.filter((c) => !attempted.has(c.id));
          // Each replica starts at its own place in the page, so replicas ticking together claim different
          // check-ins instead of racing for the same first batch (and one of them winning every race).
          const start = startingPoint(instanceId);
          candidates = settings.groupPrompts ? clusterByRespondent(fresh, start) : interleaveByContract(fresh, start);
          if (candidates.length === 0) continue;
        }
        // Grouped prompts: a batch ends between two respondents' check-ins, never inside one's, so each
        // person still gets one message.
        let size = Math.min(pace.batchSize(), candidates.length);
        while (
          settings.groupPrompts &&
          size < candidates.length &&
          sameRespondent(candidates[size - 1]!, candidates[size]!)
        ) {
          size += 1;
        }
        const slice = candidates.splice(0, size);
        for (const checkin of slice) attempted.add(checkin.id);
        const claimed = await store.checkins.claimCandidates(slice, instanceId, settings.claimLeaseMs, now);
        claimedFromList += claimed.length;
        if (claimed.length > 0) return claimed;
      }
    };

    const running = new Set<Promise<void>>();
    let waiting = 0;
    let failure: unknown;
    const settle = async (batch: Promise<void>) => {
      try {
        await batch;
      } catch (error) {
        failure ??= error;
      }
    };
    while (failure === undefined) {
      const batch = await nextBatch().catch((error: unknown) => {
        failure ??= error;
        return [];
      });
      if (batch.length === 0) break;
      waiting += batch.length;
      const work: Promise<void> = (async () => {
        try {
          const prompted = await this.promptCheckins(
            batch.filter((checkin) => checkin.status === 'pending'),
            now,
            run,
          );
          totals.prompted += prompted;
          const outcomes = await mapLimit(
            batch.filter((checkin) => checkin.status === 'prompted'),
            FOLLOW_UP_CONCURRENCY,
            (checkin) =>
              this.followUp(checkin, now).catch((error: unknown) => {
                this.deps.logger.error({ err: error, checkinId: checkin.id }, 'check-in follow-up failed');
                return 'failed' as const;
              }),
          );
          totals.reminded += outcomes.filter((outcome) => outcome === 'reminded').length;
          totals.missed += outcomes.filter((outcome) => outcome === 'missed').length;
        } finally {
          store.checkins.finishClaims(
            batch.map((checkin) => checkin.id),
            instanceId,
          );
          waiting -= batch.length;
          pace.settled(batch.length);
        }
      })();
      const tracked = settle(work).finally(() => running.delete(tracked));
      running.add(tracked);
      while (waiting >= pace.inFlightLimit() && running.size > 0) await Promise.race(running);
    }
    await Promise.all(running);
    await list?.close();
    if (failure !== undefined) throw failure;
    return totals;
  }

  /**
   * Posts prompts, one message per destination listing every check-in due there when grouping is on, and
   * never twice: before posting, the batch's intent is recorded (one insert). A claimed check-in that
   * already carries an intent was being prompted by a replica that died, or by a post that failed half-way,
   * so each of its destinations is first searched for that prompt (message metadata on Slack, the posted
   * cards on Teams); a prompt found there is recorded as it is instead of being posted again.
   */
  private async promptCheckins(checkins: CheckinRecord[], now: Date, run?: DispatchRun): Promise<number> {
    const { store, logger, instanceId, settings, surfaces } = this.deps;
    if (checkins.length === 0) return 0;
    const started = Date.now();
    const phases: Record<string, number> = {};
    const phase = (name: string) => {
      phases[name] = Date.now() - started;
    };
    // Wall clock: how long a post may wait in a channel's queue is real time, whatever the domain clock says.
    const deadline = Date.now() + postingWindowMs(settings.claimLeaseMs);
    const { contracts, kpis } = await this.contractsAndKpis(
      checkins.map((checkin) => checkin.contractRef),
      run,
    );

    const deliverable: Array<{
      checkin: CheckinRecord;
      item: CheckinItemView;
      destinations: ChatDestination[];
    }> = [];
    const retryLater: CheckinRecord[] = [];
    // When a check-in that reached nobody may be tried again: a blocked channel's or person's retry time.
    const retryAt = new Map<string, Date>();
    // Channels known to be unreachable (archived, the bot removed) are not posted to: one read per batch.
    const blocked = new Map((await store.reachability.listBlocked(now)).map((record) => [record.key, record]));
    for (const checkin of checkins) {
      const contract = contracts.get(checkin.contractRef);
      const kpi = kpis.get(`${checkin.contractRef}\u0000${checkin.kpiKey}`);
      if (!contract || !kpi) {
        await store.checkins.releaseClaim(checkin.id, instanceId, { nextActionAt: null });
        continue;
      }
      const report = new DeliveryReport(contract);
      const destinations = await this.destinationsFor(contract, checkin, blocked, report);
      if (destinations.length === 0) {
        if (report.retryAt) retryAt.set(checkin.id, report.retryAt);
        else {
          failureLogFor(logger).warn(
            { surface: 'any', method: 'prompt', reason: 'no-destination', target: checkin.contractRef },
            'no channel or person to prompt: link a channel with /steward link',
          );
        }
        retryLater.push(checkin);
        continue;
      }
      deliverable.push({ checkin, item: checkinItemView(contract, kpi, checkin, null, now), destinations });
    }

    phase('resolved');
    const { batch: intents, earlier } = await store.checkins.markDispatching(
      deliverable.map(({ checkin }) => checkin.id),
      instanceId,
      now,
    );
    // Where each check-in's prompt is, per destination: found from an earlier attempt, or posted now.
    const refs = new Map<string, Map<string, PromptRef>>();
    const place = (destination: ChatDestination) => `${destination.surface}\u0000${destination.channelId}`;
    const groups = new Map<string, { destination: ChatDestination; addressees: Person[]; items: typeof deliverable }>();
    for (const entry of deliverable) {
      const { checkin } = entry;
      refs.set(checkin.id, new Map());
      const attempt = earlier.get(checkin.id);
      for (const destination of entry.destinations) {
        if (attempt) {
          // Clocks of replicas differ a little; look a minute further back than the attempt began.
          const since = new Date(attempt.at.getTime() - 60_000);
          const found = await surfaces
            .get(destination.surface)
            ?.findPostedPrompt(destination, checkin.id, since)
            .catch((error: unknown) => {
              logger.warn({ err: error, checkinId: checkin.id }, 'could not look for an earlier prompt');
              return undefined;
            });
          if (found === undefined) continue; // unknown: try again later rather than risk a second prompt
          if (found) {
            refs.get(checkin.id)?.set(place(destination), promptRefOf(found, now));
            continue;
          }
        }
        const groupKey = settings.groupPrompts
          ? `${place(destination)}\u0000${checkin.respondent.role}`
          : `${place(destination)}\u0000${checkin.id}`;
        const group = groups.get(groupKey) ?? { destination, addressees: [], items: [] };
        group.items.push(entry);
        for (const person of checkin.respondent.people) {
          if (!group.addressees.some((known) => samePerson(known, person))) group.addressees.push(person);
        }
        groups.set(groupKey, group);
      }
    }
    if (earlier.size > 0) {
      const found = [...refs.values()].reduce((sum, byPlace) => sum + byPlace.size, 0);
      logger.info({ recovered: earlier.size, found }, 'finished check-ins an earlier dispatch left open');
    }

    phase('intents');
    // All at once: each surface paces its own channels and caps how many posts run together.
    const soon = new Set<string>();
    await Promise.all(
      [...groups.values()].map(async (group) => {
        const surface = surfaces.get(group.destination.surface);
        if (!surface) return;
        const promptKey = group.items.map(({ checkin }) => checkin.id).join(',');
        try {
          const message = await surface.postCheckinPrompt(
            group.destination,
            { items: group.items.map(({ item }) => item), addressees: group.addressees },
            { promptKey, deadline },
          );
          for (const { checkin } of group.items) {
            refs.get(checkin.id)?.set(place(group.destination), promptRefOf(message, now));
          }
        } catch (error) {
          if (isStewardError(error) && error.code === 'unavailable') {
            // Still queued when its claim was about to run out: tried again on the next tick.
            for (const { checkin } of group.items) soon.add(checkin.id);
            logger.warn({ channel: group.destination.channelId }, error.message);
            return;
          }
          if (isDeliveryFailure(error)) {
            // Remembered (an archived channel is not tried again for an hour), logged in one line, the managers
            // told once; the check-ins wait until the channel may be reached.
            const first = group.items[0];
            const contract = first && contracts.get(first.checkin.contractRef);
            const report = new DeliveryReport(contract);
            await recordDeliveryFailure(this.deps, group.destination.surface, error, report, {
              channel: group.destination.channelId,
            });
            for (const { checkin } of group.items) if (report.retryAt) retryAt.set(checkin.id, report.retryAt);
            return;
          }
          logger.error(
            { err: error, channel: group.destination.channelId },
            'could not post a check-in prompt; it is retried',
          );
        }
      }),
    );

    const remindAt = new Date(now.getTime() + settings.reminderAfterHours * HOUR_MS);
    const complete: PromptedEntry[] = [];
    for (const { checkin, destinations } of deliverable) {
      const byPlace = refs.get(checkin.id) ?? new Map();
      // Recorded only once every destination has its prompt; a partial one is completed on the retry,
      // which finds the prompts already posted through the intent kept for it.
      if (destinations.some((destination) => !byPlace.has(place(destination)))) {
        retryLater.push(checkin);
        continue;
      }
      // The grace runs from the prompt as well as from the due time: a check-in asked late (a contract imported
      // mid-month, a service that was down over the due date) gets the whole grace period, never an instant miss.
      const fromDue = checkin.graceEndsAt ?? graceEndsAt(checkin.dueAt, settings.graceHours);
      const fromPrompt = graceEndsAt(now, settings.graceHours);
      const grace = new Date(Math.max(fromDue.getTime(), fromPrompt.getTime()));
      complete.push({
        id: checkin.id,
        prompts: [...byPlace.values()],
        schedule: { remindAt, graceEndsAt: grace, nextActionAt: remindAt < grace ? remindAt : grace },
      });
    }
    phase('posted');
    const { marked } = await store.checkins.markPromptedMany(complete);
    phase('marked');
    const recorded = new Set(marked.map((checkin) => checkin.id));
    await store.checkins.clearDispatching(
      intents,
      [...earlier.keys()].filter((id) => recorded.has(id)),
      // Not recorded (a post failed, or the check-in stayed locked): the retry must look before posting.
      deliverable.map(({ checkin }) => checkin.id).filter((id) => !recorded.has(id)),
    );
    await store.audit.appendMany(
      marked.map((checkin) => ({
        contractRef: checkin.contractRef,
        actor: { name: 'Steward' },
        surface: 'system' as const,
        action: 'checkin.prompted' as const,
        entityType: 'checkin',
        entityId: checkin.id,
        after: { periodKey: checkin.periodKey },
      })),
    );
    for (const checkin of retryLater) {
      // Try again later rather than losing the prompt; the intent stays, so the retry finds what was posted.
      if (soon.has(checkin.id)) continue;
      await store.checkins.releaseClaim(checkin.id, instanceId, {
        nextActionAt: retryAt.get(checkin.id) ?? new Date(now.getTime() + RETRY_AFTER_FAILURE_MS),
      });
    }
    phase('done');
    logger.debug({ checkins: checkins.length, prompted: marked.length, ms: phases }, 'prompt batch dispatched');
    return marked.length;
  }

  /** A prompted check-in whose reminder or grace end has come. */
  private async followUp(checkin: CheckinRecord, now: Date): Promise<'reminded' | 'missed' | 'none'> {
    const { store, instanceId, settings } = this.deps;
    const grace = checkin.graceEndsAt ?? graceEndsAt(checkin.dueAt, settings.graceHours);
    try {
      if (grace <= now) {
        const missed = await store.checkins.markMissed(checkin.id, now);
        if (!missed) return 'none';
        const contract = await store.contracts.require(checkin.contractRef);
        const kpi = await store.kpis.get(checkin.contractRef, checkin.kpiKey);
        await store.audit.append({
          contractRef: checkin.contractRef,
          actor: { name: 'Steward' },
          surface: 'system',
          action: 'checkin.missed',
          entityType: 'checkin',
          entityId: checkin.id,
          before: { status: checkin.status },
          after: { status: 'missed' },
        });
        if (kpi) {
          await this.redrawPrompts(missed, contract, kpi, null);
          await this.escalations.onMissedCheckin(contract, kpi, missed);
        }
        return 'missed';
      }
      if (!checkin.remindedAt && (!checkin.snoozedUntil || checkin.snoozedUntil <= now)) {
        for (const prompt of checkin.prompts) {
          const surface = this.deps.surfaces.get(prompt.surface);
          const message = postedMessageOfPrompt(prompt);
          if (!surface || !message) continue;
          await surface.postNotice(
            {
              surface: prompt.surface,
              channelId: prompt.channelId,
              serviceUrl: prompt.serviceUrl,
              threadId: message.messageId,
              purpose: checkin.respondent.role === 'vendor' ? 'vendor' : 'internal',
            },
            {
              text: `Reminder: this check-in is still open. It counts as missed after ${grace.toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
              mention: checkin.respondent.people,
            },
          );
        }
        await store.checkins.markReminded(checkin.id, now, grace);
        return 'reminded';
      }
      await store.checkins.releaseClaim(checkin.id, instanceId, {
        nextActionAt: checkin.snoozedUntil && checkin.snoozedUntil > now ? checkin.snoozedUntil : grace,
      });
      return 'none';
    } finally {
      await store.checkins.releaseClaim(checkin.id, instanceId).catch(() => undefined);
    }
  }

  private async destinationsFor(
    contract: Contract,
    checkin: CheckinRecord,
    blocked: ReadonlyMap<string, ReachabilityRecord>,
    report: DeliveryReport,
  ): Promise<ChatDestination[]> {
    const purpose = checkin.respondent.role === 'vendor' ? 'vendor' : 'internal';
    const linked = contract.channels.filter(
      (channel) => channel.purpose === purpose && this.deps.surfaces.get(channel.surface),
    );
    if (linked.length > 0) {
      const open: ChatDestination[] = [];
      for (const channel of linked) {
        const target = { kind: 'channel' as const, id: channel.channelId };
        const known = blocked.get(reachabilityKey(channel.surface, target));
        if (known) report.block({ surface: channel.surface, target, reason: known.reason, retryAt: known.retryAt });
        else
          open.push({
            surface: channel.surface,
            channelId: channel.channelId,
            serviceUrl: channel.serviceUrl,
            purpose,
          });
      }
      return open;
    }
    // Direct messages: a respondent Slack or Teams cannot reach is looked up once an hour, not per check-in.
    return directDestinations(this.deps, checkin.respondent.people, report);
  }

  // ---------------------------------------------------------------------------------------------
  // Requests from people

  async sendNow(actor: Actor, reference: string, kpiKey?: string): Promise<SendNowResult> {
    const { store, clock } = this.deps;
    const contract = await store.contracts.require(reference);
    await authorize(this.deps, actor, contract, 'manage');
    const kpis = await store.kpis.listForContract(reference);
    const chosen = kpiKey ? kpis.filter((kpi) => kpi.key === kpiKey) : kpis;
    if (kpiKey && chosen.length === 0) {
      throw new StewardError(
        'not_found',
        `${reference} has no KPI with key ${kpiKey}. Its KPIs: ${kpis.map((k) => k.key).join(', ') || 'none yet'}.`,
      );
    }
    if (chosen.length === 0)
      throw new StewardError('validation', `${reference} has no KPIs yet: add one with /steward kpi ${reference}.`);
    const now = clock();
    const pending: CheckinRecord[] = [];
    const out: Array<{ checkin: CheckinRecord; kpi: KpiRecord }> = [];
    for (const kpi of chosen) {
      const period = this.periodToAsk(contract, kpi, now);
      const result = period && (await this.ensureCheckinFor(contract, kpi, now, period, true));
      if (!result) continue;
      const snoozed = result.checkin.snoozedUntil !== undefined && result.checkin.snoozedUntil > now;
      if (result.checkin.status === 'pending' && !snoozed) pending.push(result.checkin);
      else out.push({ checkin: result.checkin, kpi });
    }
    const alreadyOut = await Promise.all(out.map(({ checkin, kpi }) => this.whereabouts(checkin, kpi)));
    if (pending.length === 0) return { prompted: 0, alreadyOut };
    const claimed = await store.checkins.claim(
      pending.map((checkin) => checkin.id),
      this.deps.instanceId,
      this.deps.settings.claimLeaseMs,
      now,
    );
    const mine = claimed.filter((checkin) => checkin.status === 'pending');
    try {
      return { prompted: await this.promptCheckins(mine, now), alreadyOut };
    } finally {
      store.checkins.finishClaims(
        claimed.map((checkin) => checkin.id),
        this.deps.instanceId,
      );
    }
  }

  /** Where a check-in that is not sent again stands, with its people named. */
  private async whereabouts(checkin: CheckinRecord, kpi: KpiRecord): Promise<CheckinWhereabouts> {
    const open = checkin.status === 'prompted' || checkin.status === 'missed' || checkin.status === 'pending';
    const at =
      checkin.status === 'answered'
        ? checkin.answeredAt
        : checkin.status === 'missed'
          ? checkin.missedAt
          : checkin.status === 'not-applicable'
            ? checkin.updatedAt
            : checkin.prompts.at(-1)?.postedAt;
    return {
      kpiName: kpi.name,
      periodLabel: periodLabel(checkin.periodKey),
      status: checkin.status,
      respondents: open ? await withNames(this.deps.surfaces, checkin.respondent.people, this.deps.logger) : [],
      places: [...checkin.prompts].reverse().map(({ surface, channelId }) => ({ surface, channelId })),
      ...(at ? { at } : {}),
      ...(checkin.snoozedUntil && checkin.snoozedUntil > this.deps.clock()
        ? { snoozedUntil: checkin.snoozedUntil }
        : {}),
    };
  }

  async openScoreForm(actor: Actor, checkinId: string): Promise<ScoreFormView> {
    const { checkin, contract, kpi, definition } = await this.loadCheckin(checkinId);
    await authorize(this.deps, actor, contract, 'answer-checkin', { respondent: checkin.respondent.role });
    if (checkin.status === 'answered') {
      throw new StewardError(
        'already_answered',
        `${kpi.name} for ${periodLabel(checkin.periodKey)} is already answered. Use Correct on the message to change it.`,
      );
    }
    if (checkin.status === 'not-applicable') {
      throw new StewardError(
        'conflict',
        `${kpi.name} for ${periodLabel(checkin.periodKey)} was marked not applicable.`,
      );
    }
    return formView(contract, kpi, definition, checkin);
  }

  async submitScore(
    actor: Actor,
    checkinId: string,
    input: unknown,
    options: SubmitScoreOptions = {},
  ): Promise<ScoreResult> {
    const { store, clock, logger } = this.deps;
    // Many people submitting one check-in at once (a shared channel) need its records once, not once each.
    const { checkin, contract, kpi, definition } = await this.sharedCheckinLoad(String(checkinId), () =>
      this.loadCheckin(checkinId),
    );
    await authorize(this.deps, actor, contract, 'answer-checkin', { respondent: checkin.respondent.role });
    const parsed = parseInput(scoreInputFor(definition), input);
    const rag = evaluate(parsed.value, definition);
    let score: ScoreRecord;
    try {
      score = await store.scores.submit(checkin.id, {
        value: parsed.value,
        rag,
        kpiVersion: checkin.kpiVersion,
        comment: parsed.comment,
        evidenceUrl: parsed.evidenceUrl,
        answeredBy: actor.person,
        surface: actor.surface,
        answeredAt: clock(),
      });
    } catch (error) {
      if (!(error instanceof StewardError) || error.code !== 'already_answered') throw error;
      // The same answer from the same person again (Slack redelivered the submission, or it was sent
      // twice): the first one stands and the second is told it worked; anyone else is told it was answered.
      // Those who lost the check-in to the same submission at once share these reads.
      const { first, answered } = await this.sharedAnsweredRead(checkin.id, async () => {
        // An earlier submission may have died half way: finish what it left before saying anything.
        await this.resumeScoreFollowUp(checkin.id, { minAgeMs: RESUME_ON_RESUBMIT_AFTER_MS }).catch((failure) =>
          logger.warn({ err: failure, checkinId: checkin.id }, 'could not finish an interrupted score submission'),
        );
        return { first: await store.scores.forCheckin(checkin.id), answered: await store.checkins.get(checkin.id) };
      });
      if (
        !first ||
        answered?.status !== 'answered' ||
        answered.answeredScoreId !== first.id ||
        !samePerson(first.answeredBy, actor.person) ||
        first.value !== parsed.value ||
        (first.comment ?? undefined) !== (parsed.comment ?? undefined) ||
        first.revision !== 1
      ) {
        throw error;
      }
      return {
        scoreId: first.id,
        rag: first.rag,
        displayValue: formatValue(first.value, definition.kind, definition.unit),
        item: checkinItemView(contract, { ...kpi, ...definition }, answered, first, clock()),
        escalationOpened: false,
        repeated: true,
      };
    }
    const answered = (await store.checkins.get(checkin.id)) ?? checkin;
    const followUps = this.followUpScore(contract, kpi, definition, answered, score, {
      statusBefore: checkin.status,
      onRedrawn: options.onRedrawn,
    })
      .then(async (done) => {
        await store.scores.finishFollowUp(checkin.id, score.id);
        return done;
      })
      .catch((error: unknown) => {
        // The score is saved and its intent stays: the recovery pass finishes the rest (resumeScoreFollowUps).
        logger.warn({ err: error, checkinId: checkin.id }, 'score saved; its follow-ups will be finished later');
        return null;
      });
    const result = {
      scoreId: score.id,
      rag,
      displayValue: formatValue(score.value, definition.kind, definition.unit),
      item: checkinItemView(contract, { ...kpi, ...definition }, answered, score, clock()),
    };
    if (options.followUpsLater) {
      // The score and the check-in are saved, and the intent finishes the rest should this process die: the
      // caller can answer now (Slack waits at most 3 s for a submission's acknowledgement).
      return {
        ...result,
        escalationOpened: false,
        followUps: followUps.then((done) => ({ escalationOpened: done?.escalationOpened ?? false })),
      };
    }
    const done = await followUps;
    return { ...result, item: done?.item ?? result.item, escalationOpened: done?.escalationOpened ?? false };
  }

  /**
   * What follows an accepted score: its audit event, the prompt redrawn, and for a red score the contract
   * marked at risk and the escalation opened. Each step is safe to run again (`resume`), because a
   * submission interrupted in the middle of them is finished by running them all once more.
   */
  private async followUpScore(
    contract: ContractRecord,
    kpi: KpiRecord,
    definition: KpiRecord,
    checkin: CheckinRecord,
    score: ScoreRecord,
    /** `statusBefore` is unknown when finishing an interrupted submission. */
    options: { statusBefore?: CheckinRecord['status']; resume?: boolean } & RedrawOptions,
  ): Promise<{ item: CheckinItemView; escalationOpened: boolean }> {
    const { store } = this.deps;
    const audited =
      options.resume &&
      (await store.audit.forEntity('score', score.id)).some((event) => event.action === 'checkin.answered');
    if (!audited) {
      await store.audit.append({
        contractRef: contract.reference,
        actor: score.answeredBy,
        surface: score.surface,
        action: 'checkin.answered',
        entityType: 'score',
        entityId: score.id,
        before: options.statusBefore ? { status: options.statusBefore } : null,
        after: {
          value: score.value,
          rag: score.rag,
          periodKey: checkin.periodKey,
          kpiKey: kpi.key,
          comment: score.comment ?? null,
        },
      });
    }
    const item = await this.redrawPrompts(checkin, contract, { ...kpi, ...definition }, score, options);
    let escalationOpened = false;
    if (score.rag === 'red') {
      await this.markContractAtRisk(contract, { person: score.answeredBy, surface: score.surface, external: false });
      const escalation = await this.escalations.onRedScore(contract, kpi, definition, checkin, score, {
        resume: options.resume,
      });
      escalationOpened = Boolean(escalation);
    } else if (this.forecasts) {
      // A warning is worth less than the score: a failure here is logged, never the submission's.
      await this.forecasts.afterScore(contract, kpi, checkin.periodKey).catch((error: unknown) => {
        this.deps.logger.warn(
          { err: error, contractRef: contract.reference, kpiKey: kpi.key },
          'could not forecast after a score',
        );
      });
    }
    return { item, escalationOpened };
  }

  /**
   * Finishes score submissions that were interrupted (the process died, or the database went away, between
   * the score and its follow-ups). Any replica may run it: each submission is finished under a lease of its
   * own, and every step is safe to repeat. Returns how many were finished or rolled back.
   */
  async resumeScoreFollowUps(now: Date): Promise<number> {
    const pending = await this.deps.store.scores.pendingFollowUps(new Date(now.getTime() - RESUME_AFTER_MS));
    let settled = 0;
    for (const intent of pending) {
      try {
        if (await this.resumeScoreFollowUp(intent.checkinId, { minAgeMs: RESUME_AFTER_MS })) settled += 1;
      } catch (error) {
        this.deps.logger.warn({ err: error, checkinId: intent.checkinId }, 'could not finish a score submission');
      }
    }
    return settled;
  }

  /** True when it settled the check-in's interrupted submission; false when there was none or it was not due. */
  private async resumeScoreFollowUp(checkinId: string, options: { minAgeMs: number }): Promise<boolean> {
    const { store, clock, instanceId } = this.deps;
    const intent = await store.scores.followUpOf(checkinId);
    // Younger than this, its own request may still be running the follow-ups.
    if (!intent || clock().getTime() - intent.at.getTime() < options.minAgeMs) return false;
    const lease = `score-follow-up:${checkinId}`;
    const token = `${instanceId}:${newToken()}`;
    if (!(await store.leases.acquire(lease, token, FOLLOW_UP_LEASE_MS))) return false;
    try {
      const score = await store.scores.settleFollowUp(checkinId);
      if (!score) return true;
      const { checkin, contract, kpi, definition } = await this.loadCheckin(checkinId);
      await this.followUpScore(contract, kpi, definition, checkin, score, { resume: true });
      await store.scores.finishFollowUp(checkinId, score.id);
      return true;
    } finally {
      await store.leases.release(lease, token).catch(() => undefined);
    }
  }

  async openCorrectionForm(actor: Actor, scoreId: string): Promise<ScoreFormView> {
    const score = await this.requireScore(scoreId);
    const { checkin, contract, kpi, definition } = await this.loadCheckin(score.checkinId!);
    await authorize(this.deps, actor, contract, 'correct-score', { scoreAuthor: score.answeredBy });
    return {
      ...formView(contract, kpi, definition, checkin),
      current: { scoreId: score.id, value: score.value, comment: score.comment, evidenceUrl: score.evidenceUrl },
    };
  }

  async correctScore(actor: Actor, scoreId: string, input: unknown, options: RedrawOptions = {}): Promise<ScoreResult> {
    const { store } = this.deps;
    const score = await this.requireScore(scoreId);
    const { checkin, contract, kpi, definition } = await this.loadCheckin(score.checkinId!);
    await authorize(this.deps, actor, contract, 'correct-score', { scoreAuthor: score.answeredBy });
    const parsed = parseInput(scoreCorrectionInputFor(definition), input);
    const rag = evaluate(parsed.value, definition);
    const corrected = await store.scores.correct(
      scoreId,
      {
        value: parsed.value,
        rag,
        comment: parsed.comment,
        evidenceUrl: parsed.evidenceUrl,
        correctedBy: actor.person,
        reason: parsed.reason,
        surface: actor.surface,
        correctedAt: this.deps.clock(),
      },
      score.revision,
    );
    await store.audit.append({
      contractRef: contract.reference,
      actor: actor.person,
      surface: actor.surface,
      action: 'score.corrected',
      entityType: 'score',
      entityId: scoreId,
      before: { value: score.value, rag: score.rag },
      after: { value: corrected.value, rag: corrected.rag, reason: parsed.reason },
    });
    const item = await this.redrawPrompts(checkin, contract, { ...kpi, ...definition }, corrected, options);
    let escalationOpened = false;
    if (rag === 'red' && score.rag !== 'red') {
      escalationOpened = Boolean(await this.escalations.onRedScore(contract, kpi, definition, checkin, corrected));
    }
    return {
      scoreId,
      rag,
      displayValue: formatValue(corrected.value, definition.kind, definition.unit),
      item,
      escalationOpened,
    };
  }

  async markNotApplicable(
    actor: Actor,
    checkinId: string,
    input: unknown,
    options: RedrawOptions = {},
  ): Promise<CheckinItemView> {
    const { store } = this.deps;
    const { checkin, contract, kpi, definition } = await this.loadCheckin(checkinId);
    await authorize(this.deps, actor, contract, 'answer-checkin', { respondent: checkin.respondent.role });
    const { reason } = parseInput(notApplicableInput, input);
    const updated = await store.checkins.markNotApplicable(checkinId, reason, actor.person);
    await store.audit.append({
      contractRef: contract.reference,
      actor: actor.person,
      surface: actor.surface,
      action: 'checkin.not-applicable',
      entityType: 'checkin',
      entityId: checkinId,
      before: { status: checkin.status },
      after: { status: 'not-applicable', reason },
    });
    return this.redrawPrompts(updated, contract, { ...kpi, ...definition }, null, options);
  }

  async snooze(actor: Actor, checkinId: string, options: RedrawOptions = {}): Promise<CheckinItemView> {
    const { store, clock, settings } = this.deps;
    const { checkin, contract, kpi, definition } = await this.loadCheckin(checkinId);
    await authorize(this.deps, actor, contract, 'answer-checkin', { respondent: checkin.respondent.role });
    if (checkin.status !== 'pending' && checkin.status !== 'prompted') {
      throw new StewardError(
        'conflict',
        `${kpi.name} for ${periodLabel(checkin.periodKey)} is ${checkin.status}; only open check-ins can be snoozed.`,
      );
    }
    const holidays = checkin.respondent.role === 'vendor' ? contract.holidays.vendor : contract.holidays.buyer;
    // "Snooze 1 day": the prompt hour of the next working day, in the respondents' timezone like the prompt
    // itself. Counted from tomorrow: snoozing at 07:30 must not bring the prompt back at 09:00 the same day.
    const timezone = await this.respondentTimezone(contract, checkin.respondent.people);
    const tomorrow = startOfLocalDay(addDays(localDate(clock(), timezone), 1), timezone);
    const until = nextWorkingSlot(tomorrow, timezone, settings.promptHour, holidays);
    const updated = await store.checkins.snooze(checkinId, until, actor.person);
    await store.audit.append({
      contractRef: contract.reference,
      actor: actor.person,
      surface: actor.surface,
      action: 'checkin.snoozed',
      entityType: 'checkin',
      entityId: checkinId,
      after: { until: until.toISOString() },
    });
    return this.redrawPrompts(updated, contract, { ...kpi, ...definition }, null, options);
  }

  // ---------------------------------------------------------------------------------------------

  /** Redraws every message that shows this check-in, with every other check-in grouped into it. */
  private async redrawPrompts(
    checkin: CheckinRecord,
    contract: Contract,
    kpi: KpiRecord,
    score: ScoreRecord | null,
    options: RedrawOptions = {},
  ): Promise<CheckinItemView> {
    const { store, clock, surfaces, logger } = this.deps;
    const now = clock();
    const item = checkinItemView(contract, kpi, checkin, score, now);
    for (const prompt of checkin.prompts) {
      const message = postedMessageOfPrompt(prompt);
      const surface = surfaces.get(prompt.surface);
      if (!message || !surface) continue;
      try {
        const siblings = await store.checkins.byPrompt(prompt.surface, prompt.channelId, message.messageId);
        const items: CheckinItemView[] = [];
        for (const sibling of siblings.length > 0 ? siblings : [checkin]) {
          if (sibling.id === checkin.id) {
            items.push(item);
            continue;
          }
          items.push(await this.itemFor(sibling, now));
        }
        await surface.updateCheckinPrompt(message, { items, addressees: checkin.respondent.people });
        options.onRedrawn?.(message);
      } catch (error) {
        logger.warn({ err: error, checkinId: checkin.id }, 'could not update a check-in prompt');
      }
    }
    return item;
  }

  private async itemFor(checkin: CheckinRecord, now: Date): Promise<CheckinItemView> {
    const { store } = this.deps;
    const contract = await store.contracts.require(checkin.contractRef);
    const kpi = await store.kpis.get(checkin.contractRef, checkin.kpiKey);
    const definition = (await store.kpis.definitionAt(checkin.contractRef, checkin.kpiKey, checkin.kpiVersion)) ?? kpi;
    const score = checkin.status === 'answered' ? await store.scores.forCheckin(checkin.id) : null;
    return checkinItemView(contract, { ...kpi!, ...definition! }, checkin, score, now);
  }

  private async loadCheckin(checkinId: string) {
    const { store } = this.deps;
    const checkin = await store.checkins.get(String(checkinId));
    if (!checkin)
      throw new StewardError(
        'not_found',
        'That check-in no longer exists. It may have been replaced; run /steward to see what is pending.',
      );
    const contract = await store.contracts.require(checkin.contractRef);
    const kpi = await store.kpis.get(checkin.contractRef, checkin.kpiKey);
    if (!kpi)
      throw new StewardError('not_found', `The KPI ${checkin.kpiKey} of ${checkin.contractRef} no longer exists.`);
    // A score is always evaluated against the KPI definition in force for its check-in.
    const version = await store.kpis.definitionAt(checkin.contractRef, checkin.kpiKey, checkin.kpiVersion);
    const definition: KpiRecord = version ? { ...kpi, ...stripVersionRecord(version) } : kpi;
    return { checkin, contract, kpi, definition };
  }

  private async requireScore(scoreId: string): Promise<ScoreRecord> {
    const score = await this.deps.store.scores.get(String(scoreId));
    if (!score?.checkinId) throw new StewardError('not_found', 'That score no longer exists.');
    return score;
  }

  private async markContractAtRisk(contract: ContractRecord, actor: Actor): Promise<void> {
    if (contract.status !== 'active') return;
    try {
      await this.deps.store.contracts.setStatus(contract.reference, 'active', 'at-risk');
      await this.deps.store.audit.append({
        contractRef: contract.reference,
        actor: actor.person,
        surface: 'system',
        action: 'contract.status-changed',
        entityType: 'contract',
        entityId: contract.reference,
        before: { status: 'active' },
        after: { status: 'at-risk', reason: 'a KPI breached its threshold' },
      });
    } catch (error) {
      if (!(error instanceof StewardError)) throw error;
    }
  }

  /**
   * The contracts and KPIs of these check-ins. A dispatch run reads every monitored contract and every KPI
   * once, in two queries, and serves its batches from them; only references it does not hold are read
   * on their own.
   */
  private async contractsAndKpis(
    refs: string[],
    run?: DispatchRun,
  ): Promise<{ contracts: Map<string, ContractRecord>; kpis: Map<string, KpiRecord> }> {
    if (!run) return { contracts: await this.contractsByRef(refs), kpis: await this.kpisByKey(refs) };
    if (!run.loaded) {
      run.loaded = true;
      const loading = (async () => {
        const monitored = await this.deps.store.contracts.list({ status: [...MONITORED_STATUSES] });
        for (const contract of monitored) run.contracts.set(contract.reference, contract);
        for (const kpi of await this.deps.store.kpis.listAll()) {
          if (run.contracts.has(kpi.contractRef)) run.kpis.set(`${kpi.contractRef}\u0000${kpi.key}`, kpi);
        }
      })();
      run.loading = loading;
      loading.catch(() => {
        run.loaded = false;
      });
    }
    await run.loading;
    const missing = [...new Set(refs)].filter((ref) => !run.contracts.has(ref));
    if (missing.length > 0) {
      for (const [ref, contract] of await this.contractsByRef(missing)) run.contracts.set(ref, contract);
      for (const [key, kpi] of await this.kpisByKey(missing)) run.kpis.set(key, kpi);
    }
    return { contracts: run.contracts, kpis: run.kpis };
  }

  private async contractsByRef(refs: string[]): Promise<Map<string, ContractRecord>> {
    const contracts = await this.deps.store.contracts.getMany(refs);
    return new Map(contracts.map((c) => [c.reference, c]));
  }

  private async kpisByKey(refs: string[]): Promise<Map<string, KpiRecord>> {
    const kpis = await this.deps.store.kpis.listForContracts([...new Set(refs)]);
    return new Map(kpis.map((kpi) => [`${kpi.contractRef}\u0000${kpi.key}`, kpi]));
  }
}

function stripVersionRecord<T extends { id: string; createdAt: Date }>(version: T): Omit<T, 'id' | 'createdAt'> {
  const { id: _id, createdAt: _createdAt, ...definition } = version;
  return definition;
}

export function respondentsOf(contract: Contract, kpi: KpiDefinition): Person[] {
  return kpi.respondent === 'vendor' ? contract.vendor.contacts : (contract.governance.owner ?? []);
}

function formView(
  contract: Contract,
  kpi: KpiRecord,
  definition: KpiDefinition,
  checkin: CheckinRecord,
): ScoreFormView {
  return {
    checkinId: checkin.id,
    contractRef: contract.reference,
    contractTitle: contract.title,
    kpi: {
      key: kpi.key,
      name: definition.name,
      unit: definition.unit,
      kind: definition.kind,
      direction: definition.direction,
      baseline: definition.baseline,
      target: definition.target,
      warningThreshold: definition.warningThreshold,
      breachThreshold: definition.breachThreshold,
      evidenceRequired: definition.evidenceRequired,
    },
    periodKey: checkin.periodKey,
    periodLabel: periodLabel(checkin.periodKey),
  };
}

export function promptRefOf(message: PostedMessage, postedAt: Date): PromptRef {
  return message.surface === 'slack'
    ? { surface: 'slack', channelId: message.channelId, messageTs: message.messageId, postedAt }
    : {
        surface: 'teams',
        channelId: message.channelId,
        activityId: message.messageId,
        serviceUrl: message.serviceUrl,
        postedAt,
      };
}

export function postedMessageOfPrompt(prompt: PromptRef): PostedMessage | null {
  const messageId = prompt.messageTs ?? prompt.activityId;
  if (!messageId) return null;
  return { surface: prompt.surface, channelId: prompt.channelId, messageId, serviceUrl: prompt.serviceUrl };
}

/**
 * The candidates in turns, one check-in of each contract at a time, oldest first within each. The list comes
 * sorted by due time and id, which clusters a contract's KPIs; a batch of the cluster would post all of them
 * in one channel, where Slack takes one a second, while other channels waited for the next batch.
 */
export function interleaveByContract(candidates: CheckinRecord[], start = 0): CheckinRecord[] {
  const byContract = new Map<string, CheckinRecord[]>();
  for (const checkin of candidates) {
    const queue = byContract.get(checkin.contractRef);
    if (queue) queue.push(checkin);
    else byContract.set(checkin.contractRef, [checkin]);
  }
  const queues = rotated([...byContract.values()], start);
  const out: CheckinRecord[] = [];
  for (let round = 0; out.length < candidates.length; round += 1) {
    for (const queue of queues) {
      const next = queue[round];
      if (next) out.push(next);
    }
  }
  return out;
}

/** The check-ins one grouped prompt would list together: one contract's, for one side. */
function sameRespondent(a: CheckinRecord, b: CheckinRecord): boolean {
  return a.contractRef === b.contractRef && a.respondent.role === b.respondent.role;
}

/** The candidates with each contract's check-ins for one side next to each other, in order of the first due. */
export function clusterByRespondent(candidates: CheckinRecord[], start = 0): CheckinRecord[] {
  const clusters = new Map<string, CheckinRecord[]>();
  for (const checkin of candidates) {
    const key = `${checkin.contractRef}\u0000${checkin.respondent.role}`;
    const cluster = clusters.get(key);
    if (cluster) cluster.push(checkin);
    else clusters.set(key, [checkin]);
  }
  return rotated([...clusters.values()], start).flat();
}

/** `items` beginning at `start` (modulo their number) and wrapping round. */
function rotated<T>(items: T[], start: number): T[] {
  if (items.length === 0) return items;
  const at = start % items.length;
  return [...items.slice(at), ...items.slice(0, at)];
}

/** A stable number per replica: where in a list of due check-ins it starts claiming. */
function startingPoint(instanceId: string): number {
  let hash = 2_166_136_261;
  for (let i = 0; i < instanceId.length; i += 1) hash = Math.imul(hash ^ instanceId.charCodeAt(i), 16_777_619);
  return hash >>> 0;
}

/** What one dispatch run has read of contracts and KPIs, shared by its batches. */
interface DispatchRun {
  contracts: Map<string, ContractRecord>;
  kpis: Map<string, KpiRecord>;
  loaded: boolean;
  loading?: Promise<void>;
}
