import { z } from 'zod';
import type { ChatDestination } from '../chat/chat-surface';
import { StewardError } from '../domain/errors';
import { periodLabel } from '../domain/format';
import {
  computeServiceCredits,
  currencyExponent,
  type ServiceCreditStatement,
  toMinorUnits,
  validateServiceCreditRules,
} from '../domain/service-credits';
import type { Money } from '../domain/types';
import { type CsvCell, toCsv } from '../reports/csv';
import { writeXlsx, type XlsxColumn } from '../reports/xlsx';
import type { ContractRecord, ScoreRecord } from '../store/records';
import { authorizeInternal } from './access-checks';
import type { ServiceDeps } from './deps';
import { deliverFile } from './file-delivery';
import { kpiKeyInput, numberField, optionalNumber, parseInput, periodKeyInput } from './inputs';
import { personName } from './places';
import type { Actor, ServiceCreditClaimPack, ServiceCreditsApi, ServiceCreditTermsView } from './service-api';

const percent = (label: string, example: string) =>
  numberField(label, { example, min: 0, max: 100, rule: 'a percentage from 0 to 100' });

const serviceCreditRuleInput = z.object({
  kpiKey: kpiKeyInput,
  percentOfFeePerPoint: numberField('Credit per point', {
    example: '2',
    min: 0,
    rule: 'a percentage of the fee of 0 or more',
  }),
  capPercent: percent('Cap for this KPI', '10'),
  flatPercentOnBreach: optionalNumber('Flat credit on breach', {
    example: '1',
    min: 0,
    max: 100,
    rule: 'a percentage from 0 to 100',
  }),
});

/** The service credit terms of a contract, as a form sends them. */
export const serviceCreditTermsInput = z.object({
  periodFee: optionalNumber('Fee per period', { example: '25000', min: 0, rule: 'an amount of 0 or more' }),
  rules: z
    .array(serviceCreditRuleInput, { error: 'Rules must be a list with one rule per KPI.' })
    .max(50, 'A contract can have at most 50 service credit rules.'),
  contractCapPercent: optionalNumber('Contract cap', {
    example: '15',
    min: 0,
    max: 100,
    rule: 'a percentage from 0 to 100',
  }),
});

const periodInput = z.object({ periodKey: periodKeyInput });

/**
 * Service credits: the rules tie a KPI to a share of the period fee that the vendor credits back
 * when the KPI breaches. Per period, the credits are computed from the scores, and a claim pack (a CSV
 * naming each score and its evidence, with a summary) is what procurement sends to the vendor.
 */
export class ServiceCreditsService implements ServiceCreditsApi {
  constructor(private readonly deps: ServiceDeps) {}

  async terms(actor: Actor, reference: string): Promise<ServiceCreditTermsView> {
    const contract = await this.deps.store.contracts.require(reference);
    await authorizeInternal(this.deps, actor, contract, 'view-internal', 'service credit terms');
    return termsView(contract);
  }

  async setTerms(actor: Actor, reference: string, input: unknown): Promise<ServiceCreditTermsView> {
    const { store } = this.deps;
    const contract = await store.contracts.require(reference);
    await authorizeInternal(this.deps, actor, contract, 'manage', 'service credit terms');
    const parsed = parseInput(serviceCreditTermsInput, input);
    const currency = contract.value.currency;
    const periodFee: Money | undefined =
      parsed.periodFee === undefined ? contract.periodFee : { amount: parsed.periodFee, currency };

    const problems = validateServiceCreditRules(parsed.rules, parsed.contractCapPercent);
    const kpiKeys = new Set((await store.kpis.listForContract(reference)).map((kpi) => kpi.key));
    parsed.rules.forEach((rule, index) => {
      if (!kpiKeys.has(rule.kpiKey) && !problems[`rules.${index}.kpiKey`]) {
        problems[`rules.${index}.kpiKey`] =
          `${reference} has no KPI ${rule.kpiKey}; its KPIs are ${[...kpiKeys].join(', ') || 'none yet'}.`;
      }
    });
    if (!periodFee && parsed.rules.length > 0) {
      problems.periodFee = `Give the fee per period that credits are a share of, in ${currency}, like 25000.`;
    } else if (periodFee && parsed.periodFee !== undefined) {
      try {
        toMinorUnits(periodFee, 'periodFee');
      } catch (error) {
        if (!(error instanceof StewardError)) throw error;
        problems.periodFee = `Fee per period: ${error.userMessage} Write it like 25000.50.`;
      }
    }
    throwIfAny(problems);

    const before = termsView(contract);
    const updated = await store.contracts.update(
      reference,
      {
        ...(periodFee ? { periodFee } : {}),
        serviceCreditRules: parsed.rules.map((rule) => ({
          kpiKey: rule.kpiKey,
          percentOfFeePerPoint: rule.percentOfFeePerPoint,
          capPercent: rule.capPercent,
          ...(rule.flatPercentOnBreach === undefined ? {} : { flatPercentOnBreach: rule.flatPercentOnBreach }),
        })),
        // Null clears a cap set earlier: the terms given replace the terms stored.
        creditCapPercent: parsed.contractCapPercent ?? null,
      },
      { expectedRevision: contract.revision },
    );
    const after = termsView(updated);
    await store.audit.append({
      contractRef: reference,
      actor: actor.person,
      surface: actor.surface,
      action: 'contract.updated',
      entityType: 'service-credits',
      entityId: reference,
      before,
      after,
    });
    return after;
  }

  async compute(actor: Actor, reference: string, periodKey: unknown): Promise<ServiceCreditStatement> {
    const contract = await this.deps.store.contracts.require(reference);
    await authorizeInternal(this.deps, actor, contract, 'view-internal', 'service credits');
    const { periodKey: period } = parseInput(periodInput, { periodKey });
    return (await this.statementFor(contract, period)).statement;
  }

  async claimPack(
    actor: Actor,
    reference: string,
    periodKey: unknown,
    destination?: ChatDestination,
    format: 'csv' | 'xlsx' = 'csv',
  ): Promise<ServiceCreditClaimPack> {
    const { clock } = this.deps;
    const contract = await this.deps.store.contracts.require(reference);
    await authorizeInternal(this.deps, actor, contract, 'manage', 'service credit claims');
    const { periodKey: period } = parseInput(periodInput, { periodKey });
    const { statement, scores } = await this.statementFor(contract, period);
    const summary = claimSummary(contract, period, statement);
    if (format !== 'csv' && format !== 'xlsx') {
      throw new StewardError('validation', 'Choose csv or xlsx for the claim pack.', {
        fieldErrors: { format: 'is csv or xlsx' },
      });
    }
    const rows = claimRows(contract, period, statement, scores, clock());
    const content =
      format === 'xlsx'
        ? await writeXlsx([{ name: `Claim ${period}`, columns: CLAIM_COLUMNS, rows }], clock())
        : Buffer.from(
            toCsv(
              CLAIM_COLUMNS.map((column) => column.header),
              rows,
            ),
            'utf8',
          );
    const file = await deliverFile(
      this.deps,
      actor,
      {
        filename: `${reference}-service-credits-${period}.${format}`,
        title: `Service credit claim for ${reference}, ${periodLabel(period)}`,
        content,
        mimeType: format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv',
        comment: summary,
      },
      { destination, contract, internalOnly: true },
    );
    return { contractRef: reference, periodKey: period, statement, summary, csv: file };
  }

  /** The credits due for one period, for the review pack; null when the contract has no credit terms. */
  async statementIfAny(contract: ContractRecord, periodKey: string): Promise<ServiceCreditStatement | null> {
    if ((contract.serviceCreditRules ?? []).length === 0 || !contract.periodFee) return null;
    return (await this.statementFor(contract, periodKey)).statement;
  }

  private async statementFor(contract: ContractRecord, periodKey: string) {
    const { store } = this.deps;
    const rules = contract.serviceCreditRules ?? [];
    if (rules.length === 0) {
      throw new StewardError(
        'validation',
        `${contract.reference} has no service credit rules yet. Set them first: for each KPI, the percentage of the fee credited per point beyond its breach threshold and the cap.`,
      );
    }
    if (!contract.periodFee) {
      throw new StewardError(
        'validation',
        `${contract.reference} has no fee per period; set it with the service credit terms.`,
      );
    }
    const versions = await store.kpis.versionsForContract(contract.reference);
    const scores = new Map<string, ScoreRecord>();
    for (const rule of rules) {
      const score = await store.scores.find(contract.reference, rule.kpiKey, periodKey);
      if (score) scores.set(rule.kpiKey, score);
    }
    const statement = computeServiceCredits({
      rules,
      kpis: versions.map((version) => ({
        key: version.key,
        version: version.version,
        name: version.name,
        direction: version.direction,
        breachThreshold: version.breachThreshold,
      })),
      scores: [...scores.values()].map((score) => ({
        id: score.id,
        kpiKey: score.kpiKey,
        kpiVersion: score.kpiVersion,
        periodKey: score.periodKey,
        value: score.value,
        answeredAt: score.answeredAt,
        ...(score.evidenceUrl ? { evidenceUrl: score.evidenceUrl } : {}),
      })),
      periodFee: contract.periodFee,
      ...(contract.creditCapPercent == null ? {} : { contractCapPercent: contract.creditCapPercent }),
    });
    return { statement, scores };
  }
}

function termsView(contract: ContractRecord): ServiceCreditTermsView {
  return {
    contractRef: contract.reference,
    periodFee: contract.periodFee ?? null,
    rules: contract.serviceCreditRules ?? [],
    contractCapPercent: contract.creditCapPercent ?? null,
  };
}

export function formatMoney(money: Money): string {
  const digits = currencyExponent(money.currency);
  return `${money.amount.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${money.currency}`;
}

function claimSummary(contract: ContractRecord, periodKey: string, statement: ServiceCreditStatement): string {
  const label = periodLabel(periodKey);
  const credited = statement.lines.filter((line) => line.outcome === 'credited');
  const unscored = statement.lines.filter((line) => line.outcome === 'not-scored');
  const lines: string[] = [];
  if (credited.length === 0) {
    lines.push(`No service credits for ${contract.reference} in ${label}: no KPI with a credit rule breached.`);
  } else {
    lines.push(
      `Service credit claim for ${contract.reference} (${contract.vendor.name}), ${label}: ${credited.length} of ${statement.lines.length} KPIs with a credit rule breached.`,
    );
    for (const line of credited) {
      lines.push(
        `• ${line.kpiName}: ${line.value} against a breach threshold of ${line.breachThreshold}, ${line.pointsBeyondBreach} points beyond → ${line.cappedPercent}% = ${formatMoney(line.cappedCredit)}${line.cappedPercent < line.rawPercent ? ` (capped from ${line.rawPercent}%)` : ''}`,
      );
    }
    lines.push(
      `Total: ${formatMoney(statement.total)} of a fee of ${formatMoney(statement.periodFee)}${statement.contractCapApplied && statement.contractCap ? ` (contract cap of ${formatMoney(statement.contractCap)} applied)` : ''}.`,
    );
  }
  if (unscored.length > 0) {
    lines.push(`Not scored for ${label}, so nothing claimed: ${unscored.map((line) => line.kpiName).join(', ')}.`);
  }
  return lines.join('\n');
}

/** The claim's columns; the workbook types its numbers, money and instants. */
const CLAIM_COLUMNS: readonly XlsxColumn[] = [
  { header: 'contract_ref', kind: 'text' },
  { header: 'period', kind: 'text' },
  { header: 'line', kind: 'text' },
  { header: 'kpi_key', kind: 'text' },
  { header: 'kpi_name', kind: 'text', width: 28 },
  { header: 'kpi_version', kind: 'number' },
  { header: 'outcome', kind: 'text' },
  { header: 'value', kind: 'number' },
  { header: 'direction', kind: 'text' },
  { header: 'breach_threshold', kind: 'number' },
  { header: 'points_beyond_breach', kind: 'number' },
  { header: 'percent_before_cap', kind: 'number' },
  { header: 'percent_credited', kind: 'number' },
  { header: 'credit', kind: 'money' },
  { header: 'currency', kind: 'text' },
  { header: 'score_id', kind: 'text' },
  { header: 'evidence_url', kind: 'text' },
  { header: 'answered_by', kind: 'text' },
  { header: 'answered_at', kind: 'datetime' },
];

/** One line per rule, with the score and evidence it rests on, then subtotal, cap and total. */
function claimRows(
  contract: ContractRecord,
  periodKey: string,
  statement: ServiceCreditStatement,
  scores: Map<string, ScoreRecord>,
  generatedAt: Date,
): CsvCell[][] {
  const currency = statement.periodFee.currency;
  const rows = statement.lines.map((line) => {
    const score = scores.get(line.kpiKey);
    return [
      contract.reference,
      periodKey,
      'kpi',
      line.kpiKey,
      line.kpiName,
      line.kpiVersion,
      line.outcome,
      line.value,
      line.direction,
      line.breachThreshold,
      line.pointsBeyondBreach,
      line.rawPercent,
      line.cappedPercent,
      line.cappedCredit.amount,
      currency,
      line.evidence.scoreIds.join(' '),
      line.evidence.evidenceUrls.join(' '),
      score ? personName(score.answeredBy) : '',
      score?.answeredAt,
    ];
  });
  const total = (line: string, amount: number | null, note = '') => [
    contract.reference,
    periodKey,
    line,
    '',
    note,
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    amount,
    currency,
    '',
    '',
    '',
    '',
  ];
  rows.push(total('period-fee', statement.periodFee.amount));
  rows.push(total('subtotal', statement.subtotal.amount));
  if (statement.contractCap) {
    rows.push(
      total('contract-cap', statement.contractCap.amount, statement.contractCapApplied ? 'applied' : 'not reached'),
    );
  }
  rows.push(total('total', statement.total.amount, `generated ${generatedAt.toISOString()}`));
  return rows;
}

function throwIfAny(problems: Record<string, string>): void {
  const messages = Object.values(problems);
  if (messages.length === 0) return;
  const message =
    messages.length === 1 ? messages[0]! : `Please fix these ${messages.length} things: ${messages.join(' ')}`;
  throw new StewardError('validation', message, { fieldErrors: problems });
}
