import type { SurfaceName } from '../chat/chat-surface';
import { sharedInFlight } from '../concurrency';
import { assertTransition } from '../domain/contract-lifecycle';
import { StewardError } from '../domain/errors';
import { validateEscalationPath } from '../domain/escalation-policy';
import { validateThresholds } from '../domain/evaluation';
import { formatValue } from '../domain/format';
import { buildScorecard, SCORECARD_MONTHS, type Scorecard, type Trend } from '../domain/scorecard';
import type { ChannelPurpose, Contract, ContractStatus, Kpi, LinkedChannel } from '../domain/types';
import type { ContractRecord, KpiRecord, ScoreSummary } from '../store/records';
import type { ScorecardInputs } from '../store/scorecard-inputs';
import type { StandingQuery, StandingRow } from '../store/standings';
import { authorize, needsVendorView, requireInternal } from './authorization';
import type { ServiceDeps } from './deps';
import { type ForecastKpi, forecastLine } from './forecasts-service';
import { contractCreateInput, escalationPathInput, governanceInput, kpiInput, parseInput } from './inputs';
import { withNames } from './people';
import type {
  Actor,
  ContractFilter,
  ContractPage,
  ContractSummary,
  ContractsApi,
  ScorecardLine,
  ScorecardView,
} from './service-api';

/** Contracts on one page of a list: what a Slack message (50 blocks) and a Teams card hold with room to spare. */
export const LIST_PAGE_SIZE = 20;
/** The most contracts one read returns: a Slack select's 100 options. */
export const MAX_PAGE_LIMIT = 100;

/** What other services do when a contract changes; called after the change is saved and audited. */
export interface ContractHooks {
  /** The contract became active: created active, or moved from draft to active. */
  onActivated?(contract: ContractRecord): Promise<void>;
  /** A channel was linked to the contract, or its purpose changed. */
  onChannelLinked?(contract: ContractRecord, channel: LinkedChannel): Promise<void>;
}

export class ContractsService implements ContractsApi {
  private readonly sharedPage = sharedInFlight<{ rows: StandingRow[]; total: number; offset: number }>();

  constructor(
    private readonly deps: ServiceDeps,
    private readonly hooks: ContractHooks = {},
  ) {}

  async create(actor: Actor, input: unknown): Promise<Contract> {
    requireInternal(actor, 'creating contracts');
    const parsed = parseInput(contractCreateInput, input);
    const vendorContacts = await withNames(this.deps.surfaces, parsed.vendorContacts ?? [], this.deps.logger);
    const contract: Contract = {
      reference: parsed.reference,
      title: parsed.title,
      category: parsed.category,
      vendor: { name: parsed.vendorName, contacts: vendorContacts },
      value: { amount: parsed.value, currency: parsed.currency },
      startDate: parsed.startDate,
      endDate: parsed.endDate,
      status: parsed.status ?? 'active',
      timezone: parsed.timezone ?? this.deps.settings.defaultTimezone,
      ...(parsed.reviewCadence ? { reviewCadence: parsed.reviewCadence } : {}),
      governance: { owner: parsed.owners?.length ? parsed.owners : [actor.person] },
      escalationPath: [{ level: 1, role: 'owner', people: [], ackWithinHours: 24 }],
      channels: [],
      holidays: { buyer: [], vendor: [] },
    };
    const { contract: created } = await this.deps.store.contracts.create(contract, [], { by: actor.person });
    await this.audit(
      actor,
      created.reference,
      'contract.created',
      'contract',
      created.reference,
      undefined,
      snapshot(created),
    );
    if (created.status === 'active') await this.runHook('onActivated', () => this.hooks.onActivated?.(created));
    return created;
  }

  async list(
    actor: Actor,
    filter: ContractFilter,
    page: { offset?: number; limit?: number } = {},
  ): Promise<ContractPage> {
    const wanted = Math.max(0, Math.floor(Number(page.offset) || 0));
    // A picker asks for more than a list page (Slack shows up to 100 options), never for more than that.
    const size = Math.min(MAX_PAGE_LIMIT, Math.max(1, Math.floor(Number(page.limit) || LIST_PAGE_SIZE)));
    const query = this.standingQuery(actor, filter);
    // Two queries on the contracts' standings (store/standings.ts), whatever the portfolio's size: the page in
    // attention order and the database's count for the same filter, never the length of what was fetched. The
    // same page asked for by many people at once is read once.
    const { rows, total, offset } = await this.sharedPage(JSON.stringify({ query, wanted, size }), async () => {
      const first = await this.deps.store.standings.page(query, { skip: wanted, limit: size });
      const start = lastPageStart(wanted, first.total, size);
      if (start === wanted || first.total === 0) return { ...first, offset: first.total === 0 ? 0 : start };
      // Asked past the end (the list shrank since the button was drawn): the last page instead.
      const last = await this.deps.store.standings.page(query, { skip: start, limit: size });
      return { ...last, offset: lastPageStart(start, last.total, size) };
    });
    const contracts = rows.map((row) => summaryOfRow(row, actor.external ? 'vendor' : 'internal'));
    return { contracts, total, offset, pageSize: size };
  }

  /**
   * The contracts `actor` owns on any surface, worst first (a list page), and how many of them are red, amber or
   * ending within `endingWithinDays`: what Home shows a manager with hundreds of contracts first.
   */
  async ownedOverview(actor: Actor, endingWithinDays: number) {
    const keys = personKeys(actor.person);
    if (actor.external || keys.length === 0) {
      return { contracts: [], total: 0, red: 0, amber: 0, endingSoon: 0, endingWithinDays };
    }
    const base: StandingQuery = { view: 'internal', ownerKeys: keys };
    const ending = this.standingQuery(actor, { endingWithinDays }).ending;
    const { standings } = this.deps.store;
    // One read of the packed index, shared by the four (store/standings.ts), then the page's rows.
    const [first, red, amber, endingSoon] = await Promise.all([
      standings.page(base, { skip: 0, limit: LIST_PAGE_SIZE }),
      standings.count({ ...base, rag: 'red' }),
      standings.count({ ...base, rag: 'amber' }),
      standings.count({ ...base, ...(ending ? { ending } : {}) }),
    ]);
    return {
      contracts: first.rows.map((row) => summaryOfRow(row, 'internal')),
      total: first.total,
      red,
      amber,
      endingSoon,
      endingWithinDays,
    };
  }

  /** How many contracts match, as `list` counts them for this person. */
  async countMatching(actor: Actor, filter: ContractFilter): Promise<number> {
    return this.deps.store.standings.count(this.standingQuery(actor, filter));
  }

  /** A list's filter as the standings are queried for this person: a vendor only ever sees their own. */
  private standingQuery(actor: Actor, filter: ContractFilter): StandingQuery {
    const query: StandingQuery = { view: actor.external ? 'vendor' : 'internal' };
    if (actor.external) {
      query.contactKeys = personKeys(actor.person);
    } else if (filter.owner !== undefined) {
      query.ownerKeys = [`${actor.surface}:${filter.owner}`];
    }
    if (filter.status !== undefined) query.statuses = [filter.status];
    if (filter.vendor !== undefined) query.vendorName = filter.vendor;
    if (filter.rag !== undefined) query.rag = filter.rag;
    if (filter.endingWithinDays !== undefined) {
      const today = new Date(this.deps.clock());
      const to = new Date(today.getTime() + Math.max(0, Math.floor(filter.endingWithinDays)) * 86_400_000);
      query.ending = { from: today.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
    }
    if (filter.words && filter.words.length > 0) query.words = filter.words;
    return query;
  }

  async summaryOf(contract: ContractRecord, vendorView: boolean): Promise<ContractSummary> {
    return this.summaryFrom(contract, await this.buildCard(contract, vendorView));
  }

  private summaryFrom(contract: ContractRecord, card: Scorecard): ContractSummary {
    return {
      reference: contract.reference,
      title: contract.title,
      vendorName: contract.vendor.name,
      status: contract.status,
      owner: contract.governance.owner ?? [],
      endDate: contract.endDate,
      overallRag: card.overall.rag,
      overallScore: card.overall.score,
      trend: card.overall.trend,
    };
  }

  async scorecard(actor: Actor, reference: string): Promise<ScorecardView> {
    const contract = await this.deps.store.contracts.require(reference);
    const vendorView = needsVendorView(actor, contract);
    await authorize(this.deps, actor, contract, vendorView ? 'view-vendor' : 'view-internal');
    return this.scorecardView(contract, vendorView);
  }

  /** The scorecard as shown in chat; the caller has decided who may see which view. */
  async scorecardView(contract: ContractRecord, vendorView: boolean): Promise<ScorecardView> {
    const { card, kpis } = await this.buildCardWithKpis(contract, vendorView);
    const byKey = new Map(kpis.map((kpi) => [kpi.key, kpi]));
    const lines: ScorecardLine[] = card.kpis.map((line) => {
      const kpi = byKey.get(line.key)!;
      const format = (value: number) => formatValue(value, kpi.kind, kpi.unit);
      return {
        kpiKey: line.key,
        kpiName: line.name,
        unit: kpi.unit,
        target: kpi.target,
        latest: line.latest
          ? {
              periodKey: line.latest.periodKey,
              value: line.latest.value,
              displayValue: format(line.latest.value),
              rag: line.latest.rag,
            }
          : null,
        trend: line.trend,
        series: line.series
          .filter(
            (point): point is typeof point & { value: number; rag: NonNullable<typeof point.rag> } =>
              point.value !== null && point.rag !== null,
          )
          .map((point) => ({ periodKey: point.periodKey, displayValue: format(point.value), rag: point.rag })),
        vendorVisible: line.vendorVisible,
        ...withForecast(kpi, line.series),
      };
    });
    return {
      contractRef: contract.reference,
      contractTitle: contract.title,
      vendorName: contract.vendor.name,
      status: contract.status,
      overallScore: card.overall.score,
      overallRag: card.overall.rag,
      trend: card.overall.trend,
      lines,
      vendorView,
    };
  }

  private async buildCard(contract: ContractRecord, vendorView: boolean) {
    return (await this.buildCardWithKpis(contract, vendorView)).card;
  }

  private scorecardSince(): Date {
    const since = new Date(this.deps.clock());
    since.setUTCMonth(since.getUTCMonth() - SCORECARD_MONTHS);
    return since;
  }

  private async buildCardWithKpis(contract: ContractRecord, vendorView: boolean) {
    // One read of the contract's scorecard inputs (store/scorecard-inputs.ts) instead of three queries.
    const inputs = await this.deps.store.scorecardInputs.read(contract.reference, this.scorecardSince());
    return this.cardFrom(inputs, vendorView);
  }

  private cardFrom({ kpis, versions, scores }: ScorecardInputs, vendorView: boolean) {
    const card = buildScorecard(
      { kpis: versions.length > 0 ? versions : kpis, scores, periods: orderedPeriods(scores) },
      { forVendor: vendorView },
    );
    return { card, kpis };
  }

  async setGovernance(actor: Actor, reference: string, input: unknown): Promise<Contract> {
    const contract = await this.manageable(actor, reference);
    // A role left out keeps its people; a role given (even empty) is replaced.
    const given = parseInput(governanceInput, input);
    // Stored by display name, so every list, kickoff and export names them.
    const named = await Promise.all(
      Object.entries(given).map(async ([role, people]) => [
        role,
        people && (await withNames(this.deps.surfaces, people, this.deps.logger)),
      ]),
    );
    const governance = { ...contract.governance, ...Object.fromEntries(named) };
    if (!governance.owner || governance.owner.length === 0) {
      throw new StewardError('validation', 'A contract needs at least one owner.', {
        fieldErrors: { owner: 'Choose at least one owner.' },
      });
    }
    const updated = await this.deps.store.contracts.update(
      reference,
      { governance },
      { expectedRevision: contract.revision },
    );
    await this.audit(
      actor,
      reference,
      'contract.updated',
      'contract',
      reference,
      { governance: contract.governance },
      { governance: updated.governance },
    );
    return updated;
  }

  async setEscalationPath(actor: Actor, reference: string, input: unknown): Promise<Contract> {
    const contract = await this.manageable(actor, reference);
    const path = await Promise.all(
      parseInput(escalationPathInput, input).map(async (level) => ({
        ...level,
        people: await withNames(this.deps.surfaces, level.people, this.deps.logger),
      })),
    );
    const problems = validateEscalationPath(path);
    if (problems.length > 0)
      throw new StewardError('validation', problems.join(' '), { fieldErrors: { levels: problems.join(' ') } });
    const updated = await this.deps.store.contracts.update(
      reference,
      { escalationPath: path },
      { expectedRevision: contract.revision },
    );
    await this.audit(
      actor,
      reference,
      'contract.updated',
      'contract',
      reference,
      { escalationPath: contract.escalationPath },
      { escalationPath: path },
    );
    return updated;
  }

  async linkChannel(
    actor: Actor,
    reference: string,
    input: { surface: SurfaceName; channelId: string; purpose: ChannelPurpose; serviceUrl?: string },
  ): Promise<Contract> {
    const contract = await this.manageable(actor, reference);
    if (input.purpose === 'internal' && actor.channel?.shared) {
      throw new StewardError(
        'validation',
        'This channel is shared with another organisation, so it cannot be the internal channel: internal-only content would reach the vendor. Link it as the vendor channel instead.',
      );
    }
    const channel: LinkedChannel = {
      surface: input.surface,
      channelId: input.channelId,
      purpose: input.purpose,
      serviceUrl: input.serviceUrl,
    };
    // One channel has one purpose for a contract; linking again replaces the earlier purpose.
    const channels = [
      ...contract.channels.filter(
        (existing) => !(existing.surface === channel.surface && existing.channelId === channel.channelId),
      ),
      channel,
    ];
    const updated = await this.deps.store.contracts.update(
      reference,
      { channels },
      { expectedRevision: contract.revision },
    );
    await this.audit(
      actor,
      reference,
      'contract.updated',
      'contract',
      reference,
      { channels: contract.channels },
      { channels },
    );
    await this.runHook('onChannelLinked', () => this.hooks.onChannelLinked?.(updated, channel));
    return updated;
  }

  async changeStatus(actor: Actor, reference: string, to: ContractStatus, reason?: string): Promise<Contract> {
    const contract = await this.manageable(actor, reference);
    assertTransition(contract.status, to);
    const updated = await this.deps.store.contracts.setStatus(reference, contract.status, to);
    await this.audit(
      actor,
      reference,
      'contract.status-changed',
      'contract',
      reference,
      { status: contract.status },
      { status: to, reason: reason ?? null },
    );
    if (contract.status === 'draft' && to === 'active') {
      await this.runHook('onActivated', () => this.hooks.onActivated?.(updated));
    }
    return updated;
  }

  async upsertKpi(actor: Actor, reference: string, input: unknown): Promise<Kpi> {
    const { store } = this.deps;
    await this.manageable(actor, reference);
    const { key, ...definition } = parseInput(kpiInput, input);
    const problems = validateThresholds(definition);
    if (problems.length > 0) {
      throw new StewardError('validation', problems.map((p) => p.message).join(' '), {
        fieldErrors: Object.fromEntries(problems.map((p) => [p.field, p.message])),
      });
    }
    const existing = await store.kpis.get(reference, key);
    if (!existing) {
      const created = await store.kpis.create(reference, { key, definition }, { by: actor.person });
      await this.audit(actor, reference, 'kpi.created', 'kpi', key, undefined, { key, ...definition });
      return created;
    }
    const updated = await store.kpis.update(reference, key, definition, {
      expectedVersion: existing.version,
      by: actor.person,
    });
    await this.audit(actor, reference, 'kpi.updated', 'kpi', key, kpiSnapshot(existing), kpiSnapshot(updated));
    return updated;
  }

  async kpis(actor: Actor, reference: string): Promise<Kpi[]> {
    const contract = await this.deps.store.contracts.require(reference);
    const vendorView = needsVendorView(actor, contract);
    await authorize(this.deps, actor, contract, vendorView ? 'view-vendor' : 'view-internal');
    const kpis = await this.deps.store.kpis.listForContract(reference);
    return vendorView ? kpis.filter((kpi) => kpi.vendorVisible) : kpis;
  }

  /** A hook's failure is logged, never reported as a failure of the change that was already saved. */
  private async runHook(name: keyof ContractHooks, run: () => Promise<void> | undefined): Promise<void> {
    try {
      await run();
    } catch (error) {
      this.deps.logger.error({ err: error, hook: name }, 'a contract hook failed');
    }
  }

  async requireManager(actor: Actor, reference: string): Promise<void> {
    await this.manageable(actor, reference);
  }

  private async manageable(actor: Actor, reference: string): Promise<ContractRecord> {
    const contract = await this.deps.store.contracts.require(reference);
    await authorize(this.deps, actor, contract, 'manage');
    return contract;
  }

  private async audit(
    actor: Actor,
    contractRef: string,
    action: 'contract.created' | 'contract.updated' | 'contract.status-changed' | 'kpi.created' | 'kpi.updated',
    entityType: string,
    entityId: string,
    before: unknown,
    after: unknown,
  ) {
    await this.deps.store.audit.append({
      contractRef,
      actor: actor.person,
      surface: actor.surface,
      action,
      entityType,
      entityId,
      before,
      after,
    });
  }
}

/** Periods in time order, whatever their cadence. */
function orderedPeriods(scores: ScoreSummary[]): string[] {
  const starts = new Map<string, number>();
  for (const score of scores) starts.set(score.periodKey, score.periodStart.getTime());
  return [...starts.entries()].sort((a, b) => a[1] - b[1]).map(([key]) => key);
}

function snapshot(contract: ContractRecord) {
  const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = contract;
  return rest;
}

function kpiSnapshot(kpi: KpiRecord) {
  const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = kpi;
  return rest;
}

export type { Trend };

/** Where the page asked for starts, or the last page's start when it lies past the end. */
/** A list row as the services show it, in one audience's view. */
function summaryOfRow(row: StandingRow, view: 'internal' | 'vendor'): ContractSummary {
  return {
    reference: row.reference,
    title: row.title,
    vendorName: row.vendorName,
    status: row.status,
    owner: row.owner,
    endDate: row.endDate,
    overallRag: row[view].overallRag,
    overallScore: row[view].overallScore,
    trend: row[view].trend,
    worstRag: row[view].worst,
    red: row[view].red,
    amber: row[view].amber,
  };
}

/** The identity keys the store keeps people by (store/shared.ts identityKeys). */
function personKeys(person: { slackUserId?: string; teamsUserId?: string }): string[] {
  return [
    ...(person.slackUserId ? [`slack:${person.slackUserId}`] : []),
    ...(person.teamsUserId ? [`teams:${person.teamsUserId}`] : []),
  ];
}

function lastPageStart(wanted: number, total: number, size: number = LIST_PAGE_SIZE): number {
  if (wanted < total) return wanted - (wanted % size);
  return total === 0 ? 0 : Math.floor((total - 1) / size) * size;
}

/** The scorecard line's forecast from the scores it shows, oldest first; nothing with too few of them. */
function withForecast(
  kpi: ForecastKpi,
  series: ReadonlyArray<{ value: number | null }>,
): Pick<ScorecardLine, 'forecast'> {
  const values = series.flatMap((point) => (point.value === null ? [] : [point.value]));
  const line = forecastLine(kpi, values);
  return line ? { forecast: { summary: line.summary, breachAhead: line.breachAhead } } : {};
}
