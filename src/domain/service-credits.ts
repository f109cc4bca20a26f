/**
 * Service credits: the share of a period's fee a vendor pays back when a KPI breaches its contract level.
 *
 * A rule ties one KPI to a rate: `percentOfFeePerPoint` percent of the period fee for every point the
 * value lies beyond the breach threshold, in the KPI's bad direction (below it when higher is better,
 * above it when lower is better), plus an optional flat percentage for breaching at all. The rule's
 * `capPercent` limits what one KPI can cost, and the contract's cap limits the total, because
 * contracts cap service credits so a vendor's exposure is known when the price is agreed.
 *
 * Points are not rounded to whole points: 1.5 points below breach at 2% per point credits 3%. A value
 * exactly on the breach threshold has not breached (as in `evaluate`), so it credits nothing.
 *
 * Money is computed in integer minor units (cents for EUR, yen for JPY, fils for BHD) so that
 * adding lines never drifts, and each amount is rounded once, half up, to a whole minor unit: what an
 * invoice can show. Percentages are kept as numbers; they never reach an invoice unrounded.
 */
import { isStewardError, StewardError } from './errors';
import type { Direction, Kpi, Money, Score } from './types';

export interface ServiceCreditRule {
  kpiKey: string;
  /** Percent of the period fee per point beyond the breach threshold; 2 means 2% per point. */
  percentOfFeePerPoint: number;
  /** The most one rule can credit in a period, as percent of the period fee (0–100). */
  capPercent: number;
  /** Percent of the fee credited as soon as the KPI breaches, on top of the per-point credit. */
  flatPercentOnBreach?: number;
}

/** The KPI version a score was given under supplies its breach threshold and direction. */
export type ServiceCreditKpi = Pick<Kpi, 'key' | 'version' | 'name' | 'direction' | 'breachThreshold'>;

export type ServiceCreditScore = Pick<Score, 'kpiKey' | 'kpiVersion' | 'periodKey' | 'value' | 'answeredAt'> & {
  /** The store's score id, quoted as evidence on the credit line. */
  id?: string;
  evidenceUrl?: string;
};

export interface ServiceCreditInput {
  rules: ServiceCreditRule[];
  /** Every KPI version the scores refer to. */
  kpis: ServiceCreditKpi[];
  /** Scores of one period; when a KPI has several (a re-answer), the latest answer counts. */
  scores: ServiceCreditScore[];
  periodFee: Money;
  /** The most all rules together can credit in a period, as percent of the period fee (0–100). */
  contractCapPercent?: number;
}

export type ServiceCreditOutcome = 'credited' | 'no-breach' | 'not-scored';

export interface ServiceCreditLine {
  kpiKey: string;
  kpiName: string;
  outcome: ServiceCreditOutcome;
  /** Null when the KPI has no score for the period: nothing is credited for a missing answer. */
  periodKey: string | null;
  kpiVersion: number | null;
  value: number | null;
  direction: Direction | null;
  breachThreshold: number | null;
  /** How far the value lies beyond the breach threshold in the bad direction; 0 when it did not breach. */
  pointsBeyondBreach: number;
  /** flat + per-point percentage before the rule's cap. */
  rawPercent: number;
  cappedPercent: number;
  rawCredit: Money;
  cappedCredit: Money;
  /** What an auditor or the vendor can check the line against. */
  evidence: { scoreIds: string[]; evidenceUrls: string[] };
}

export interface ServiceCreditStatement {
  periodFee: Money;
  lines: ServiceCreditLine[];
  /** The sum of the lines' capped credits. */
  subtotal: Money;
  /** The subtotal limited by the contract cap. */
  total: Money;
  contractCap: Money | null;
  contractCapApplied: boolean;
}

/**
 * Problems with a set of rules, keyed `rules.<index>.<field>` for inline errors; empty when usable.
 * Two rules on one KPI would credit the same breach twice, so a KPI may have one rule.
 */
export function validateServiceCreditRules(
  rules: ServiceCreditRule[],
  contractCapPercent?: number,
): Record<string, string> {
  const problems: Record<string, string> = {};
  const firstRuleFor = new Map<string, number>();
  rules.forEach((rule, index) => {
    const at = `rules.${index}`;
    if (typeof rule.kpiKey !== 'string' || rule.kpiKey.trim() === '') {
      problems[`${at}.kpiKey`] = 'Name the KPI this rule applies to.';
    } else if (firstRuleFor.has(rule.kpiKey)) {
      problems[`${at}.kpiKey`] =
        `KPI ${rule.kpiKey} already has a rule (rule ${firstRuleFor.get(rule.kpiKey)! + 1}); give each KPI one rule.`;
    } else {
      firstRuleFor.set(rule.kpiKey, index);
    }
    if (!isNonNegative(rule.percentOfFeePerPoint)) {
      problems[`${at}.percentOfFeePerPoint`] =
        'The credit per point must be a percentage of zero or more, e.g. 2 for 2% of the fee per point.';
    }
    if (!isPercent(rule.capPercent)) {
      problems[`${at}.capPercent`] = 'The cap must be a percentage from 0 to 100 of the period fee.';
    }
    if (rule.flatPercentOnBreach !== undefined && !isPercent(rule.flatPercentOnBreach)) {
      problems[`${at}.flatPercentOnBreach`] = 'The flat credit on breach must be a percentage from 0 to 100.';
    }
  });
  if (contractCapPercent !== undefined && !isPercent(contractCapPercent)) {
    problems.contractCapPercent = 'The contract cap must be a percentage from 0 to 100 of the period fee.';
  }
  return problems;
}

export function computeServiceCredits(input: ServiceCreditInput): ServiceCreditStatement {
  const problems = validateServiceCreditRules(input.rules, input.contractCapPercent);
  let feeMinor = 0;
  try {
    feeMinor = toMinorUnits(input.periodFee, 'periodFee');
    if (feeMinor < 0) problems.periodFee = 'The period fee must be zero or more.';
  } catch (error) {
    if (!isStewardError(error)) throw error;
    problems.periodFee = error.fieldErrors.periodFee ?? error.userMessage;
  }
  const known = new Set(input.kpis.map((kpi) => kpi.key));
  input.rules.forEach((rule, index) => {
    if (rule.kpiKey && !known.has(rule.kpiKey) && !problems[`rules.${index}.kpiKey`]) {
      problems[`rules.${index}.kpiKey`] = `There is no KPI ${rule.kpiKey} on this contract.`;
    }
  });
  const periods = [...new Set(input.scores.map((score) => score.periodKey))];
  if (periods.length > 1) {
    problems.scores = `Credits are computed one period at a time, but the scores cover ${periods.join(', ')}.`;
  }
  throwIfAny(problems);

  const currency = input.periodFee.currency;
  const money = (minor: number): Money => ({ amount: fromMinorUnits(minor, currency), currency });
  const creditFor = (percent: number) => roundHalfUp((feeMinor * percent) / 100);

  const lines = input.rules.map((rule): ServiceCreditLine => {
    const definitions = input.kpis.filter((kpi) => kpi.key === rule.kpiKey);
    const current = definitions.reduce((a, b) => (b.version > a.version ? b : a));
    const score = latestScore(input.scores.filter((candidate) => candidate.kpiKey === rule.kpiKey));
    if (!score) {
      return {
        kpiKey: rule.kpiKey,
        kpiName: current.name,
        outcome: 'not-scored',
        periodKey: null,
        kpiVersion: null,
        value: null,
        direction: null,
        breachThreshold: null,
        pointsBeyondBreach: 0,
        rawPercent: 0,
        cappedPercent: 0,
        rawCredit: money(0),
        cappedCredit: money(0),
        evidence: { scoreIds: [], evidenceUrls: [] },
      };
    }
    // The threshold in force when the score was given decides, so a later renegotiation never rewrites a credit.
    const definition = definitions.find((kpi) => kpi.version === score.kpiVersion);
    if (!definition) {
      throw new StewardError(
        'validation',
        `The score for ${rule.kpiKey} in ${score.periodKey} was given under version ${score.kpiVersion} of the KPI, which I do not have.`,
      );
    }
    const points = pointsBeyondBreach(score.value, definition);
    const rawPercent =
      points > 0 ? (rule.flatPercentOnBreach ?? 0) + cleanDecimal(rule.percentOfFeePerPoint * points) : 0;
    const cappedPercent = Math.min(rawPercent, rule.capPercent);
    return {
      kpiKey: rule.kpiKey,
      kpiName: definition.name,
      outcome: points > 0 ? 'credited' : 'no-breach',
      periodKey: score.periodKey,
      kpiVersion: score.kpiVersion,
      value: score.value,
      direction: definition.direction,
      breachThreshold: definition.breachThreshold,
      pointsBeyondBreach: points,
      rawPercent,
      cappedPercent,
      rawCredit: money(creditFor(rawPercent)),
      cappedCredit: money(creditFor(cappedPercent)),
      evidence: {
        scoreIds: score.id ? [score.id] : [],
        evidenceUrls: score.evidenceUrl ? [score.evidenceUrl] : [],
      },
    };
  });

  const subtotalMinor = lines.reduce((sum, line) => sum + creditFor(line.cappedPercent), 0);
  const capMinor = input.contractCapPercent === undefined ? null : creditFor(input.contractCapPercent);
  const totalMinor = capMinor === null ? subtotalMinor : Math.min(subtotalMinor, capMinor);
  return {
    periodFee: input.periodFee,
    lines,
    subtotal: money(subtotalMinor),
    total: money(totalMinor),
    contractCap: capMinor === null ? null : money(capMinor),
    contractCapApplied: totalMinor < subtotalMinor,
  };
}

/** Points beyond breach in the KPI's bad direction; 0 on or inside the threshold. */
export function pointsBeyondBreach(
  value: number,
  definition: Pick<ServiceCreditKpi, 'direction' | 'breachThreshold'>,
): number {
  const beyond =
    definition.direction === 'higher-is-better'
      ? definition.breachThreshold - value
      : value - definition.breachThreshold;
  return beyond > 0 ? cleanDecimal(beyond) : 0;
}

/**
 * Digits after the decimal point in `currency`'s minor unit, from the ICU data Node ships with:
 * 2 for EUR, 0 for JPY, 3 for BHD.
 */
export function currencyExponent(currency: string): number {
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) {
    throw new StewardError(
      'validation',
      `"${currency}" is not a currency code; use three capital letters such as EUR.`,
    );
  }
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * An amount in whole minor units. Refuses amounts finer than the currency's minor unit (10.005 EUR)
 * rather than rounding them silently, since the person who typed them meant something exact.
 */
export function toMinorUnits(money: Money, field = 'amount'): number {
  const exponent = currencyExponent(money.currency);
  if (typeof money.amount !== 'number' || !Number.isFinite(money.amount)) {
    throw new StewardError('validation', 'The amount must be a number.', {
      fieldErrors: { [field]: 'Enter a number.' },
    });
  }
  const scaled = money.amount * 10 ** exponent;
  const minor = Math.round(scaled);
  // The tolerance only absorbs binary representation error (0.29 × 100 = 28.999999999999996).
  if (Math.abs(scaled - minor) > 1e-6 || !Number.isSafeInteger(minor)) {
    const message = `${money.amount} ${money.currency} has more decimals than ${money.currency} uses (${exponent}).`;
    throw new StewardError('validation', message, { fieldErrors: { [field]: message } });
  }
  return minor;
}

export function fromMinorUnits(minor: number, currency: string): number {
  const exponent = currencyExponent(currency);
  // Dividing once from an integer gives the nearest double to the decimal amount (1999 / 100 = 19.99).
  return minor / 10 ** exponent;
}

/**
 * Half up, i.e. away from zero for the non-negative amounts credits are. The value is cleaned of
 * binary error first, so 12.5 computed as 12.499999999999998 still rounds to 13.
 */
export function roundHalfUp(value: number): number {
  const cleaned = cleanDecimal(value);
  return Math.sign(cleaned) * Math.floor(Math.abs(cleaned) + 0.5);
}

/** Drops binary noise past the 9th decimal (99 − 97.3 = 1.7000000000000028 becomes 1.7). */
function cleanDecimal(value: number): number {
  return Number(value.toFixed(9));
}

function latestScore(scores: ServiceCreditScore[]): ServiceCreditScore | undefined {
  return scores.reduce<ServiceCreditScore | undefined>(
    (latest, score) => (!latest || score.answeredAt >= latest.answeredAt ? score : latest),
    undefined,
  );
}

function isNonNegative(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function isPercent(value: unknown): boolean {
  return isNonNegative(value) && (value as number) <= 100;
}

function throwIfAny(problems: Record<string, string>): void {
  const messages = Object.values(problems);
  if (messages.length === 0) return;
  const summary = messages.length === 1 ? messages[0]! : `${messages.length} problems: ${messages.join(' ')}`;
  throw new StewardError('validation', summary, { fieldErrors: problems });
}
