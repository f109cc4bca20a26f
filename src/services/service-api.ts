import type {
  ChatDestination,
  CheckinItemView,
  EscalationView,
  PostedMessage,
  SurfaceName,
} from '../chat/chat-surface';
import type {
  ChannelPurpose,
  Contract,
  ContractStatus,
  EscalationStatus,
  Kpi,
  KpiKind,
  Person,
  Rag,
  Surface,
} from '../domain/types';

/**
 * What the chat surfaces may ask of Steward. Handlers in src/slack and src/teams translate a
 * request into one of these calls and render the answer; every rule (who may do what, what a
 * valid value is, what gets audited) lives behind this line, once, for both surfaces.
 *
 * Every method that takes user input accepts `unknown` and validates it with the zod schemas in
 * inputs.ts, throwing StewardError('validation', message, { fieldErrors }) keyed by field name, so
 * a modal or card can show the message next to the field. Refusals throw StewardError('forbidden')
 * with a polite message and are audited as `access.refused`.
 */

/** Who is acting, as the surface established it (never from user-typed text). */
export interface Actor {
  person: Person;
  surface: Surface;
  /**
   * A user from another organisation: a Slack Connect user whose team (and enterprise) differs
   * from the installation's, or a Teams guest/external user. External actors are vendors.
   */
  external: boolean;
  /** Where the request came from, when it came from a channel. */
  channel?: { surface: SurfaceName; channelId: string; shared: boolean };
}

export interface ContractFilter {
  status?: ContractStatus;
  /** Owner's Slack or Teams user id. */
  owner?: string;
  /** Vendor name, matched case-insensitively as plain text. */
  vendor?: string;
}

export interface ContractSummary {
  reference: string;
  title: string;
  vendorName: string;
  status: ContractStatus;
  owner: Person[];
  endDate: string;
  overallRag: Rag | null;
  overallScore: number | null;
  trend: 'improving' | 'declining' | 'stable' | 'insufficient-data';
}

export interface ScorecardLine {
  kpiKey: string;
  kpiName: string;
  unit: string;
  target: number;
  latest: { periodKey: string; value: number; displayValue: string; rag: Rag } | null;
  trend: 'improving' | 'declining' | 'stable' | 'insufficient-data';
  series: Array<{ periodKey: string; displayValue: string; rag: Rag }>;
  vendorVisible: boolean;
}

export interface ScorecardView {
  contractRef: string;
  contractTitle: string;
  vendorName: string;
  status: ContractStatus;
  overallScore: number | null;
  overallRag: Rag | null;
  trend: 'improving' | 'declining' | 'stable' | 'insufficient-data';
  lines: ScorecardLine[];
  /** True when internal-only KPIs were left out because the viewer is a vendor or the place is shared. */
  vendorView: boolean;
}

export interface ScoreFormView {
  checkinId: string;
  contractRef: string;
  contractTitle: string;
  kpi: Pick<
    Kpi,
    | 'key'
    | 'name'
    | 'unit'
    | 'kind'
    | 'direction'
    | 'baseline'
    | 'target'
    | 'warningThreshold'
    | 'breachThreshold'
    | 'evidenceRequired'
  >;
  periodKey: string;
  periodLabel: string;
  /** Set when correcting an accepted score. */
  current?: { scoreId: string; value: number; comment?: string; evidenceUrl?: string };
}

export interface ScoreResult {
  scoreId: string;
  rag: Rag;
  displayValue: string;
  item: CheckinItemView;
  escalationOpened: boolean;
}

export interface EscalationSummary {
  id: string;
  contractRef: string;
  contractTitle: string;
  kpiKey?: string;
  trigger: string;
  level: number;
  status: EscalationStatus;
  openedAt: Date;
  ackDueAt?: Date;
  thread?: PostedMessage;
}

export interface HomeView {
  person: Person;
  pendingCheckins: CheckinItemView[];
  ownedContracts: ContractSummary[];
  openEscalations: EscalationSummary[];
}

export interface ContractsApi {
  /** Validates everything first; the actor becomes owner unless the input names one. */
  create(actor: Actor, input: unknown): Promise<Contract>;
  list(actor: Actor, filter: ContractFilter): Promise<ContractSummary[]>;
  scorecard(actor: Actor, reference: string): Promise<ScorecardView>;
  setGovernance(actor: Actor, reference: string, input: unknown): Promise<Contract>;
  setEscalationPath(actor: Actor, reference: string, input: unknown): Promise<Contract>;
  linkChannel(
    actor: Actor,
    reference: string,
    input: { surface: SurfaceName; channelId: string; purpose: ChannelPurpose; serviceUrl?: string },
  ): Promise<Contract>;
  changeStatus(actor: Actor, reference: string, to: ContractStatus, reason?: string): Promise<Contract>;
  /** Creates a KPI, or a new version of an existing one (past scores keep their version). */
  upsertKpi(actor: Actor, reference: string, input: unknown): Promise<Kpi>;
  kpis(actor: Actor, reference: string): Promise<Kpi[]>;
}

export interface CheckinsApi {
  /** Creates the current period's check-ins for the contract (or one KPI) and prompts them now. */
  sendNow(actor: Actor, reference: string, kpiKey?: string): Promise<{ prompted: number }>;
  /** Access check and what the score modal/card needs; refuses answered or missed check-ins clearly. */
  openScoreForm(actor: Actor, checkinId: string): Promise<ScoreFormView>;
  /** input: { value, comment?, evidenceUrl? } as typed by the user (strings accepted). */
  submitScore(actor: Actor, checkinId: string, input: unknown): Promise<ScoreResult>;
  openCorrectionForm(actor: Actor, scoreId: string): Promise<ScoreFormView>;
  correctScore(actor: Actor, scoreId: string, input: unknown): Promise<ScoreResult>;
  markNotApplicable(actor: Actor, checkinId: string, input: unknown): Promise<CheckinItemView>;
  snooze(actor: Actor, checkinId: string): Promise<CheckinItemView>;
}

export interface EscalationsApi {
  listOpen(actor: Actor, reference?: string): Promise<EscalationSummary[]>;
  acknowledge(actor: Actor, escalationId: string): Promise<EscalationView>;
  /** input: { action, owner (Person or user id), dueDate: YYYY-MM-DD } */
  addCorrectiveAction(actor: Actor, escalationId: string, input: unknown): Promise<EscalationView>;
  resolve(actor: Actor, escalationId: string, input: unknown): Promise<EscalationView>;
}

export interface DashboardApi {
  home(actor: Actor): Promise<HomeView>;
}

export interface AuditApi {
  /** Records a refusal seen at the surface (e.g. a vendor trying a management command). */
  recordRefusal(actor: Actor, what: string, contractRef?: string): Promise<void>;
}

export interface StewardServices {
  contracts: ContractsApi;
  checkins: CheckinsApi;
  escalations: EscalationsApi;
  dashboard: DashboardApi;
  audit: AuditApi;
}

/** Where a destination's contract content may go: vendor-shared places get the vendor view only. */
export function isSharedDestination(destination: ChatDestination): boolean {
  return destination.purpose === 'vendor';
}

export type { KpiKind };
