/**
 * The CPM vocabulary shared by every layer. Pure data: no database, chat or timer types.
 *
 * Calendar dates that belong to a contract (start, end, due dates, holidays) are kept as
 * `YYYY-MM-DD` strings read in the contract's timezone, because "the contract ends on
 * 31 March" means the local day, not an instant. Instants (when something happened) are `Date`.
 */

export type IsoDate = string;

export const SURFACES = ['slack', 'teams', 'system', 'import'] as const;
export type Surface = (typeof SURFACES)[number];

export const CONTRACT_STATUSES = [
  'draft',
  'active',
  'at-risk',
  'in-remediation',
  'closing',
  'closed',
  'terminated',
] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export const GOVERNANCE_ROLES = ['owner', 'procurement', 'legal', 'finance', 'operations'] as const;
export type GovernanceRole = (typeof GOVERNANCE_ROLES)[number];

/** A person as the chat surfaces know them. At least one identity is set. */
export interface Person {
  name?: string;
  email?: string;
  slackUserId?: string;
  /** The Slack workspace the user belongs to; differs from the installation's for Slack Connect guests. */
  slackTeamId?: string;
  /** Microsoft Entra object id (aadObjectId) of a Teams user. */
  teamsUserId?: string;
}

export interface Vendor {
  name: string;
  contacts: Person[];
}

export interface Money {
  amount: number;
  /** ISO 4217 code, e.g. `EUR`. */
  currency: string;
}

export interface EscalationLevel {
  /** 1-based position on the path; level 1 is told first. */
  level: number;
  /** A governance role to notify, or explicit people, or both. */
  role?: GovernanceRole;
  people: Person[];
  /** How long this level has to acknowledge before the escalation climbs. */
  ackWithinHours: number;
}

export const CHANNEL_PURPOSES = ['internal', 'vendor'] as const;
export type ChannelPurpose = (typeof CHANNEL_PURPOSES)[number];

export interface LinkedChannel {
  surface: 'slack' | 'teams';
  /** Slack channel id or Teams conversation id; never a display name. */
  channelId: string;
  purpose: ChannelPurpose;
  /** Teams needs the service URL to send proactively. */
  serviceUrl?: string;
}

export type Governance = Partial<Record<GovernanceRole, Person[]>>;

export interface Contract {
  reference: string;
  title: string;
  category?: string;
  vendor: Vendor;
  value: Money;
  startDate: IsoDate;
  endDate: IsoDate;
  status: ContractStatus;
  /** IANA zone, e.g. `Europe/Berlin`. */
  timezone: string;
  governance: Governance;
  escalationPath: EscalationLevel[];
  channels: LinkedChannel[];
  /** Local days on which no prompt is sent, per side; buyer and vendor calendars may differ. */
  holidays: { buyer: IsoDate[]; vendor: IsoDate[] };
  /** Fee per period that service credits are computed against. */
  periodFee?: Money;
  /** How often the governance review meets, and so how often its pack is posted; quarterly when not set. */
  reviewCadence?: ReviewCadence;
}

export const REVIEW_CADENCES = ['monthly', 'quarterly', 'half-yearly', 'yearly'] as const;
export type ReviewCadence = (typeof REVIEW_CADENCES)[number];

export const KPI_KINDS = ['percent', 'number', 'currency', 'duration', 'yes-no', 'rating'] as const;
export type KpiKind = (typeof KPI_KINDS)[number];

export const DIRECTIONS = ['higher-is-better', 'lower-is-better'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const RESPONDENTS = ['owner', 'vendor'] as const;
export type Respondent = (typeof RESPONDENTS)[number];

export type Cadence =
  | { type: 'weekly' }
  | { type: 'monthly' }
  | { type: 'quarterly' }
  | { type: 'milestones'; dates: IsoDate[] };

/** What a KPI means at one point in time; a change creates a new version. */
export interface KpiDefinition {
  name: string;
  unit: string;
  kind: KpiKind;
  direction: Direction;
  baseline: number;
  target: number;
  warningThreshold: number;
  breachThreshold: number;
  weight: number;
  cadence: Cadence;
  respondent: Respondent;
  evidenceRequired: boolean;
  /** Internal-only KPIs are never shown to vendors or posted into shared channels. */
  vendorVisible: boolean;
}

export interface Kpi extends KpiDefinition {
  contractRef: string;
  key: string;
  version: number;
}

export const RAG_STATUSES = ['green', 'amber', 'red'] as const;
export type Rag = (typeof RAG_STATUSES)[number];

export const CHECKIN_STATUSES = ['pending', 'prompted', 'answered', 'not-applicable', 'missed'] as const;
export type CheckinStatus = (typeof CHECKIN_STATUSES)[number];

export interface Period {
  /** Stable key: `2026-W48`, `2026-11`, `2026-Q4` or `M-2026-12-15` for a milestone. */
  key: string;
  /** First instant of the period in the contract's timezone. */
  start: Date;
  /** First instant after the period. */
  end: Date;
}

export interface Score {
  contractRef: string;
  kpiKey: string;
  /** The KPI version in force when the score was given; evaluation always uses it. */
  kpiVersion: number;
  periodKey: string;
  value: number;
  rag: Rag;
  comment?: string;
  evidenceUrl?: string;
  answeredBy: Person;
  answeredAt: Date;
  surface: Surface;
}

export const ESCALATION_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];

export const ESCALATION_TRIGGERS = [
  'red-score',
  'missed-checkin',
  'overdue-action',
  'overdue-obligation',
  'repeated-breach',
] as const;
export type EscalationTrigger = (typeof ESCALATION_TRIGGERS)[number];

export const CORRECTIVE_ACTION_STATUSES = [
  'planned',
  'approved',
  'in-progress',
  'verified',
  'closed',
  'cancelled',
] as const;
export type CorrectiveActionStatus = (typeof CORRECTIVE_ACTION_STATUSES)[number];

export const OBLIGATION_KINDS = [
  'report',
  'insurance',
  'audit',
  'payment',
  'certification',
  'regulatory',
  'other',
] as const;
export type ObligationKind = (typeof OBLIGATION_KINDS)[number];

export const OBLIGATION_OUTCOMES = ['open', 'fulfilled-on-time', 'fulfilled-late', 'not-fulfilled', 'waived'] as const;
export type ObligationOutcome = (typeof OBLIGATION_OUTCOMES)[number];

export const VALUE_KINDS = ['savings', 'cost-avoidance', 'quality'] as const;
export type ValueKind = (typeof VALUE_KINDS)[number];

export const AUDIT_ACTIONS = [
  'contract.created',
  'contract.updated',
  'contract.status-changed',
  'kpi.created',
  'kpi.updated',
  'checkin.created',
  'checkin.prompted',
  'checkin.answered',
  'checkin.not-applicable',
  'checkin.snoozed',
  'checkin.missed',
  'score.corrected',
  'escalation.opened',
  'escalation.climbed',
  'escalation.acknowledged',
  'escalation.resolved',
  'corrective-action.created',
  'corrective-action.updated',
  'obligation.created',
  'obligation.updated',
  'risk.created',
  'risk.updated',
  'value.recorded',
  'lesson.recorded',
  'forecast.warned',
  'forecast.settings-changed',
  'review.pack-posted',
  'review.decision-recorded',
  'access.refused',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
