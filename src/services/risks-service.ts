import type { ChatDestination } from '../chat/chat-surface';
import { samePerson } from '../domain/access-policy';
import { StewardError } from '../domain/errors';
import { addDays, localDate, localDateTime } from '../domain/local-time';
import { riskHeatMap, riskRating, risksDueForReview } from '../domain/risk-register';
import type { ContractStatus } from '../domain/types';
import { renderRiskHeatMap } from '../reports/risk-heat-map';
import type { ContractRecord, RiskRecord } from '../store/records';
import { authorizeInternal } from './access-checks';
import type { ServiceDeps } from './deps';
import { chartFile, deliverFile } from './file-delivery';
import { parseInput, riskInput, riskUpdateInput } from './inputs';
import { giveBack, takeOnce } from './once';
import { withName, withNameIfAny } from './people';
import { internalPlaces, personName, postNotices } from './places';
import type { Actor, FileResult, RiskHeatMapView, RisksApi, RiskView } from './service-api';

/** Contracts whose risks are put in front of their owners for review. */
const REVIEWED_CONTRACT_STATUSES: readonly ContractStatus[] = ['active', 'at-risk', 'in-remediation', 'closing'];

/**
 * The risk register: each risk rated likelihood × impact on a 5×5 matrix, looked at again on its
 * review date (its owner is prompted once per review date), and shown as a heat map. Internal only:
 * vendors and vendor-shared places never see it.
 */
export class RisksService implements RisksApi {
  constructor(private readonly deps: ServiceDeps) {}

  async create(actor: Actor, reference: string, input: unknown): Promise<RiskView> {
    const { store, clock } = this.deps;
    const contract = await store.contracts.require(reference);
    await authorizeInternal(this.deps, actor, contract, 'manage', 'risks');
    const typed = parseInput(riskInput, input);
    const parsed = { ...typed, owner: await withName(this.deps.surfaces, typed.owner, this.deps.logger) };
    this.checkReviewDate(contract, parsed.reviewDate, clock());
    const risk = await store.risks.create({
      contractRef: reference,
      title: parsed.title,
      description: parsed.description,
      likelihood: parsed.likelihood,
      impact: parsed.impact,
      mitigation: parsed.mitigation,
      owner: parsed.owner,
      reviewDate: parsed.reviewDate,
      status: parsed.status,
      createdBy: actor.person,
    });
    await this.audit(actor, reference, 'risk.created', risk.id, undefined, snapshot(risk));
    return riskView(risk);
  }

  async update(actor: Actor, riskId: string, input: unknown): Promise<RiskView> {
    const { store, clock } = this.deps;
    const current = await store.risks.get(String(riskId));
    if (!current) throw new StewardError('not_found', 'That risk no longer exists; list the risks to pick another.');
    const contract = await store.contracts.require(current.contractRef);
    // The risk's owner keeps it up to date; the contract's managers may too.
    const owner = !actor.external && samePerson(current.owner, actor.person);
    await authorizeInternal(this.deps, actor, contract, owner ? 'view-internal' : 'manage', 'risks');
    const typed = parseInput(riskUpdateInput, input);
    const parsed = { ...typed, owner: await withNameIfAny(this.deps.surfaces, typed.owner, this.deps.logger) };
    const patch = Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== undefined));
    if (Object.keys(patch).length === 0) {
      throw new StewardError(
        'validation',
        'Say what to change: likelihood, impact, mitigation, owner, review date or status.',
      );
    }
    if (parsed.reviewDate) this.checkReviewDate(contract, parsed.reviewDate, clock());
    const updated = await store.risks.update(current.id, patch);
    const before = Object.fromEntries(Object.keys(patch).map((key) => [key, current[key as keyof RiskRecord] ?? null]));
    await this.audit(
      actor,
      contract.reference,
      'risk.updated',
      current.id,
      { ...before, score: current.score },
      {
        ...patch,
        score: updated.score,
      },
    );
    return riskView(updated);
  }

  async list(actor: Actor, reference: string, filter: { includeClosed?: boolean } = {}): Promise<RiskView[]> {
    const { store } = this.deps;
    const contract = await store.contracts.require(reference);
    await authorizeInternal(this.deps, actor, contract, 'view-internal', 'risks');
    const risks = await store.risks.listForContract(
      reference,
      filter.includeClosed ? undefined : { status: ['open', 'mitigating'] },
    );
    // Owners stored before they were named are named as they are shown.
    return Promise.all(
      risks.map(async (risk) => riskView({ ...risk, owner: await withName(this.deps.surfaces, risk.owner) })),
    );
  }

  async heatMap(actor: Actor, reference: string): Promise<RiskHeatMapView> {
    const { store } = this.deps;
    const contract = await store.contracts.require(reference);
    await authorizeInternal(this.deps, actor, contract, 'view-internal', 'risks');
    return this.heatMapOf(contract);
  }

  async postHeatMap(actor: Actor, reference: string, destination?: ChatDestination): Promise<FileResult> {
    const { store } = this.deps;
    const contract = await store.contracts.require(reference);
    await authorizeInternal(this.deps, actor, contract, 'view-internal', 'risks');
    const map = await this.heatMapOf(contract);
    const title = `Risk heat map of ${contract.reference}`;
    const chart = await renderRiskHeatMap(map, `${title} (${map.total} open)`, {
      fallbackFonts: this.deps.settings.chartFontFiles ?? [],
    });
    return deliverFile(
      this.deps,
      actor,
      chartFile(this.deps, chart, {
        filename: `${contract.reference}-risks.png`,
        title,
        comment: `${title}: ${map.total} open risk${map.total === 1 ? '' : 's'}.`,
      }),
      { destination, contract, internalOnly: true },
    );
  }

  /** Prompts each open risk's owner once per review date, at the prompt hour in the contract's timezone. */
  async runScheduled(now: Date): Promise<{ prompted: number }> {
    const { store, logger, settings } = this.deps;
    // A day ahead of UTC covers every timezone; risksDueForReview decides by each contract's own day.
    const candidates = await store.risks.dueForReview(addDays(localDate(now, 'UTC'), 1));
    const byContract = new Map<string, RiskRecord[]>();
    for (const risk of candidates)
      byContract.set(risk.contractRef, [...(byContract.get(risk.contractRef) ?? []), risk]);
    let prompted = 0;
    for (const [reference, risks] of byContract) {
      try {
        const contract = await store.contracts.get(reference);
        if (!contract || !REVIEWED_CONTRACT_STATUSES.includes(contract.status)) continue;
        if (localDateTime(now, contract.timezone).hour < settings.promptHour) continue;
        for (const { risk, daysOverdue } of risksDueForReview(risks, now, contract.timezone)) {
          const key = `risk-review:${risk.id}:${risk.reviewDate}`;
          const token = await takeOnce(store, key, this.deps.instanceId, now);
          if (!token) continue;
          const late = daysOverdue === 0 ? 'today' : `since ${risk.reviewDate}`;
          const posted = await postNotices(
            this.deps,
            await internalPlaces(this.deps, contract, [risk.owner]),
            {
              text: `Risk review due ${late} for ${reference}: “${risk.title}” is ${riskRating(risk.score)} (likelihood ${risk.likelihood} × impact ${risk.impact} = ${risk.score}). ${personName(risk.owner)}, please review it: update its likelihood, impact, mitigation or status, and set the next review date.`,
              mention: [risk.owner],
            },
            { riskId: risk.id },
          );
          if (posted.length === 0) await giveBack(store, key, token, now);
          else prompted += 1;
        }
      } catch (error) {
        logger.error({ err: error, contractRef: reference }, 'risk review prompts failed');
      }
    }
    return { prompted };
  }

  private async heatMapOf(contract: ContractRecord): Promise<RiskHeatMapView> {
    const risks = await this.deps.store.risks.listForContract(contract.reference, { status: ['open', 'mitigating'] });
    const map = riskHeatMap(
      risks.map((risk) => ({ id: risk.id, title: risk.title, likelihood: risk.likelihood, impact: risk.impact })),
    );
    return { contractRef: contract.reference, cells: map.cells, total: map.total };
  }

  private checkReviewDate(contract: ContractRecord, reviewDate: string, now: Date): void {
    const today = localDate(now, contract.timezone);
    if (reviewDate < today) {
      throw new StewardError(
        'validation',
        `The review date ${reviewDate} has passed; choose today (${today}) or later.`,
        {
          fieldErrors: { reviewDate: `Choose today (${today}) or a later date.` },
        },
      );
    }
  }

  private async audit(
    actor: Actor,
    contractRef: string,
    action: 'risk.created' | 'risk.updated',
    entityId: string,
    before: unknown,
    after: unknown,
  ) {
    await this.deps.store.audit.append({
      contractRef,
      actor: actor.person,
      surface: actor.surface,
      action,
      entityType: 'risk',
      entityId,
      before,
      after,
    });
  }
}

export function riskView(risk: RiskRecord): RiskView {
  return {
    id: risk.id,
    contractRef: risk.contractRef,
    title: risk.title,
    ...(risk.description ? { description: risk.description } : {}),
    likelihood: risk.likelihood,
    impact: risk.impact,
    score: risk.score,
    rating: riskRating(risk.score),
    ...(risk.mitigation ? { mitigation: risk.mitigation } : {}),
    owner: risk.owner,
    reviewDate: risk.reviewDate,
    status: risk.status,
  };
}

function snapshot(risk: RiskRecord) {
  const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = risk;
  return rest;
}
