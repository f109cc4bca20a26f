import type { ChatDestination, EscalationView, PostedMessage } from '../chat/chat-surface';
import { isDeliveryFailure } from '../chat/delivery-failure';
import { triggerLabel } from '../chat/labels';
import { isManager, isOnEscalationPath } from '../domain/access-policy';
import { StewardError } from '../domain/errors';
import { levelDueAt, nextEscalationStep, shouldRaiseContractReview } from '../domain/escalation-policy';
import { formatValue, periodLabel } from '../domain/format';
import { localDate } from '../domain/local-time';
import type { Contract, EscalationTrigger, KpiDefinition, Person } from '../domain/types';
import type {
  CheckinRecord,
  ContractRecord,
  EscalationRecord,
  KpiRecord,
  ScoreRecord,
  ThreadRef,
} from '../store/records';
import { authorize } from './authorization';
import type { ServiceDeps } from './deps';
import { correctiveActionInput, parseInput, resolutionInput } from './inputs';
import { withName } from './people';
import { directDestinations } from './places';
import { DeliveryReport } from './reachability';
import type { Actor, EscalationSummary, EscalationsApi, RedrawOptions } from './service-api';
import { escalationView, levelPeople, trendOf } from './views';

const CLIMB_BATCH = 100;
/** A post that failed for a passing reason is tried again after 30 s, doubling up to 15 min: 10 tries in all. */
const POST_RETRY_BASE_MS = 30_000;
const POST_RETRY_CAP_MS = 15 * 60_000;
const POST_ATTEMPTS = 10;

const postRetryDelay = (attempts: number, failure: unknown) =>
  Math.max(
    Math.min(POST_RETRY_BASE_MS * 2 ** (attempts - 1), POST_RETRY_CAP_MS),
    isDeliveryFailure(failure) ? (failure.retryAfterMs ?? 0) : 0,
  );

/** Worth trying again: a 429, a 5xx, the network. An unknown channel or a refusal will answer the same. */
const passing = (error: unknown) => isDeliveryFailure(error) && error.kind === 'transient';

export interface OpenEscalationRequest {
  contract: ContractRecord;
  trigger: EscalationTrigger;
  sourceKey: string;
  summary: string;
  facts: Array<{ label: string; value: string }>;
  kpi?: KpiRecord;
  checkinId?: string;
  correctiveActionId?: string;
  obligationId?: string;
  /** Repeated breaches go straight to the top of the path. */
  startAtTop?: boolean;
  openedBy?: Person;
  /**
   * Finishing an interrupted opening (the score recovery pass): an escalation that exists already still
   * gets its audit event and its first post if its opener died before them.
   */
  resume?: boolean;
}

export class EscalationsService implements EscalationsApi {
  constructor(private readonly deps: ServiceDeps) {}

  /**
   * Opens the escalation for a source once (a red score, a missed check-in, an overdue action) and
   * posts it into the contract's internal channels, never into a vendor-shared one.
   */
  async open(request: OpenEscalationRequest): Promise<EscalationRecord> {
    const { store, clock } = this.deps;
    const now = clock();
    const path = request.contract.escalationPath;
    const level = request.startAtTop ? Math.max(path.length, 1) : 1;
    const step = path.find((entry) => entry.level === level);
    const { escalation, created } = await store.escalations.open({
      contractRef: request.contract.reference,
      sourceKey: request.sourceKey,
      trigger: request.trigger,
      summary: request.summary,
      kpiKey: request.kpi?.key,
      checkinId: request.checkinId,
      correctiveActionId: request.correctiveActionId,
      obligationId: request.obligationId,
      level,
      levelNotifiedAt: now,
      ackDueAt: step ? levelDueAt(step, now) : undefined,
      openedBy: request.openedBy,
    });
    if (!created && !request.resume) return escalation;
    if (!created) {
      const events = await store.audit.forEntity('escalation', escalation.id);
      const announced = events.some((event) => event.action === 'escalation.opened');
      // Threads are the posts: one there means the opener got past posting.
      if (announced && escalation.threads.length > 0) return escalation;
      if (!announced) await this.announceOpened(request, escalation.id, level);
      if (escalation.threads.length > 0 || escalation.status !== 'open') return escalation;
    } else {
      await this.announceOpened(request, escalation.id, level);
    }

    const view = await this.viewOf(request.contract, escalation, request.facts);
    const { posted, retry } = await this.postToInternalPlaces(
      request.contract,
      escalation.level,
      (surface, destination) => surface.postEscalation(destination, view),
    );
    let current = escalation;
    for (const message of posted) current = await store.escalations.addThread(escalation.id, threadRefOf(message));
    if (retry.length > 0) {
      current = await store.escalations.updatePendingPosts(escalation.id, (pending) => [
        ...pending,
        ...retry.map(({ destination, failure }) => ({
          kind: 'root' as const,
          surface: destination.surface,
          channelId: destination.channelId,
          serviceUrl: destination.serviceUrl,
          attempts: 1,
          retryAt: new Date(now.getTime() + postRetryDelay(1, failure)),
        })),
      ]);
    }
    return current;
  }

  /**
   * Tries again the escalation posts that failed for a passing reason (see `passing`): the escalation message
   * into a channel that did not take it, or a line into a thread. Any replica may run it: each escalation's
   * posts are claimed first. Returns how many posts went out.
   */
  async retryPosts(now: Date): Promise<number> {
    const { store, instanceId, settings, logger, surfaces } = this.deps;
    let sent = 0;
    const batch = await store.escalations.claimDuePosts(now, instanceId, settings.claimLeaseMs, CLIMB_BATCH);
    for (const escalation of batch) {
      try {
        const contract = await store.contracts.require(escalation.contractRef);
        const due = (escalation.pendingPosts ?? []).filter((post) => post.retryAt <= now);
        const outcomes: Array<{ post: (typeof due)[number]; failure?: unknown; thread?: PostedMessage }> = [];
        for (const post of due) {
          const surface = surfaces.get(post.surface);
          const destination: ChatDestination = {
            surface: post.surface,
            channelId: post.channelId,
            serviceUrl: post.serviceUrl,
            purpose: 'internal',
          };
          try {
            if (!surface) throw new StewardError('unavailable', `${post.surface} is not connected.`);
            if (post.kind === 'root') {
              const view = await this.viewOf(contract, escalation);
              outcomes.push({ post, thread: await surface.postEscalation(destination, view) });
            } else {
              await surface.postNotice(
                { ...destination, threadId: post.threadId },
                { text: post.text ?? '', mention: post.mention ?? [], ...(post.about ? { about: post.about } : {}) },
              );
              outcomes.push({ post });
            }
            sent += 1;
          } catch (failure) {
            outcomes.push({ post, failure });
          }
        }
        for (const { thread } of outcomes) {
          if (thread) await store.escalations.addThread(escalation.id, threadRefOf(thread));
        }
        const same = (a: (typeof due)[number], b: (typeof due)[number]) =>
          a.kind === b.kind && a.surface === b.surface && a.channelId === b.channelId && a.text === b.text;
        await store.escalations.updatePendingPosts(escalation.id, (pending) =>
          pending.flatMap((post) => {
            const outcome = outcomes.find((o) => same(o.post, post));
            if (!outcome) return [post];
            if (!('failure' in outcome) || outcome.failure === undefined) return [];
            const attempts = post.attempts + 1;
            if (!passing(outcome.failure) || attempts >= POST_ATTEMPTS) {
              logger.error(
                { err: outcome.failure, escalationId: escalation.id, channel: post.channelId, attempts: post.attempts },
                'gave up posting an escalation',
              );
              return [];
            }
            return [
              { ...post, attempts, retryAt: new Date(now.getTime() + postRetryDelay(attempts, outcome.failure)) },
            ];
          }),
        );
      } catch (error) {
        logger.error({ err: error, escalationId: escalation.id }, 'could not retry escalation posts');
      } finally {
        await store.escalations.releasePostsClaim(escalation.id, instanceId).catch(() => undefined);
      }
    }
    return sent;
  }

  private async announceOpened(request: OpenEscalationRequest, escalationId: string, level: number): Promise<void> {
    await this.deps.store.audit.append({
      contractRef: request.contract.reference,
      actor: request.openedBy ?? { name: 'Steward' },
      surface: 'system',
      action: 'escalation.opened',
      entityType: 'escalation',
      entityId: escalationId,
      after: { trigger: request.trigger, level, summary: request.summary },
    });
  }

  /** After a red score: opens its escalation, and a contract review when the KPI keeps breaching. */
  async onRedScore(
    contract: ContractRecord,
    kpi: KpiRecord,
    definition: KpiDefinition,
    checkin: CheckinRecord,
    score: ScoreRecord,
    options: { resume?: boolean } = {},
  ) {
    const value = formatValue(score.value, definition.kind, definition.unit);
    const escalation = await this.open({
      contract,
      trigger: 'red-score',
      sourceKey: `red-score:${checkin.id}`,
      summary: `${kpi.name} was ${value} for ${periodLabel(checkin.periodKey)}, past the breach threshold of ${formatValue(definition.breachThreshold, definition.kind, definition.unit)}.`,
      facts: scoreFacts(definition, score, checkin),
      kpi,
      checkinId: checkin.id,
      openedBy: score.answeredBy,
      resume: options.resume,
    });
    await this.raiseReviewOnRepeatedBreach(contract, kpi);
    return escalation;
  }

  async onMissedCheckin(contract: ContractRecord, kpi: KpiRecord, checkin: CheckinRecord) {
    return this.open({
      contract,
      trigger: 'missed-checkin',
      sourceKey: `missed-checkin:${checkin.id}`,
      summary: `Nobody answered the ${kpi.name} check-in for ${periodLabel(checkin.periodKey)} before its grace period ended.`,
      facts: [
        { label: 'KPI', value: kpi.name },
        { label: 'Period', value: periodLabel(checkin.periodKey) },
        { label: 'Asked', value: checkin.respondent.role === 'vendor' ? 'Vendor' : 'Contract owner' },
        { label: 'Due', value: localDate(checkin.dueAt, contract.timezone) },
      ],
      kpi,
      checkinId: checkin.id,
    });
  }

  private async raiseReviewOnRepeatedBreach(contract: ContractRecord, kpi: KpiRecord): Promise<void> {
    const threshold = this.deps.settings.repeatedBreachCount;
    const recent = await this.deps.store.scores.recent(contract.reference, kpi.key, threshold * 2);
    let consecutive = 0;
    for (const score of recent) {
      if (score.rag !== 'red') break;
      consecutive += 1;
    }
    const review = shouldRaiseContractReview(consecutive, threshold);
    if (review === 'none') return;
    const label = review === 'termination-review' ? 'termination review' : 'renegotiation review';
    await this.open({
      contract,
      trigger: 'repeated-breach',
      sourceKey: `repeated-breach:${kpi.key}:${review}`,
      summary: `${kpi.name} has breached ${consecutive} periods in a row: a ${label} of ${contract.reference} is needed.`,
      facts: [
        { label: 'KPI', value: kpi.name },
        { label: 'Consecutive breaches', value: String(consecutive) },
        { label: 'Review', value: label },
      ],
      kpi,
      startAtTop: true,
    });
  }

  async listOpen(actor: Actor, reference?: string): Promise<EscalationSummary[]> {
    const { store } = this.deps;
    if (reference) {
      const contract = await store.contracts.require(reference);
      await authorize(this.deps, actor, contract, 'view-internal');
      const escalations = await store.escalations.listActive({ contractRef: reference });
      return this.withKpiNames(escalations.map((escalation) => summaryOf(contract, escalation)));
    }
    if (actor.external) throw new StewardError('forbidden', 'Escalations are handled by the contract team.');
    const contracts = await store.contracts.forPerson(actor.person);
    const byRef = new Map(contracts.map((contract) => [contract.reference, contract]));
    if (byRef.size === 0) return [];
    const escalations = await store.escalations.listActive({ contractRefs: [...byRef.keys()] });
    return this.withKpiNames(
      escalations
        .filter((escalation) => {
          const contract = byRef.get(escalation.contractRef);
          return contract && (isManager(contract, actor.person) || isOnEscalationPath(contract, actor.person));
        })
        .map((escalation) => summaryOf(byRef.get(escalation.contractRef)!, escalation)),
    );
  }

  /** Each escalation's KPI by name, as people know it ("Network availability", not `availability`). */
  private async withKpiNames(summaries: EscalationSummary[]): Promise<EscalationSummary[]> {
    const refs = [...new Set(summaries.filter((summary) => summary.kpiKey).map((summary) => summary.contractRef))];
    if (refs.length === 0) return summaries;
    const kpis = await this.deps.store.kpis.listForContracts(refs);
    const names = new Map(kpis.map((kpi) => [`${kpi.contractRef}\u0000${kpi.key}`, kpi.name]));
    return summaries.map((summary) => {
      const kpiName = summary.kpiKey ? names.get(`${summary.contractRef}\u0000${summary.kpiKey}`) : undefined;
      return kpiName ? { ...summary, kpiName } : summary;
    });
  }

  async acknowledge(actor: Actor, escalationId: string, options: RedrawOptions = {}): Promise<EscalationView> {
    const { store, clock } = this.deps;
    const escalation = await store.escalations.require(escalationId);
    const contract = await store.contracts.require(escalation.contractRef);
    await authorize(this.deps, actor, contract, 'acknowledge-escalation');
    if (escalation.status !== 'open') {
      throw new StewardError('conflict', `This escalation is already ${escalation.status}.`);
    }
    const updated = await store.escalations.acknowledge(escalationId, actor.person, clock());
    await this.audit(
      actor,
      contract,
      'escalation.acknowledged',
      updated,
      { status: escalation.status },
      { status: updated.status },
    );
    return this.refresh(contract, updated, `${nameOf(actor.person)} acknowledged the escalation.`, [], options);
  }

  async addCorrectiveAction(
    actor: Actor,
    escalationId: string,
    input: unknown,
    options: RedrawOptions = {},
  ): Promise<EscalationView> {
    const { store } = this.deps;
    const escalation = await store.escalations.require(escalationId);
    const contract = await store.contracts.require(escalation.contractRef);
    await authorize(this.deps, actor, contract, 'add-corrective-action');
    const typed = parseInput(correctiveActionInput, input);
    // The owner by display name in the thread note and everywhere the action is shown later.
    const parsed = { ...typed, owner: await withName(this.deps.surfaces, typed.owner, this.deps.logger) };
    const today = localDate(this.deps.clock(), contract.timezone);
    if (parsed.dueDate < today) {
      throw new StewardError(
        'validation',
        `The due date ${parsed.dueDate} has passed; choose today (${today}) or later.`,
        {
          fieldErrors: { dueDate: `Choose today (${today}) or a later date.` },
        },
      );
    }
    const action = await store.correctiveActions.create({
      contractRef: contract.reference,
      action: parsed.action,
      owner: parsed.owner,
      dueDate: parsed.dueDate,
      kpiKey: escalation.kpiKey,
      escalationId,
      createdBy: actor.person,
    });
    await store.audit.append({
      contractRef: contract.reference,
      actor: actor.person,
      surface: actor.surface,
      action: 'corrective-action.created',
      entityType: 'corrective-action',
      entityId: action.id,
      after: { action: action.action, owner: action.owner, dueDate: action.dueDate, escalationId },
    });
    const noted = await store.escalations.addNote(
      escalationId,
      actor.person,
      this.deps.clock(),
      `Corrective action: ${parsed.action} (owner ${nameOf(parsed.owner)}, due ${parsed.dueDate})`,
    );
    return this.refresh(
      contract,
      noted,
      `${nameOf(actor.person)} added a corrective action: ${parsed.action}. Owner: ${nameOf(parsed.owner)}, due ${parsed.dueDate}.`,
      [parsed.owner],
      options,
    );
  }

  async resolve(
    actor: Actor,
    escalationId: string,
    input: unknown,
    options: RedrawOptions = {},
  ): Promise<EscalationView> {
    const { store, clock } = this.deps;
    const escalation = await store.escalations.require(escalationId);
    const contract = await store.contracts.require(escalation.contractRef);
    await authorize(this.deps, actor, contract, 'resolve-escalation');
    if (escalation.status === 'resolved') throw new StewardError('conflict', 'This escalation is already resolved.');
    const { resolution: note } = parseInput(resolutionInput, input);
    const updated = await store.escalations.resolve(escalationId, actor.person, clock(), note);
    await this.audit(
      actor,
      contract,
      'escalation.resolved',
      updated,
      { status: escalation.status },
      { status: 'resolved', note },
    );
    return this.refresh(contract, updated, `${nameOf(actor.person)} resolved the escalation: ${note}`, [], options);
  }

  /** Climbs every open escalation whose level let its time to acknowledge run out. */
  async climbDue(now: Date): Promise<number> {
    const { store, instanceId, settings, logger } = this.deps;
    let climbed = 0;
    for (;;) {
      const batch = await store.escalations.claimDueForClimb(now, instanceId, settings.claimLeaseMs, CLIMB_BATCH);
      if (batch.length === 0) break;
      for (const escalation of batch) {
        try {
          if (await this.climbOne(escalation, now)) climbed += 1;
        } catch (error) {
          logger.error({ err: error, escalationId: escalation.id }, 'could not climb an escalation');
        } finally {
          await store.escalations.releaseClaim(escalation.id, instanceId).catch(() => undefined);
        }
      }
      if (batch.length < CLIMB_BATCH) break;
    }
    return climbed;
  }

  private async climbOne(escalation: EscalationRecord, now: Date): Promise<boolean> {
    const { store } = this.deps;
    const contract = await store.contracts.require(escalation.contractRef);
    const step = nextEscalationStep(
      contract.escalationPath,
      {
        level: escalation.level,
        notifiedAt: escalation.levelNotifiedAt ?? escalation.createdAt,
        acknowledged: escalation.status !== 'open',
      },
      now,
    );
    if (step.kind === 'climb') {
      const moved = await store.escalations.climb(escalation.id, {
        fromLevel: escalation.level,
        toLevel: step.toLevel,
        notifiedAt: now,
        ackDueAt: step.dueAt,
      });
      if (!moved) return false;
      await store.audit.append({
        contractRef: contract.reference,
        actor: { name: 'Steward' },
        surface: 'system',
        action: 'escalation.climbed',
        entityType: 'escalation',
        entityId: escalation.id,
        before: { level: escalation.level },
        after: { level: step.toLevel },
      });
      await this.refresh(
        contract,
        moved,
        `Not acknowledged in time: escalated to level ${step.toLevel}.`,
        levelPeople(contract, step.toLevel),
      );
      return true;
    }
    if (step.kind === 'exhausted') {
      // Nobody is above the top level: remind it again after another full acknowledgement window.
      const top = contract.escalationPath.find((entry) => entry.level === escalation.level);
      const reminded = await store.escalations.markNotified(escalation.id, now, top ? levelDueAt(top, now) : undefined);
      await this.refresh(
        contract,
        reminded,
        'Still not acknowledged: this is the top of the escalation path.',
        levelPeople(contract, escalation.level),
      );
      return false;
    }
    return false;
  }

  /** Posts a line into the escalation's threads and redraws its root message. */
  private async refresh(
    contract: Contract,
    escalation: EscalationRecord,
    line: string,
    mention: Person[] = [],
    options: RedrawOptions = {},
  ): Promise<EscalationView> {
    const view = await this.viewOf(contract, escalation);
    const about = escalationAbout(view);
    for (const thread of escalation.threads) {
      const surface = this.deps.surfaces.get(thread.surface);
      if (!surface || (!thread.threadTs && !thread.activityId)) continue;
      const message = postedMessageOf(thread);
      try {
        await surface.postNotice(
          { ...destinationOf(thread), threadId: message.messageId },
          { text: line, mention, about },
        );
      } catch (error) {
        this.deps.logger.warn({ err: error, escalationId: escalation.id }, 'could not post into an escalation thread');
        if (passing(error)) {
          const retryAt = new Date(this.deps.clock().getTime() + postRetryDelay(1, error));
          await this.deps.store.escalations
            .updatePendingPosts(escalation.id, (pending) => [
              ...pending,
              {
                kind: 'notice',
                surface: thread.surface,
                channelId: thread.channelId,
                serviceUrl: thread.serviceUrl,
                threadId: message.messageId,
                text: line,
                mention,
                about,
                attempts: 1,
                retryAt,
              },
            ])
            .catch((failure: unknown) =>
              this.deps.logger.error({ err: failure, escalationId: escalation.id }, 'could not keep a post to retry'),
            );
        }
      }
      try {
        await surface.updateEscalation(message, view);
        options.onRedrawn?.(message);
      } catch (error) {
        // Not retried: the next change of the escalation redraws the whole message anyway.
        this.deps.logger.warn({ err: error, escalationId: escalation.id }, 'could not update an escalation message');
      }
    }
    return view;
  }

  async viewOf(
    contract: Contract,
    escalation: EscalationRecord,
    facts?: Array<{ label: string; value: string }>,
  ): Promise<EscalationView> {
    const { store } = this.deps;
    let trend: EscalationView['trend'] = [];
    let shownFacts = facts ?? [];
    if (escalation.kpiKey) {
      const kpi = await store.kpis.get(contract.reference, escalation.kpiKey);
      if (kpi) {
        trend = trendOf(kpi, await store.scores.recent(contract.reference, kpi.key, 6));
        if (!facts && escalation.checkinId) {
          const [checkin, score] = await Promise.all([
            store.checkins.get(escalation.checkinId),
            store.scores.forCheckin(escalation.checkinId),
          ]);
          const definition = checkin
            ? ((await store.kpis.definitionAt(contract.reference, kpi.key, checkin.kpiVersion)) ?? kpi)
            : kpi;
          shownFacts = checkin && score ? scoreFacts(definition, score, checkin) : [{ label: 'KPI', value: kpi.name }];
        }
      }
    }
    return escalationView(contract, escalation, shownFacts, trend);
  }

  /** Internal channels of the contract, or else direct messages to the level's people. */
  private async postToInternalPlaces(
    contract: Contract,
    level: number,
    post: (
      surface: NonNullable<ReturnType<ServiceDeps['surfaces']['get']>>,
      destination: ChatDestination,
    ) => Promise<PostedMessage>,
  ): Promise<{ posted: PostedMessage[]; retry: Array<{ destination: ChatDestination; failure: unknown }> }> {
    const { surfaces, logger } = this.deps;
    const destinations: ChatDestination[] = contract.channels
      .filter((channel) => channel.purpose === 'internal')
      .map((channel) => ({
        surface: channel.surface,
        channelId: channel.channelId,
        serviceUrl: channel.serviceUrl,
        purpose: 'internal',
      }));
    if (destinations.length === 0) {
      destinations.push(
        ...(await directDestinations(this.deps, levelPeople(contract, level), new DeliveryReport(contract))),
      );
    }
    const posted: PostedMessage[] = [];
    const retry: Array<{ destination: ChatDestination; failure: unknown }> = [];
    for (const destination of destinations) {
      const surface = surfaces.get(destination.surface);
      if (!surface) continue;
      try {
        posted.push(await post(surface, destination));
      } catch (error) {
        if (passing(error)) retry.push({ destination, failure: error });
        logger.error(
          { err: error, contractRef: contract.reference, channel: destination.channelId, retried: passing(error) },
          'could not post an escalation',
        );
      }
    }
    if (posted.length === 0 && retry.length === 0)
      logger.warn({ contractRef: contract.reference }, 'escalation opened but no chat place could be reached');
    return { posted, retry };
  }

  private async audit(
    actor: Actor,
    contract: Contract,
    action: 'escalation.acknowledged' | 'escalation.resolved',
    escalation: EscalationRecord,
    before: object,
    after: object,
  ) {
    await this.deps.store.audit.append({
      contractRef: contract.reference,
      actor: actor.person,
      surface: actor.surface,
      action,
      entityType: 'escalation',
      entityId: escalation.id,
      before,
      after,
    });
  }
}

export function scoreFacts(
  definition: KpiDefinition,
  score: Pick<ScoreRecord, 'value' | 'answeredBy'>,
  checkin: Pick<CheckinRecord, 'periodKey'>,
) {
  const format = (value: number) => formatValue(value, definition.kind, definition.unit);
  return [
    { label: 'Value', value: format(score.value) },
    { label: 'Target', value: format(definition.target) },
    { label: 'Breach threshold', value: format(definition.breachThreshold) },
    { label: 'Warning threshold', value: format(definition.warningThreshold) },
    { label: 'Period', value: periodLabel(checkin.periodKey) },
  ];
}

function summaryOf(contract: Contract, escalation: EscalationRecord): EscalationSummary {
  return {
    id: escalation.id,
    contractRef: contract.reference,
    contractTitle: contract.title,
    kpiKey: escalation.kpiKey,
    trigger: escalation.trigger,
    level: escalation.level,
    status: escalation.status,
    openedAt: escalation.createdAt,
    ackDueAt: escalation.ackDueAt,
    thread: escalation.threads[0] ? postedMessageOf(escalation.threads[0]) : undefined,
  };
}

export function threadRefOf(message: PostedMessage): ThreadRef {
  return message.surface === 'slack'
    ? { surface: 'slack', channelId: message.channelId, threadTs: message.messageId }
    : { surface: 'teams', channelId: message.channelId, activityId: message.messageId, serviceUrl: message.serviceUrl };
}

export function postedMessageOf(thread: ThreadRef): PostedMessage {
  return {
    surface: thread.surface,
    channelId: thread.channelId,
    messageId: (thread.threadTs ?? thread.activityId)!,
    serviceUrl: thread.serviceUrl,
  };
}

function destinationOf(thread: ThreadRef): ChatDestination {
  return { surface: thread.surface, channelId: thread.channelId, serviceUrl: thread.serviceUrl, purpose: 'internal' };
}

/** A person's name for plain text; surfaces render real mentions from the `mention` list. */
export function nameOf(person: Person): string {
  return person.name ?? person.email ?? 'someone';
}

/** What an escalation's thread lines are about, for a place that shows them outside the thread. */
function escalationAbout(view: EscalationView): string {
  return `${view.contractRef} · ${triggerLabel(view.trigger)} (level ${view.level} of ${view.levelCount}): ${view.headline}`;
}
