import type { ChatDestination, CheckinItemView, PostedMessage } from '../chat/chat-surface';
import { samePerson } from '../domain/access-policy';
import { StewardError } from '../domain/errors';
import { evaluate, validateScoreValue } from '../domain/evaluation';
import { formatValue, periodLabel } from '../domain/format';
import { HOUR_MS } from '../domain/local-time';
import { checkinDueAt, graceEndsAt, nextWorkingSlot, periodContaining, previousPeriod } from '../domain/periods';
import type { Contract, KpiDefinition, Period, Person } from '../domain/types';
import type { CheckinRecord, ContractRecord, KpiRecord, PromptRef, ScoreRecord } from '../store/records';
import { authorize } from './authorization';
import type { ServiceDeps } from './deps';
import type { EscalationsService } from './escalations-service';
import { notApplicableInput, parseInput, scoreCorrectionInputFor, scoreInputFor } from './inputs';
import type { Actor, CheckinsApi, ScoreFormView, ScoreResult } from './service-api';
import { checkinItemView } from './views';

/** Contracts in these states are performing and get check-ins. */
export const MONITORED_STATUSES = ['active', 'at-risk', 'in-remediation', 'closing'] as const;

const DISPATCH_BATCH = 200;

export class CheckinsService implements CheckinsApi {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly escalations: EscalationsService,
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

  /** When the prompt for a period goes out: the prompt hour after it ends, moved off weekends and holidays. */
  dueAtFor(contract: Contract, kpi: KpiDefinition, period: Period): Date {
    const { promptHour } = this.deps.settings;
    const holidays = kpi.respondent === 'vendor' ? contract.holidays.vendor : contract.holidays.buyer;
    const due = checkinDueAt(period, contract.timezone, promptHour);
    return nextWorkingSlot(due, contract.timezone, promptHour, holidays);
  }

  /** Creates the check-ins of the last complete period for every monitored contract; safe on every replica. */
  async createDueCheckins(now: Date): Promise<number> {
    const { store } = this.deps;
    const contracts = await store.contracts.list({ status: [...MONITORED_STATUSES] });
    if (contracts.length === 0) return 0;
    const kpis = await store.kpis.listForContracts(contracts.map((contract) => contract.reference));
    const byContract = new Map(contracts.map((contract) => [contract.reference, contract]));
    let created = 0;
    for (const kpi of kpis) {
      const contract = byContract.get(kpi.contractRef);
      if (!contract) continue;
      const result = await this.ensureCheckinFor(contract, kpi, now);
      if (result?.created) created += 1;
    }
    return created;
  }

  private async ensureCheckinFor(contract: ContractRecord, kpi: KpiRecord, now: Date, dueNow = false) {
    const period = this.lastCompletePeriod(kpi, now, contract.timezone);
    if (!period) return null;
    // Nothing to ask about a period wholly before the contract started or after it ended.
    const starts = new Date(`${contract.startDate}T00:00:00Z`).getTime() - 14 * HOUR_MS;
    const ends = new Date(`${contract.endDate}T23:59:59Z`).getTime() + 14 * HOUR_MS;
    if (period.end.getTime() <= starts || period.start.getTime() > ends) return null;
    const dueAt = dueNow ? now : this.dueAtFor(contract, kpi, period);
    const result = await this.deps.store.checkins.ensure({
      contractRef: contract.reference,
      kpiKey: kpi.key,
      kpiVersion: kpi.version,
      periodKey: period.key,
      periodStart: period.start,
      periodEnd: period.end,
      dueAt,
      graceEndsAt: graceEndsAt(dueAt, this.deps.settings.graceHours),
      respondent: { role: kpi.respondent, people: respondentsOf(contract, kpi) },
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
   * Claims keep two replicas from acting on one check-in; a replica that dies leaves its claims
   * to expire and another one finishes them.
   */
  async dispatchDue(now: Date): Promise<{ prompted: number; reminded: number; missed: number }> {
    const { store, instanceId, settings } = this.deps;
    const totals = { prompted: 0, reminded: 0, missed: 0 };
    for (;;) {
      const batch = await store.checkins.claimDue(now, instanceId, settings.claimLeaseMs, DISPATCH_BATCH);
      if (batch.length === 0) break;
      const toPrompt = batch.filter((checkin) => checkin.status === 'pending');
      const prompted = await this.promptCheckins(toPrompt, now);
      totals.prompted += prompted;
      for (const checkin of batch.filter((c) => c.status === 'prompted')) {
        const outcome = await this.followUp(checkin, now).catch((error: unknown) => {
          this.deps.logger.error({ err: error, checkinId: checkin.id }, 'check-in follow-up failed');
          return 'failed' as const;
        });
        if (outcome === 'reminded') totals.reminded += 1;
        if (outcome === 'missed') totals.missed += 1;
      }
      if (batch.length < DISPATCH_BATCH) break;
    }
    return totals;
  }

  /** Posts prompts, one message per destination listing every check-in due there when grouping is on. */
  private async promptCheckins(checkins: CheckinRecord[], now: Date): Promise<number> {
    const { store, logger, instanceId, settings } = this.deps;
    if (checkins.length === 0) return 0;
    const contracts = await this.contractsByRef(checkins.map((checkin) => checkin.contractRef));
    const kpis = await this.kpisByKey(checkins.map((checkin) => checkin.contractRef));

    const groups = new Map<
      string,
      {
        destination: ChatDestination;
        addressees: Person[];
        items: Array<{ checkin: CheckinRecord; item: CheckinItemView }>;
      }
    >();
    const undeliverable: CheckinRecord[] = [];
    for (const checkin of checkins) {
      const contract = contracts.get(checkin.contractRef);
      const kpi = kpis.get(`${checkin.contractRef}\u0000${checkin.kpiKey}`);
      if (!contract || !kpi) {
        await store.checkins.releaseClaim(checkin.id, instanceId, { nextActionAt: null });
        continue;
      }
      const destinations = await this.destinationsFor(contract, checkin);
      if (destinations.length === 0) {
        undeliverable.push(checkin);
        continue;
      }
      const item = checkinItemView(contract, kpi, checkin, null, now);
      for (const destination of destinations) {
        const groupKey = settings.groupPrompts
          ? `${destination.surface}:${destination.channelId}:${checkin.respondent.role}`
          : `${destination.surface}:${destination.channelId}:${checkin.id}`;
        const group = groups.get(groupKey) ?? { destination, addressees: [], items: [] };
        group.items.push({ checkin, item });
        for (const person of checkin.respondent.people) {
          if (!group.addressees.some((known) => samePerson(known, person))) group.addressees.push(person);
        }
        groups.set(groupKey, group);
      }
    }

    const promptedIds = new Set<string>();
    const failedIds = new Set<string>();
    for (const group of groups.values()) {
      const surface = this.deps.surfaces.get(group.destination.surface);
      if (!surface) {
        for (const { checkin } of group.items) failedIds.add(checkin.id);
        continue;
      }
      const promptKey = group.items.map(({ checkin }) => checkin.id).join(',');
      try {
        const message = await surface.postCheckinPrompt(
          group.destination,
          { items: group.items.map(({ item }) => item), addressees: group.addressees },
          { promptKey },
        );
        for (const { checkin } of group.items) {
          const remindAt = new Date(now.getTime() + settings.reminderAfterHours * HOUR_MS);
          const grace = checkin.graceEndsAt ?? graceEndsAt(checkin.dueAt, settings.graceHours);
          await store.checkins.markPrompted(checkin.id, promptRefOf(message, now), {
            remindAt,
            graceEndsAt: grace,
            nextActionAt: remindAt < grace ? remindAt : grace,
          });
          promptedIds.add(checkin.id);
        }
      } catch (error) {
        logger.error(
          { err: error, channel: group.destination.channelId },
          'could not post a check-in prompt; it is retried',
        );
        for (const { checkin } of group.items) failedIds.add(checkin.id);
      }
    }

    for (const checkin of checkins) {
      if (promptedIds.has(checkin.id)) {
        await store.checkins.releaseClaim(checkin.id, instanceId);
        await store.audit.append({
          contractRef: checkin.contractRef,
          actor: { name: 'Steward' },
          surface: 'system',
          action: 'checkin.prompted',
          entityType: 'checkin',
          entityId: checkin.id,
          after: { periodKey: checkin.periodKey },
        });
      } else if (failedIds.has(checkin.id) || undeliverable.includes(checkin)) {
        if (undeliverable.includes(checkin)) {
          logger.warn(
            { contractRef: checkin.contractRef, kpiKey: checkin.kpiKey },
            'no channel or person to prompt: link a channel with /steward link',
          );
        }
        // Try again later rather than losing the prompt.
        await store.checkins.releaseClaim(checkin.id, instanceId, {
          nextActionAt: new Date(now.getTime() + 5 * 60_000),
        });
      }
    }
    return promptedIds.size;
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

  private async destinationsFor(contract: Contract, checkin: CheckinRecord): Promise<ChatDestination[]> {
    const purpose = checkin.respondent.role === 'vendor' ? 'vendor' : 'internal';
    const linked: ChatDestination[] = contract.channels
      .filter((channel) => channel.purpose === purpose && this.deps.surfaces.get(channel.surface))
      .map((channel) => ({
        surface: channel.surface,
        channelId: channel.channelId,
        serviceUrl: channel.serviceUrl,
        purpose,
      }));
    if (linked.length > 0) return linked;
    const direct: ChatDestination[] = [];
    for (const person of checkin.respondent.people) {
      for (const name of this.deps.surfaces.enabled()) {
        const destination = await this.deps.surfaces
          .get(name)
          ?.directDestination(person)
          .catch(() => null);
        if (destination) direct.push(destination);
      }
    }
    return direct;
  }

  // ---------------------------------------------------------------------------------------------
  // Requests from people

  async sendNow(actor: Actor, reference: string, kpiKey?: string): Promise<{ prompted: number }> {
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
    for (const kpi of chosen) {
      const result = await this.ensureCheckinFor(contract, kpi, now, true);
      if (result && result.checkin.status === 'pending') pending.push(result.checkin);
    }
    if (pending.length === 0) return { prompted: 0 };
    const claimed = await store.checkins.claimDue(
      new Date(Math.max(now.getTime(), ...pending.map((c) => c.dueAt.getTime()))),
      this.deps.instanceId,
      this.deps.settings.claimLeaseMs,
      DISPATCH_BATCH,
    );
    const mine = claimed.filter((checkin) => pending.some((p) => p.id === checkin.id) && checkin.status === 'pending');
    for (const other of claimed.filter((checkin) => !mine.includes(checkin))) {
      await store.checkins.releaseClaim(other.id, this.deps.instanceId);
    }
    return { prompted: await this.promptCheckins(mine, now) };
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

  async submitScore(actor: Actor, checkinId: string, input: unknown): Promise<ScoreResult> {
    const { store, clock } = this.deps;
    const { checkin, contract, kpi, definition } = await this.loadCheckin(checkinId);
    await authorize(this.deps, actor, contract, 'answer-checkin', { respondent: checkin.respondent.role });
    const parsed = parseInput(scoreInputFor(definition), input);
    const rag = evaluate(parsed.value, definition);
    const score = await store.scores.submit(checkin.id, {
      value: parsed.value,
      rag,
      kpiVersion: checkin.kpiVersion,
      comment: parsed.comment,
      evidenceUrl: parsed.evidenceUrl,
      answeredBy: actor.person,
      surface: actor.surface,
      answeredAt: clock(),
    });
    await store.audit.append({
      contractRef: contract.reference,
      actor: actor.person,
      surface: actor.surface,
      action: 'checkin.answered',
      entityType: 'score',
      entityId: score.id,
      before: { status: checkin.status },
      after: {
        value: score.value,
        rag,
        periodKey: checkin.periodKey,
        kpiKey: kpi.key,
        comment: parsed.comment ?? null,
      },
    });
    const answered = (await store.checkins.get(checkin.id)) ?? checkin;
    const item = await this.redrawPrompts(answered, contract, { ...kpi, ...definition }, score);

    let escalationOpened = false;
    if (rag === 'red') {
      await this.markContractAtRisk(contract, actor);
      const escalation = await this.escalations.onRedScore(contract, kpi, definition, answered, score);
      escalationOpened = Boolean(escalation);
    }
    return {
      scoreId: score.id,
      rag,
      displayValue: formatValue(score.value, definition.kind, definition.unit),
      item,
      escalationOpened,
    };
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

  async correctScore(actor: Actor, scoreId: string, input: unknown): Promise<ScoreResult> {
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
    const item = await this.redrawPrompts(checkin, contract, { ...kpi, ...definition }, corrected);
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

  async markNotApplicable(actor: Actor, checkinId: string, input: unknown): Promise<CheckinItemView> {
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
    return this.redrawPrompts(updated, contract, { ...kpi, ...definition }, null);
  }

  async snooze(actor: Actor, checkinId: string): Promise<CheckinItemView> {
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
    // The next working slot strictly after now: snoozing at 09:00 must not land on 09:00 today.
    const until = nextWorkingSlot(
      new Date(clock().getTime() + HOUR_MS),
      contract.timezone,
      settings.promptHour,
      holidays,
    );
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
    return this.redrawPrompts(updated, contract, { ...kpi, ...definition }, null);
  }

  // ---------------------------------------------------------------------------------------------

  /** Redraws every message that shows this check-in, with every other check-in grouped into it. */
  private async redrawPrompts(
    checkin: CheckinRecord,
    contract: Contract,
    kpi: KpiRecord,
    score: ScoreRecord | null,
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

  private async contractsByRef(refs: string[]): Promise<Map<string, ContractRecord>> {
    const unique = [...new Set(refs)];
    const contracts = await Promise.all(unique.map((ref) => this.deps.store.contracts.get(ref)));
    return new Map(contracts.filter((c): c is ContractRecord => c !== null).map((c) => [c.reference, c]));
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
