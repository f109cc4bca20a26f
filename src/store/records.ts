/**
 * What the repositories return: the domain shapes from `domain/types.ts` plus the store's own
 * bookkeeping (`id`, timestamps, claims). Plain objects, never mongoose documents.
 */

import type { ServiceCreditRule } from '../domain/service-credits';
import type {
  AuditAction,
  CheckinStatus,
  Contract,
  CorrectiveActionStatus,
  EscalationStatus,
  EscalationTrigger,
  IsoDate,
  Kpi,
  KpiDefinition,
  ObligationKind,
  ObligationOutcome,
  Person,
  Rag,
  Respondent,
  Score,
  Surface,
  ValueKind,
} from '../domain/types';

export interface Timestamps {
  createdAt: Date;
  updatedAt: Date;
}

export type ChatSurface = 'slack' | 'teams';

/** The identities by which a person can be looked up; one is enough. */
export interface PersonIdentity {
  slackUserId?: string;
  teamsUserId?: string;
}

export interface ContractRecord extends Contract, ServiceCreditTerms, Timestamps {
  id: string;
  /** Increases on every update; pass it back as `expectedRevision` to refuse lost updates. */
  revision: number;
  /** Steward's own record of the kickoff; absent until the checklist is first posted. */
  kickoff?: KickoffState;
  /** Steward's own record of the closeout of the current term; absent until its first step. */
  closeout?: CloseoutState;
}

/** How service credits are computed for a contract; see domain/service-credits.ts. */
export interface ServiceCreditTerms {
  serviceCreditRules?: ServiceCreditRule[];
  /** The most all rules together can credit in a period, as percent of the period fee; null for no cap. */
  creditCapPercent?: number | null;
}

export interface KickoffState {
  /** `surface:channelId` of every channel the kickoff checklist was posted in. */
  postedTo: string[];
  acknowledgedAt?: Date;
  acknowledgedBy?: Person;
}

export const CLOSEOUT_OUTCOMES = ['closed', 'renewed'] as const;
export type CloseoutOutcome = (typeof CLOSEOUT_OUTCOMES)[number];

export interface CloseoutState {
  /** The end date the steps were counted from; a renewal moves the end date and so starts them again. */
  endDate: IsoDate;
  /** Steps posted for that end date (`t-60`, `t-30`, `t-0`). */
  steps: string[];
  outcome?: CloseoutOutcome;
  decidedAt?: Date;
  decidedBy?: Person;
  note?: string;
  /** For a renewal: the end date of the term that was renewed. */
  previousEndDate?: IsoDate;
}

export interface KpiRecord extends Kpi, Timestamps {
  id: string;
  /** When the current version took effect. */
  effectiveFrom: Date;
}

export interface KpiVersionRecord extends KpiDefinition {
  id: string;
  contractRef: string;
  key: string;
  version: number;
  effectiveFrom: Date;
  changedBy?: Person;
  reason?: string;
  createdAt: Date;
}

/** Where a check-in prompt was posted, so it can be updated or threaded on later. */
export interface PromptRef {
  surface: ChatSurface;
  /** Slack channel id or Teams conversation id. */
  channelId: string;
  /** Slack message `ts`. */
  messageTs?: string;
  /** Teams activity id of the card. */
  activityId?: string;
  serviceUrl?: string;
  postedAt: Date;
}

export interface CheckinRespondent {
  role: Respondent;
  people: Person[];
}

export interface NewCheckin {
  contractRef: string;
  kpiKey: string;
  kpiVersion: number;
  periodKey: string;
  periodStart: Date;
  periodEnd: Date;
  dueAt: Date;
  remindAt?: Date;
  graceEndsAt?: Date;
  respondent: CheckinRespondent;
}

export interface CheckinRecord extends NewCheckin, Timestamps {
  id: string;
  status: CheckinStatus;
  /** When the scheduler next has to look at this check-in (prompt, reminder, grace end); unset once closed. */
  nextActionAt?: Date;
  remindedAt?: Date;
  prompts: PromptRef[];
  snoozedUntil?: Date;
  snoozedBy?: Person;
  notApplicableReason?: string;
  notApplicableBy?: Person;
  answeredScoreId?: string;
  answeredAt?: Date;
  missedAt?: Date;
  claimedBy?: string;
  claimExpiresAt?: Date;
}

export interface ScoreInput {
  value: number;
  rag: Rag;
  /** The KPI version the value was evaluated against. */
  kpiVersion: number;
  comment?: string;
  evidenceUrl?: string;
  answeredBy: Person;
  surface: Surface;
  /** Defaults to the store's clock. */
  answeredAt?: Date;
}

/** The value a score had before a correction replaced it. */
export interface ScoreCorrection {
  revision: number;
  previous: {
    value: number;
    rag: Rag;
    kpiVersion: number;
    comment?: string;
    evidenceUrl?: string;
    answeredBy: Person;
    answeredAt: Date;
    surface: Surface;
  };
  correctedBy: Person;
  correctedAt: Date;
  reason: string;
}

export interface ScoreRecord extends Score, Timestamps {
  id: string;
  checkinId?: string;
  periodStart: Date;
  periodEnd: Date;
  /** 1 for the original answer, +1 per correction. */
  revision: number;
  /** Oldest first; each entry keeps the value that was replaced. */
  corrections: ScoreCorrection[];
}

/** The few fields portfolio views need, read with a projection. */
export type ScoreSummary = Pick<
  ScoreRecord,
  'id' | 'contractRef' | 'kpiKey' | 'kpiVersion' | 'periodKey' | 'periodStart' | 'value' | 'rag' | 'answeredAt'
>;

/** A thread where an escalation is discussed, per surface. */
export interface ThreadRef {
  surface: ChatSurface;
  channelId: string;
  /** Slack `thread_ts` of the root message. */
  threadTs?: string;
  /** Teams activity id of the root card. */
  activityId?: string;
  serviceUrl?: string;
}

export const ESCALATION_HISTORY_ACTIONS = [
  'opened',
  'climbed',
  'notified',
  'acknowledged',
  'resolved',
  'note',
] as const;
export type EscalationHistoryAction = (typeof ESCALATION_HISTORY_ACTIONS)[number];

export interface EscalationHistoryEntry {
  at: Date;
  action: EscalationHistoryAction;
  level: number;
  by?: Person;
  note?: string;
}

export interface NewEscalation {
  contractRef: string;
  /** Identifies what opened it, e.g. `red-score:<checkinId>`; one escalation per source. */
  sourceKey: string;
  trigger: EscalationTrigger;
  summary: string;
  kpiKey?: string;
  checkinId?: string;
  obligationId?: string;
  correctiveActionId?: string;
  level?: number;
  levelNotifiedAt?: Date;
  /** When the current level's time to acknowledge runs out and the escalation climbs. */
  ackDueAt?: Date;
  openedBy?: Person;
}

export interface EscalationRecord extends Timestamps {
  id: string;
  contractRef: string;
  sourceKey: string;
  trigger: EscalationTrigger;
  summary: string;
  kpiKey?: string;
  checkinId?: string;
  obligationId?: string;
  correctiveActionId?: string;
  level: number;
  status: EscalationStatus;
  levelNotifiedAt?: Date;
  ackDueAt?: Date;
  threads: ThreadRef[];
  history: EscalationHistoryEntry[];
  acknowledgedBy?: Person;
  acknowledgedAt?: Date;
  resolvedBy?: Person;
  resolvedAt?: Date;
  resolutionNote?: string;
  claimedBy?: string;
  claimExpiresAt?: Date;
  /** Posts that failed for a reason that may pass (a 429, a 5xx, the network), to be tried again. */
  pendingPosts?: PendingEscalationPost[];
}

/**
 * An escalation post to try again: `root` is the escalation message itself (whose thread the notices go to),
 * `notice` a line in an existing thread (`threadId`) that mentions `mention`.
 */
export interface PendingEscalationPost {
  kind: 'root' | 'notice';
  surface: 'slack' | 'teams';
  channelId: string;
  serviceUrl?: string;
  threadId?: string;
  text?: string;
  mention?: Person[];
  /** A notice's `about` (ChatNotice). */
  about?: string;
  attempts: number;
  retryAt: Date;
}

/** Which corrective-action status may follow which. */
export const CORRECTIVE_ACTION_TRANSITIONS: Record<CorrectiveActionStatus, readonly CorrectiveActionStatus[]> = {
  planned: ['approved', 'cancelled'],
  approved: ['in-progress', 'cancelled'],
  'in-progress': ['verified', 'cancelled'],
  verified: ['closed', 'in-progress'],
  closed: [],
  cancelled: [],
};

export interface CorrectiveActionHistoryEntry {
  at: Date;
  from?: CorrectiveActionStatus;
  to: CorrectiveActionStatus;
  by: Person;
  note?: string;
}

export interface NewCorrectiveAction {
  contractRef: string;
  action: string;
  owner: Person;
  dueDate: IsoDate;
  kpiKey?: string;
  escalationId?: string;
  obligationId?: string;
  createdBy: Person;
}

export interface CorrectiveActionRecord extends Omit<NewCorrectiveAction, 'createdBy'>, Timestamps {
  id: string;
  status: CorrectiveActionStatus;
  createdBy: Person;
  history: CorrectiveActionHistoryEntry[];
}

export const RECURRENCES = ['none', 'monthly', 'quarterly', 'yearly'] as const;
export type Recurrence = (typeof RECURRENCES)[number];

export interface ObligationEvidence {
  url?: string;
  note?: string;
  by: Person;
  at: Date;
}

export interface NewObligation {
  contractRef: string;
  kind: ObligationKind;
  title: string;
  description?: string;
  owner: Person;
  dueDate: IsoDate;
  recurrence: Recurrence;
  createdBy: Person;
}

export interface ObligationRecord extends NewObligation, Timestamps {
  id: string;
  /** Shared by every occurrence of a recurring obligation; the first occurrence's id. */
  seriesId: string;
  outcome: ObligationOutcome;
  evidence: ObligationEvidence[];
  fulfilledAt?: Date;
  outcomeBy?: Person;
  waivedBy?: Person;
  waivedReason?: string;
  remindedAt?: Date;
}

export const RISK_STATUSES = ['open', 'mitigating', 'accepted', 'closed'] as const;
export type RiskStatus = (typeof RISK_STATUSES)[number];

export interface NewRisk {
  contractRef: string;
  title: string;
  description?: string;
  /** 1 (rare) to 5 (almost certain). */
  likelihood: number;
  /** 1 (minor) to 5 (severe). */
  impact: number;
  mitigation?: string;
  owner: Person;
  reviewDate: IsoDate;
  status?: RiskStatus;
  createdBy: Person;
}

export interface RiskRecord extends Omit<NewRisk, 'status'>, Timestamps {
  id: string;
  status: RiskStatus;
  /** likelihood × impact, 1 to 25. */
  score: number;
}

export interface NewValueRecord {
  contractRef: string;
  periodKey: string;
  kind: ValueKind;
  planned: number;
  realized: number;
  currency: string;
  note?: string;
  recordedBy: Person;
}

export interface ValueRecordEntry extends NewValueRecord, Timestamps {
  id: string;
}

export interface ValueTotals {
  kind: ValueKind;
  currency: string;
  planned: number;
  realized: number;
  records: number;
}

export interface NewLesson {
  contractRef: string;
  vendorName: string;
  category?: string;
  text: string;
  author: Person;
}

export interface LessonRecord extends NewLesson {
  id: string;
  createdAt: Date;
}

/** Snapshots are JSON-like values; user text only ever appears as a value, never as a key. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const GLOBAL_AUDIT_SCOPE = 'global';

export interface NewAuditEvent {
  /** A contract reference, or `global` for events that belong to no contract. */
  contractRef?: string;
  actor: Person;
  surface: Surface;
  action: AuditAction;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  /** Defaults to the store's clock. */
  at?: Date;
}

export interface AuditEventRecord {
  id: string;
  contractRef: string;
  seq: number;
  at: Date;
  actor: Person;
  surface: Surface;
  action: AuditAction;
  entityType: string;
  entityId: string;
  before: JsonValue;
  after: JsonValue;
  prevHash: string;
  hash: string;
}

export type ChainVerification =
  | { ok: true; count: number }
  | { ok: false; count: number; brokenAt: number; reason: string };

export interface LeaseRecord {
  name: string;
  owner: string;
  /** Increases with every acquisition, so a stale holder can tell it lost the lease. */
  generation: number;
  acquiredAt: Date;
  expiresAt: Date;
}
