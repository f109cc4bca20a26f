import type { ChatDestination, ChatFile, ScorecardView } from '../chat/chat-surface';
import { StewardError } from '../domain/errors';
import { forecastNext } from '../domain/forecast';
import { formatValue, periodLabel } from '../domain/format';
import { instantAtLocalTime, isValidIsoDate, localDate } from '../domain/local-time';
import {
  buildReviewPack,
  DEFAULT_REVIEW_SCHEDULE,
  type PackDecision,
  type PackKpi,
  type ReviewPack,
  type ReviewPackInput,
  type ReviewScheduleSettings,
  reviewCadenceOf,
  reviewDates,
  reviewPeriodKey,
  reviewPeriodMonths,
  reviewPeriodOf,
  shiftReviewPeriod,
} from '../domain/review-pack';
import { riskHeatMap } from '../domain/risk-register';
import { buildScorecard } from '../domain/scorecard';
import { type Person, REVIEW_CADENCES } from '../domain/types';
import { summarizeValue } from '../domain/value-realization';
import { renderKpiTrendChart } from '../reports/charts';
import { type PackChart, pdfPageCount, renderReviewPackPdf } from '../reports/review-pack-pdf';
import { renderRiskHeatMap } from '../reports/risk-heat-map';
import type { ContractRecord, EscalationRecord } from '../store/records';
import type { ReviewDecisionRecord } from '../store/review-packs';
import { authorize } from './authorization';
import { MONITORED_STATUSES } from './checkins-service';
import type { ContractsService } from './contracts-service';
import type { ServiceDeps } from './deps';
import { withName } from './people';
import { channelDestinations, personName } from './places';
import type { Actor } from './service-api';
import type { ServiceCreditsService } from './service-credits-service';

export interface PostedPack {
  contractRef: string;
  quarterKey: string;
  internal: ReviewPack;
  vendor: ReviewPack;
  /** The forwardable file of the internal version. */
  pdf: Buffer;
  pages: number;
  posted: number;
}

export interface DecisionView {
  contractRef: string;
  quarterKey: string;
  text: string;
  ownerName: string;
  dueDate: string;
}

/**
 * Quarterly review packs: a few days before each contract's governance review (SERVICE settings: the day of
 * the month after the quarter, and how many days before), Steward posts the pack for the quarter just ended:
 * the internal version as a summary and a PDF in the internal channels, the vendor version in the shared ones.
 * Once across replicas: the pack is a row with a unique (contract, quarter) index, and only the replica whose
 * insert succeeds posts it; a pack nobody received is given back for the next tick.
 */
export class ReviewPacksService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly contracts: ContractsService,
    private readonly credits: ServiceCreditsService,
    private readonly schedule: ReviewScheduleSettings = DEFAULT_REVIEW_SCHEDULE,
  ) {}

  /** The scheduler's job: posts every pack that is due, and says when the next one is. */
  async runScheduled(now: Date): Promise<{ posted: number; nextRunAt: Date | null }> {
    const { store, logger } = this.deps;
    // Outside every pack window (all but a few days a quarter) nothing is read: the job runs on every change
    // of a contract, and listing thousands of contracts each time would load the check-in fan-out for nothing.
    const outside = this.outsideWindows(now);
    if (outside) return { posted: 0, nextRunAt: outside };
    const contracts = await store.contracts.list({ status: [...MONITORED_STATUSES] });
    let posted = 0;
    let nextRunAt: Date | null = null;
    const later = (at: Date) => {
      if (!nextRunAt || at < nextRunAt) nextRunAt = at;
    };
    for (const contract of contracts) {
      const due = this.dueOf(contract, now);
      if (due.next) later(due.next);
      if (!due.quarterKey) continue;
      try {
        if (await this.postPack(contract, due.quarterKey)) posted += 1;
      } catch (error) {
        logger.error({ err: error, contractRef: contract.reference }, 'could not post a review pack');
        later(new Date(now.getTime() + RETRY_MS));
      }
    }
    return { posted, nextRunAt };
  }

  /**
   * Null when some timezone on Earth (UTC−12 to UTC+14) may be inside a pack window of any review cadence now;
   * otherwise when the next window opens anywhere. Monthly windows cover every cadence's (each period ends at a
   * month's end), so with monthly reviews possible the job reads contracts a few days a month.
   */
  private outsideWindows(now: Date): Date | null {
    const { promptHour } = this.deps.settings;
    const hour = 3_600_000;
    const today = localDate(now, 'UTC');
    let next: Date | null = null;
    for (const cadence of REVIEW_CADENCES) {
      const current = reviewPeriodKey(cadence, today);
      for (const key of [shiftReviewPeriod(current, -1), current, shiftReviewPeriod(current, 1)]) {
        const { packDay, reviewDate } = reviewDates(key, this.schedule);
        // The earliest pack morning is in UTC+14; the latest end of a review day in UTC−12.
        const opens = new Date(Date.parse(`${packDay}T00:00:00Z`) + (promptHour - 14) * hour);
        const closes = new Date(Date.parse(`${reviewDate}T00:00:00Z`) + (24 + 12) * hour);
        if (now >= opens && now < closes) return null;
        if (opens > now && (!next || opens < next)) next = opens;
      }
    }
    return next;
  }

  /**
   * Which period's pack is due now (its pack morning has come and its review has not passed), by the
   * contract's review cadence (quarterly unless it says otherwise), and when the next pack morning is.
   */
  dueOf(
    contract: Pick<ContractRecord, 'timezone' | 'reviewCadence'>,
    now: Date,
  ): { quarterKey: string | null; next: Date | null } {
    const { promptHour } = this.deps.settings;
    const today = localDate(now, contract.timezone);
    const current = reviewPeriodKey(reviewCadenceOf(contract), today);
    const reviewed = shiftReviewPeriod(current, -1);
    const { reviewDate, packDay } = reviewDates(reviewed, this.schedule);
    const packAt = instantAtLocalTime(packDay, promptHour, 0, contract.timezone);
    const nextPackAt = instantAtLocalTime(
      reviewDates(current, this.schedule).packDay,
      promptHour,
      0,
      contract.timezone,
    );
    if (now < packAt) return { quarterKey: null, next: packAt };
    if (today > reviewDate) return { quarterKey: null, next: nextPackAt };
    return { quarterKey: reviewed, next: nextPackAt };
  }

  /** Posts the pack of `quarterKey` unless another replica (or an earlier tick) already did; null when it had. */
  async postPack(contract: ContractRecord, quarterKey: string): Promise<PostedPack | null> {
    const { store, instanceId, surfaces, logger } = this.deps;
    const { reviewDate } = reviewDates(quarterKey, this.schedule);
    if (
      !(await store.reviewPacks.claim({
        contractRef: contract.reference,
        quarterKey,
        reviewDate,
        postedBy: instanceId,
      }))
    ) {
      return null;
    }
    try {
      const input = await this.gather(contract, quarterKey, reviewDate);
      const internal = buildReviewPack(input);
      const vendor = buildReviewPack(input, { forVendor: true });
      const charts = await this.charts(contract);
      const pdf = await renderReviewPackPdf(internal, [...charts.trends.map((chart) => chart.chart), ...charts.risks]);
      // The vendor's file has the vendor-visible KPIs' charts and no risk register.
      const vendorPdf = await renderReviewPackPdf(
        vendor,
        charts.trends.filter((chart) => chart.vendorVisible).map((chart) => chart.chart),
      );
      const messages: Array<{ surface: 'slack' | 'teams'; channelId: string; messageId: string; purpose: string }> = [];
      const targets: Array<{ destination: ChatDestination; pack: ReviewPack; file: Buffer }> = [
        ...channelDestinations(this.deps, contract, 'internal').map((destination) => ({
          destination,
          pack: internal,
          file: pdf,
        })),
        ...channelDestinations(this.deps, contract, 'vendor').map((destination) => ({
          destination,
          pack: vendor,
          file: vendorPdf,
        })),
      ];
      for (const { destination, pack, file } of targets) {
        const surface = surfaces.get(destination.surface);
        if (!surface) continue;
        try {
          const packFile: ChatFile = {
            filename: `${contract.reference}-${quarterKey}-review-pack${pack.forVendor ? '-vendor' : ''}.pdf`,
            title: pack.title,
            content: file,
            mimeType: 'application/pdf',
            comment: packText(pack),
          };
          // Teams shows files through their download links; the vendor's link opens only the vendor's version.
          if (surface.filesByLink && this.deps.fileLinks) {
            packFile.link = await this.deps.fileLinks.create(packFile, {
              audience: destination.purpose === 'vendor' ? 'vendor' : 'internal',
              internalOnly: !pack.forVendor,
              contractRef: contract.reference,
            });
          }
          const message = await surface.uploadFile(destination, packFile);
          messages.push({
            surface: message.surface,
            channelId: message.channelId,
            messageId: message.messageId,
            purpose: destination.purpose,
          });
        } catch (error) {
          logger.warn(
            { err: error, contractRef: contract.reference, channel: destination.channelId },
            'could not post a review pack',
          );
        }
      }
      if (targets.length > 0 && messages.length === 0) throw new Error('no channel took the review pack');
      await store.reviewPacks.setMessages(contract.reference, quarterKey, messages);
      await store.audit.append({
        contractRef: contract.reference,
        actor: { name: 'Steward' },
        surface: 'system',
        action: 'review.pack-posted',
        entityType: 'review-pack',
        entityId: `${contract.reference}:${quarterKey}`,
        after: { quarterKey, reviewDate, channels: messages.length, pages: pdfPageCount(pdf) },
      });
      return {
        contractRef: contract.reference,
        quarterKey,
        internal,
        vendor,
        pdf,
        pages: pdfPageCount(pdf),
        posted: messages.length,
      };
    } catch (error) {
      // Nobody got it: the next tick tries again (within the same pack window).
      await store.reviewPacks.release(contract.reference, quarterKey).catch(() => undefined);
      throw error;
    }
  }

  /** `decision REF YYYY-MM-DD @owner text`: recorded against the contract's latest pack, audited, shown in the next. */
  async recordDecision(actor: Actor, reference: string, input: DecisionInput): Promise<DecisionView> {
    const contract = await this.deps.store.contracts.require(reference);
    await authorize(this.deps, actor, contract, 'manage');
    checkDecision(input);
    const [latest] = await this.deps.store.reviewPacks.listForContract(contract.reference);
    if (!latest) {
      throw new StewardError(
        'conflict',
        `${contract.reference} has had no review pack yet; decisions are recorded against the review they were taken at.`,
      );
    }
    return this.addDecision(actor, contract.reference, latest.quarterKey, input);
  }

  /**
   * `decision YYYY-MM-DD @owner text` typed in the thread of a pack's message: recorded against that pack,
   * found by the message the thread hangs off, so nobody types the reference.
   */
  async recordDecisionInThread(
    actor: Actor,
    thread: { surface: 'slack' | 'teams'; channelId: string; messageId: string },
    input: DecisionInput,
  ): Promise<DecisionView> {
    const { store } = this.deps;
    const pack = await store.reviewPacks.findByMessage(thread.surface, thread.channelId, thread.messageId);
    const posted = pack?.messages.find(
      (message) =>
        message.surface === thread.surface &&
        message.channelId === thread.channelId &&
        message.messageId === thread.messageId,
    );
    if (!pack || !posted) {
      throw new StewardError(
        'validation',
        'This thread is not a review pack’s, so name the contract: decision REF YYYY-MM-DD @owner what was decided.',
      );
    }
    // Decisions are internal: a reply in the vendor version's thread would be read in the shared channel.
    if (posted.purpose === 'vendor') {
      throw new StewardError(
        'forbidden',
        'This is the vendor version of the pack, in a channel the vendor reads. Record decisions in the thread of the internal pack, or with: decision REF YYYY-MM-DD @owner what was decided.',
      );
    }
    const contract = await store.contracts.require(pack.contractRef);
    await authorize(this.deps, actor, contract, 'manage');
    checkDecision(input);
    return this.addDecision(actor, contract.reference, pack.quarterKey, input);
  }

  private async addDecision(
    actor: Actor,
    contractRef: string,
    quarterKey: string,
    input: DecisionInput,
  ): Promise<DecisionView> {
    const { store, surfaces, logger } = this.deps;
    const text = input.text.trim();
    const owner = await withName(surfaces, input.owner ?? actor.person, logger);
    const recordedBy = await withName(surfaces, actor.person, logger);
    const decision = await store.reviewPacks.addDecision({
      contractRef,
      quarterKey,
      text,
      owner,
      dueDate: input.dueDate,
      recordedBy,
    });
    await store.audit.append({
      contractRef,
      actor: actor.person,
      surface: actor.surface,
      action: 'review.decision-recorded',
      entityType: 'review-decision',
      entityId: decision.id,
      after: { quarterKey: decision.quarterKey, text, owner: personName(owner), dueDate: input.dueDate },
    });
    return {
      contractRef,
      quarterKey: decision.quarterKey,
      text,
      ownerName: personName(owner),
      dueDate: input.dueDate,
    };
  }

  /** Each KPI's trend chart with its forecast (PNG), and the open risks' heat map, for the PDF's pages. */
  private async charts(
    contract: ContractRecord,
  ): Promise<{ trends: Array<{ vendorVisible: boolean; chart: PackChart }>; risks: PackChart[] }> {
    const { store, settings } = this.deps;
    const fonts = { fallbackFonts: settings.chartFontFiles ?? [] };
    const inputs = await store.scorecardInputs.read(contract.reference, new Date(0));
    const periods = [...new Set(inputs.scores.map((score) => score.periodKey))].sort().slice(-12);
    const card = buildScorecard({
      kpis: inputs.versions.length > 0 ? inputs.versions : inputs.kpis,
      scores: inputs.scores,
      periods,
    });
    const kpis = new Map((await store.kpis.listForContract(contract.reference)).map((kpi) => [kpi.key, kpi]));
    const trends: Array<{ vendorVisible: boolean; chart: PackChart }> = [];
    for (const line of card.kpis) {
      const kpi = kpis.get(line.key);
      if (!kpi) continue;
      const series = line.series.filter((point) => point.value !== null);
      const forecast = forecastNext(
        series.map((point) => point.value!),
        { kind: kpi.kind },
      );
      const round = (value: number) => Math.round(value * 100) / 100;
      const rendered = await renderKpiTrendChart(
        {
          title: `${kpi.name} — ${contract.reference}`,
          kpiName: kpi.name,
          unit: kpi.unit,
          series: series.map((point) => ({ periodKey: point.periodKey, value: point.value, rag: point.rag })),
          target: kpi.target,
          warning: kpi.warningThreshold,
          breach: kpi.breachThreshold,
          direction: kpi.direction,
          kind: kpi.kind,
          ...(forecast
            ? {
                forecast: {
                  label: 'next',
                  value: round(forecast.value),
                  low: round(forecast.low),
                  high: round(forecast.high),
                },
              }
            : {}),
        },
        fonts,
      );
      trends.push({
        vendorVisible: kpi.vendorVisible,
        chart: { title: `${kpi.name}: trend and forecast`, png: rendered.png },
      });
    }
    const open = await store.risks.listForContract(contract.reference, { status: ['open', 'mitigating'] });
    const risks: PackChart[] = [];
    if (open.length > 0) {
      const map = riskHeatMap(
        open.map((risk) => ({ title: risk.title, likelihood: risk.likelihood, impact: risk.impact })),
      );
      const rendered = await renderRiskHeatMap(map, `Open risks of ${contract.reference} (${map.total})`, fonts);
      risks.push({ title: 'Open risks: likelihood × impact', png: rendered.png });
    }
    return { trends, risks };
  }

  /** Everything the pack shows, read once for both versions. */
  async gather(contract: ContractRecord, quarterKey: string, reviewDate: string): Promise<ReviewPackInput> {
    const { store, settings } = this.deps;
    const scorecard: ScorecardView = await this.contracts.scorecardView(contract, false);
    const inputs = await store.scorecardInputs.read(contract.reference, new Date(0));
    const card = buildScorecard({
      kpis: inputs.versions.length > 0 ? inputs.versions : inputs.kpis,
      scores: inputs.scores,
      periods: [...new Set(inputs.scores.map((score) => score.periodKey))].sort(),
    });
    const reds = new Map(card.kpis.map((line) => [line.key, line.consecutiveReds]));
    const kpis: PackKpi[] = scorecard.lines.map((line) => ({
      key: line.kpiKey,
      name: line.kpiName,
      vendorVisible: line.vendorVisible,
      latest: line.latest ? `${line.latest.displayValue} (${line.latest.periodKey})` : null,
      rag: line.latest?.rag ?? null,
      trend: line.trend,
      ...(line.forecast ? { forecast: line.forecast.summary, breachAhead: line.forecast.breachAhead } : {}),
      consecutiveReds: reds.get(line.kpiKey) ?? 0,
    }));
    const quarter = { start: instantAtLocalTime(reviewPeriodOf(quarterKey).firstDay, 0, 0, contract.timezone) };
    const escalations = (await store.escalations.listForContract(contract.reference)).filter(
      (escalation) =>
        escalation.status !== 'resolved' ||
        (escalation.resolvedAt !== undefined && escalation.resolvedAt >= quarter.start) ||
        escalation.createdAt >= quarter.start,
    );
    const credits: string[] = [];
    for (const periodKey of reviewPeriodMonths(quarterKey)) {
      const statement = await this.credits.statementIfAny(contract, periodKey).catch(() => null);
      if (!statement || statement.total.amount <= 0) continue;
      const credited = statement.lines.filter((line) => line.outcome === 'credited').map((line) => line.kpiName);
      credits.push(
        `${periodLabel(periodKey)}: ${formatValue(statement.total.amount, 'currency', statement.total.currency)} of a fee of ${formatValue(statement.periodFee.amount, 'currency', statement.periodFee.currency)} (${credited.join(', ')}). Claim pack: steward credits ${contract.reference} ${periodKey}`,
      );
    }
    const risks = await store.risks.listForContract(contract.reference, { status: ['open', 'mitigating'] });
    const actions = await store.correctiveActions.listForContract(contract.reference);
    const value = summarizeValue(
      (await store.values.listForContract(contract.reference)).map((record) => ({
        periodKey: record.periodKey,
        kind: record.kind,
        planned: record.planned,
        realized: record.realized,
        currency: record.currency,
      })),
    );
    // Earlier reviews by when their period began: keys of different cadences (a contract whose cadence
    // changed) do not sort as text.
    const begins = reviewPeriodOf(quarterKey).firstDay;
    const decisions = (await store.reviewPacks.decisionsForContract(contract.reference)).filter(
      (decision) => reviewPeriodOf(decision.quarterKey).firstDay < begins,
    );
    return {
      contractRef: contract.reference,
      contractTitle: contract.title,
      vendorName: contract.vendor.name,
      quarterKey,
      quarterLabel: periodLabel(quarterKey),
      reviewDate,
      overall:
        scorecard.overallScore === null
          ? 'no scores yet'
          : `${Math.round(scorecard.overallScore)} (${scorecard.overallRag}), ${scorecard.trend}`,
      kpis,
      escalations: escalations.map(escalationLine),
      credits,
      risks: risks.map((risk) => ({
        title: risk.title,
        likelihood: risk.likelihood,
        impact: risk.impact,
        owner: personName(risk.owner),
        ...(risk.mitigation ? { mitigation: risk.mitigation } : {}),
      })),
      actions: actions.map((action) => ({
        action: action.action,
        status: action.status,
        owner: personName(action.owner),
        dueDate: action.dueDate,
        ...(action.kpiKey ? { kpiKey: action.kpiKey } : {}),
      })),
      value: value.totals.map(
        (total) =>
          `${total.kind}: ${formatValue(total.realized, 'currency', total.currency)} realized of ${formatValue(total.planned, 'currency', total.currency)} planned${total.ratio === null ? '' : ` (${Math.round(total.ratio * 100)}%)`}`,
      ),
      decisions: decisions.map(decisionLine),
      repeatedBreachCount: settings.repeatedBreachCount,
    };
  }
}

const RETRY_MS = 15 * 60_000;

interface DecisionInput {
  dueDate: string;
  owner?: Person;
  text: string;
}

function checkDecision(input: DecisionInput): void {
  if (!isValidIsoDate(input.dueDate)) {
    throw new StewardError(
      'validation',
      `${input.dueDate} is not a day in the calendar; use YYYY-MM-DD, e.g. 2026-05-31.`,
    );
  }
  const text = input.text.trim();
  if (!text || text.length > 1000) {
    throw new StewardError('validation', 'Write what was decided, in at most 1,000 characters.');
  }
}

function escalationLine(escalation: EscalationRecord) {
  const day = (at: Date) => at.toISOString().slice(0, 10);
  const outcome =
    escalation.status === 'resolved'
      ? `resolved${escalation.resolvedAt ? ` on ${day(escalation.resolvedAt)}` : ''}${escalation.resolvedBy ? ` by ${personName(escalation.resolvedBy)}` : ''}${escalation.resolutionNote ? `: ${escalation.resolutionNote}` : ''}`
      : escalation.status === 'acknowledged'
        ? `acknowledged, level ${escalation.level}, not yet resolved`
        : `open, level ${escalation.level}`;
  return {
    summary: escalation.summary,
    trigger: escalation.trigger,
    ...(escalation.kpiKey ? { kpiKey: escalation.kpiKey } : {}),
    status: escalation.status,
    opened: day(escalation.createdAt),
    outcome,
  };
}

function decisionLine(decision: ReviewDecisionRecord): PackDecision {
  return {
    text: decision.text,
    owner: personName(decision.owner),
    dueDate: decision.dueDate,
    recordedBy: personName(decision.recordedBy),
    quarterKey: decision.quarterKey,
  };
}

/** The summary posted with the file: the headings and what matters most, so the message reads without opening it. */
export function packText(pack: ReviewPack): string {
  const lines = [pack.title, pack.subtitle, ''];
  for (const section of pack.sections) {
    lines.push(`${section.heading}:`);
    lines.push(...section.lines.slice(0, 8).map((line) => (line.startsWith('  ') ? line : `• ${line}`)));
    if (section.lines.length > 8) lines.push(`…and ${section.lines.length - 8} more in the PDF.`);
    lines.push('');
  }
  if (!pack.forVendor) {
    lines.push(
      `Record what the review decides: steward decision ${pack.title.split(' · ').at(-1)} YYYY-MM-DD @owner what was decided`,
    );
  }
  return lines.join('\n').trim();
}
