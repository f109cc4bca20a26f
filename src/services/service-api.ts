import type {
  ChatDestination,
  ChatFile,
  CheckinItemView,
  EscalationView,
  PostedMessage,
  ScorecardLine,
  ScorecardView,
  SurfaceName,
} from '../chat/chat-surface';
import type { CheckinWhereabouts } from '../chat/checkin-whereabouts';
import type { FinalEvaluation } from '../domain/closeout';
import type { ServiceCreditRule, ServiceCreditStatement } from '../domain/service-credits';
import type {
  ChannelPurpose,
  Contract,
  ContractStatus,
  CorrectiveActionStatus,
  EscalationStatus,
  Kpi,
  KpiKind,
  Money,
  ObligationKind,
  ObligationOutcome,
  Person,
  Rag,
  Surface,
  ValueKind,
} from '../domain/types';
import type { PortfolioValueSummary, ValueSummary } from '../domain/value-realization';

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

// The scorecard view models are the chat interface's (services hand them to surfaces); named here too.
export type { ScorecardLine, ScorecardView };

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
  /** The worst latest RAG of its KPIs; `none` before the first score. */
  rag?: Rag | 'none';
  /** Ending from today to this many days from today. */
  endingWithinDays?: number;
  /** Words that must each appear in the reference, title or vendor name (plain text, any case). */
  words?: string[];
}

/** A page of a contract list: where it starts, how many it holds at most, and how many match in all. */
export interface ContractPage {
  contracts: ContractSummary[];
  total: number;
  offset: number;
  pageSize: number;
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
  /** The worst latest RAG of its KPIs and how many are red and amber (absent where not computed). */
  worstRag?: Rag | null;
  red?: number;
  amber?: number;
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
  /**
   * The same person sent the same answer again (a redelivered or double-submitted form): nothing was written,
   * and this is the score their first submission saved.
   */
  repeated?: boolean;
  /**
   * With `followUpsLater`: the score's audit event, prompt redraw and escalation, still running when the
   * result came back (`escalationOpened` above is then false until this says). Never rejects: what fails is
   * finished later by the recovery pass.
   */
  followUps?: Promise<{ escalationOpened: boolean }>;
}

/**
 * A change shown in chat is redrawn by the service in every message it knows shows it (each one chat.update,
 * or its Teams equivalent). A surface that also redraws the message a person acted on learns here which
 * messages are done, so it draws only one the service did not (an older prompt a reminder replaced): one
 * update per message, never two, and no read of the message back.
 */
export interface RedrawOptions {
  /** Called once for each message the service updated with the change, before the method returns. */
  onRedrawn?: (message: PostedMessage) => void;
}

export interface SubmitScoreOptions extends RedrawOptions {
  /**
   * Return once the score is saved and run its follow-ups after (see ScoreResult.followUps); `onRedrawn` is
   * then called before `followUps` settles.
   */
  followUpsLater?: boolean;
}

export interface EscalationSummary {
  id: string;
  contractRef: string;
  contractTitle: string;
  kpiKey?: string;
  /** The KPI's name, when the escalation is about one. */
  kpiName?: string;
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
  /** The first of the contracts this person owns, worst first (at most a list page). */
  ownedContracts: ContractSummary[];
  /** How many they own in all, and how many of those need them: counted where the data lives, never what was shown. */
  owned?: { total: number; red: number; amber: number; endingSoon: number; endingWithinDays: number };
  /** The first of the open escalations this person is part of (at most HOME_LIMIT). */
  openEscalations: EscalationSummary[];
  /** How many check-ins wait for them and how many escalations are open in all: what a heading counts. */
  totals?: { pendingCheckins: number; openEscalations: number };
  /** People and channels of the contracts this person manages that Steward cannot reach: fix the roles. */
  unreachable: UnreachableView[];
}

export interface UnreachableView {
  contractRef: string;
  /** A person's name or "one of its channels": never an id. */
  what: string;
  surface: SurfaceName;
  /** Why, in words (`reasonText`). */
  reason: string;
  /** When Steward looks again by itself; a change of roles makes it try at once. */
  nextCheckAt: Date;
}

export interface ContractsApi {
  /** Validates everything first; the actor becomes owner unless the input names one. */
  create(actor: Actor, input: unknown): Promise<Contract>;
  /**
   * One page of the contracts the actor may see that match the filter, by reference, with the true total (a
   * vendor's total counts only their own contracts). `offset` past the end gives the last page. `limit` (a
   * picker's options, at most 100) replaces the list's page size of 20.
   */
  list(actor: Actor, filter: ContractFilter, page?: { offset?: number; limit?: number }): Promise<ContractPage>;
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
  /**
   * Refuses (`forbidden`, with the reason) anyone who may not change the contract's roles or escalation path,
   * before a form for them opens: a form that is refused only when saved wastes the person's typing.
   */
  requireManager(actor: Actor, reference: string): Promise<void>;
}

export interface CheckinsApi {
  /** Creates the current period's check-ins for the contract (or one KPI) and prompts them now. */
  /**
   * Prompts the contract's check-ins of the last complete period that are still to send; for the rest it says
   * where each one stands (`alreadyOut`), so "nothing to send" never leaves the person guessing.
   */
  sendNow(actor: Actor, reference: string, kpiKey?: string): Promise<SendNowResult>;
  /** Access check and what the score modal/card needs; refuses answered or missed check-ins clearly. */
  openScoreForm(actor: Actor, checkinId: string): Promise<ScoreFormView>;
  /** input: { value, comment?, evidenceUrl? } as typed by the user (strings accepted). */
  submitScore(actor: Actor, checkinId: string, input: unknown, options?: SubmitScoreOptions): Promise<ScoreResult>;
  openCorrectionForm(actor: Actor, scoreId: string): Promise<ScoreFormView>;
  correctScore(actor: Actor, scoreId: string, input: unknown, options?: RedrawOptions): Promise<ScoreResult>;
  markNotApplicable(actor: Actor, checkinId: string, input: unknown, options?: RedrawOptions): Promise<CheckinItemView>;
  snooze(actor: Actor, checkinId: string, options?: RedrawOptions): Promise<CheckinItemView>;
}

export type { CheckinWhereabouts };

export interface SendNowResult {
  prompted: number;
  alreadyOut: CheckinWhereabouts[];
}

export interface EscalationsApi {
  listOpen(actor: Actor, reference?: string): Promise<EscalationSummary[]>;
  acknowledge(actor: Actor, escalationId: string, options?: RedrawOptions): Promise<EscalationView>;
  /** input: { action, owner (Person or user id), dueDate: YYYY-MM-DD } */
  addCorrectiveAction(
    actor: Actor,
    escalationId: string,
    input: unknown,
    options?: RedrawOptions,
  ): Promise<EscalationView>;
  resolve(actor: Actor, escalationId: string, input: unknown, options?: RedrawOptions): Promise<EscalationView>;
}

export interface DashboardApi {
  home(actor: Actor): Promise<HomeView>;
}

export interface AuditApi {
  /** Records a refusal seen at the surface (e.g. a vendor trying a management command). */
  recordRefusal(actor: Actor, what: string, contractRef?: string): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Kickoff, obligations, risks, corrective actions, service credits, value, closeout, audit trail,
// reports and imports.

/** A file Steward made (a chart, an export, a claim pack), and where it was posted if it was. */
export interface FileResult {
  file: ChatFile;
  /** Absent when no chat place could be reached; the surface can still offer `file` itself. */
  posted?: PostedMessage;
}

export interface KickoffKpiLine {
  key: string;
  name: string;
  /** `monthly`, `quarterly`, `weekly` or `milestones (3)`. */
  cadence: string;
  respondent: 'owner' | 'vendor';
  direction: 'higher-is-better' | 'lower-is-better';
  /** Formatted for chat, e.g. `99.5%`. */
  target: string;
  warning: string;
  breach: string;
}

/** The kickoff checklist: who is who, what is measured, and whether the vendor acknowledged it. */
export interface KickoffView {
  contractRef: string;
  contractTitle: string;
  vendorName: string;
  startDate: string;
  endDate: string;
  /** Governance roles with their people; in the vendor view only the owners. */
  roles: Array<{ role: string; people: Person[] }>;
  vendorContacts: Person[];
  /** Empty in the vendor view. */
  escalationPath: Array<{ level: number; people: Person[]; role?: string; ackWithinHours: number }>;
  /** In the vendor view only vendor-visible KPIs. */
  kpis: KickoffKpiLine[];
  vendorView: boolean;
  acknowledged: { by: Person; at: Date } | null;
}

export interface KickoffApi {
  checklist(actor: Actor, reference: string): Promise<KickoffView>;
  /** Posts the checklist in every linked channel that has not had it yet (manager only). */
  postKickoff(actor: Actor, reference: string): Promise<{ posted: number }>;
  /** The vendor confirms the kickoff; recorded and audited once, later calls return the first acknowledgment. */
  acknowledgeKickoff(actor: Actor, reference: string): Promise<KickoffView & { alreadyAcknowledged: boolean }>;
}

export interface ObligationView {
  id: string;
  contractRef: string;
  kind: ObligationKind;
  title: string;
  description?: string;
  owner: Person;
  dueDate: string;
  recurrence: 'none' | 'monthly' | 'quarterly' | 'yearly';
  outcome: ObligationOutcome;
  /** Open and past its due date in the contract's timezone. */
  overdue: boolean;
  evidence: Array<{ url?: string; note?: string; by: Person; at: Date }>;
  outcomeBy?: Person;
  fulfilledAt?: Date;
  waivedBy?: Person;
  waivedReason?: string;
}

export interface ObligationsApi {
  /** input: { kind, title, description?, owner, dueDate: YYYY-MM-DD, recurrence? } (manager only). */
  create(actor: Actor, reference: string, input: unknown): Promise<ObligationView>;
  /** A vendor sees the obligations its own contacts owe. */
  list(actor: Actor, reference: string, filter?: { open?: boolean }): Promise<ObligationView[]>;
  /** input: { url?, note? }; by a manager, the obligation's owner or the vendor. */
  addEvidence(actor: Actor, obligationId: string, input: unknown): Promise<ObligationView>;
  /**
   * input: { outcome: fulfilled | not-fulfilled | waived, evidenceUrl?, note?, waivedReason? }.
   * "fulfilled" becomes on time or late by today's date against the due date; waiving needs a reason.
   * Closing an occurrence of a recurring obligation creates the next one (returned as `next`).
   */
  setOutcome(
    actor: Actor,
    obligationId: string,
    input: unknown,
  ): Promise<{ obligation: ObligationView; next: ObligationView | null }>;
}

export interface RiskView {
  id: string;
  contractRef: string;
  title: string;
  description?: string;
  likelihood: number;
  impact: number;
  /** likelihood × impact, 1 to 25. */
  score: number;
  rating: 'low' | 'medium' | 'high' | 'critical';
  mitigation?: string;
  owner: Person;
  reviewDate: string;
  status: 'open' | 'mitigating' | 'accepted' | 'closed';
}

export interface RiskHeatMapView {
  contractRef: string;
  /** `cells[likelihood - 1][impact - 1]`, open and mitigating risks only. */
  cells: Array<
    Array<{
      likelihood: number;
      impact: number;
      score: number;
      rating: RiskView['rating'];
      count: number;
      titles: string[];
    }>
  >;
  total: number;
}

export interface RisksApi {
  /** input: { title, description?, likelihood 1–5, impact 1–5, mitigation?, owner, reviewDate, status? } */
  create(actor: Actor, reference: string, input: unknown): Promise<RiskView>;
  /** Any of the fields of create; by a manager or the risk's owner. */
  update(actor: Actor, riskId: string, input: unknown): Promise<RiskView>;
  /** Highest score first; closed and accepted risks only when asked for. */
  list(actor: Actor, reference: string, filter?: { includeClosed?: boolean }): Promise<RiskView[]>;
  heatMap(actor: Actor, reference: string): Promise<RiskHeatMapView>;
  /** The heat map as a PNG, uploaded where asked (internal places only). */
  postHeatMap(actor: Actor, reference: string, destination?: ChatDestination): Promise<FileResult>;
}

export interface CorrectiveActionView {
  id: string;
  contractRef: string;
  action: string;
  owner: Person;
  dueDate: string;
  status: CorrectiveActionStatus;
  escalationId?: string;
  obligationId?: string;
  kpiKey?: string;
  history: Array<{ at: Date; from?: CorrectiveActionStatus; to: CorrectiveActionStatus; by: Person; note?: string }>;
  /** The statuses it may move to next. */
  nextSteps: CorrectiveActionStatus[];
}

export interface CorrectiveActionsApi {
  list(actor: Actor, reference: string, filter?: { open?: boolean }): Promise<CorrectiveActionView[]>;
  /** A plan for an obligation that was not fulfilled or is overdue; input: { action, owner, dueDate }. */
  planForObligation(actor: Actor, obligationId: string, input: unknown): Promise<CorrectiveActionView>;
  /**
   * input: { status?, action?, owner?, dueDate?, note? }. Status moves along plan → approved (manager) →
   * in-progress (its owner or a manager) → verified (manager) → closed (manager), or cancelled (manager);
   * verified may go back to in-progress when the fix did not hold. Other fields are a manager's.
   */
  update(actor: Actor, actionId: string, input: unknown): Promise<CorrectiveActionView>;
}

export interface ServiceCreditTermsView {
  contractRef: string;
  periodFee: Money | null;
  rules: ServiceCreditRule[];
  contractCapPercent: number | null;
}

export interface ServiceCreditClaimPack {
  contractRef: string;
  periodKey: string;
  statement: ServiceCreditStatement;
  /** The message posted with the CSV. */
  summary: string;
  /** The claim file (CSV unless .xlsx was asked): one line per rule with its score, threshold, credit and evidence, then the totals. */
  csv: FileResult;
}

export interface ServiceCreditsApi {
  terms(actor: Actor, reference: string): Promise<ServiceCreditTermsView>;
  /**
   * input: { periodFee?: number, rules: [{ kpiKey, percentOfFeePerPoint, capPercent, flatPercentOnBreach? }],
   * contractCapPercent? } (manager only). The fee is in the contract's currency.
   */
  setTerms(actor: Actor, reference: string, input: unknown): Promise<ServiceCreditTermsView>;
  /** The credits for one period, e.g. `2026-03` (internal only). */
  compute(actor: Actor, reference: string, periodKey: unknown): Promise<ServiceCreditStatement>;
  /** The statement as a claim pack (CSV, or .xlsx) with a summary message, uploaded where asked (manager only). */
  claimPack(
    actor: Actor,
    reference: string,
    periodKey: unknown,
    destination?: ChatDestination,
    format?: 'csv' | 'xlsx',
  ): Promise<ServiceCreditClaimPack>;
}

export interface ValueRecordView {
  id: string;
  contractRef: string;
  periodKey: string;
  kind: ValueKind;
  planned: number;
  realized: number;
  currency: string;
  note?: string;
  recordedBy: Person;
}

export interface ValueApi {
  /** input: { periodKey, kind, planned, realized, currency, note? } (manager only). */
  record(actor: Actor, reference: string, input: unknown): Promise<ValueRecordView>;
  summary(actor: Actor, reference: string): Promise<ValueSummary & { contractRef: string }>;
  /** Every contract's value, added up per kind and currency (internal people only). */
  portfolio(actor: Actor): Promise<PortfolioValueSummary>;
}

export interface FinalEvaluationView extends FinalEvaluation {
  contractRef: string;
  contractTitle: string;
  startDate: string;
  endDate: string;
}

export interface LessonView {
  contractRef: string;
  vendorName: string;
  category?: string;
  text: string;
  author: Person;
  createdAt: Date;
}

export interface CloseoutApi {
  /** The evaluation over the whole term so far: term score, obligations, escalations, value, recommendation. */
  finalEvaluation(actor: Actor, reference: string): Promise<FinalEvaluationView>;
  /** input: the lesson as text, or { text, category? }; by the contract's governance roles and escalation path. */
  recordLesson(actor: Actor, reference: string, input: unknown): Promise<LessonView>;
  /**
   * Ends the closeout (manager only). 'closed': the contract moves through closing to closed.
   * 'renewed': a new term; input { note, newEndDate } moves the end date, the contract stays running
   * (returning from closing to active), and the closeout steps start again for the new end date.
   * input is the note as text, or { note, newEndDate? }.
   */
  closeContract(actor: Actor, reference: string, outcome: 'closed' | 'renewed', input: unknown): Promise<Contract>;
  /** Up to 3 lessons from earlier contracts with the same vendor or category, newest first (internal only). */
  lessonsFor(actor: Actor, reference: string): Promise<LessonView[]>;
}

export type AuditVerification =
  | { ok: true; count: number }
  | { ok: false; count: number; brokenAt: number; reason: string };

export interface AuditTrailApi {
  /** Recomputes the contract's hash chain; reports the first event that was altered, removed or reordered. */
  verifyAudit(actor: Actor, reference: string): Promise<AuditVerification>;
  /** The whole trail with its hashes, as CSV or JSON, uploaded where asked (manager only, internal places). */
  exportAudit(
    actor: Actor,
    reference: string,
    format: 'csv' | 'json',
    destination?: ChatDestination,
  ): Promise<FileResult & { verification: AuditVerification }>;
  /**
   * Checks a JSON export against its own hashes and against the stored trail; an event edited after
   * export is refused with `validation` naming the event (manager only).
   */
  verifyAuditExport(actor: Actor, reference: string, jsonText: string): Promise<{ ok: true; count: number }>;
}

export type ExportKind = 'contracts' | 'kpis' | 'scores' | 'escalations';
/** CSV keeps its formula guard; xlsx types numbers and dates and colours RAG cells (reports/xlsx.ts). */
export type ExportFormat = 'csv' | 'xlsx' | 'json';

export interface ReportsApi {
  /** A trend chart per KPI and a green/amber/red heat map over periods, as PNGs uploaded where asked. */
  scorecardCharts(actor: Actor, reference: string, destination?: ChatDestination): Promise<FileResult[]>;
  /**
   * For managers: contracts by their worst KPI in each of the last six months and the vendors with
   * the most red, over every contract the actor manages, as a PNG uploaded where asked (internal only).
   */
  portfolioChart(actor: Actor, destination?: ChatDestination): Promise<FileResult>;
  /**
   * Contracts, KPIs, scores or escalations as CSV, .xlsx or JSON: of one contract (its manager only),
   * or of every contract the actor manages. Vendors are refused.
   */
  exportData(
    actor: Actor,
    kind: ExportKind,
    format: ExportFormat,
    options?: { reference?: string; destination?: ChatDestination },
  ): Promise<FileResult & { count: number }>;
}

export interface ImportProblem {
  /** 1-based line in the file; the row number in a spreadsheet. */
  line: number;
  /** The column's name in the header; null for the whole row or file. */
  column: string | null;
  message: string;
  /** In a spreadsheet: the sheet and the cell, such as D7. */
  sheet?: string;
  cell?: string;
}

export interface ImportOptions {
  dryRun: boolean;
  /** The spreadsheet's sheet to read; the first when not given. */
  sheet?: string;
  /** The decimal mark the file uses, when the dry run asked (`question`). */
  decimalMark?: 'point' | 'comma';
}

export interface ImportReport {
  dryRun: boolean;
  /** True when every row is good (and, unless a dry run, every contract was created). */
  ok: boolean;
  contracts: Array<{ reference: string; title: string; line: number; kpis: number }>;
  errors: ImportProblem[];
  /** How the file was read: "CSV, semicolon-separated, Windows-1252, decimal comma". */
  format?: string;
  /** A workbook's sheets, when it has more than one: the one read (`sheet`) and the others to choose from. */
  sheets?: { read: string; all: string[] };
  /**
   * Set when the file leaves its decimal mark open (`1,250`: 1.25 or 1250): nothing is imported
   * until the person says which, through `decimalMark`.
   */
  question?: {
    kind: 'decimal-mark';
    examples: Array<{ line: number; column: string; text: string; asPoint: number; asComma: number }>;
  };
}

export interface ImportsApi {
  /**
   * Contracts and their KPIs from CSV text or the bytes of a CSV or .xlsx file, one row per KPI (see
   * reports/contract-import.ts for the columns, reports/import-file.ts for the encodings and separators).
   * A dry run reports every bad row by line and column and writes nothing. A real import writes
   * nothing when any row is bad (StewardError 'validation' listing them), creates the contracts as
   * drafts otherwise, and undoes what it created if a write fails half-way.
   */
  importContracts(actor: Actor, file: string | Uint8Array, options: ImportOptions): Promise<ImportReport>;
}

export interface ForecastsApi {
  /** Turns a KPI's early warnings off or back on (contract managers only); audited. */
  setWarnings(
    actor: Actor,
    reference: string,
    kpiKey: string,
    on: boolean,
  ): Promise<{ contractRef: string; kpiKey: string; kpiName: string; on: boolean }>;
}

export interface ReviewPacksApi {
  /** Records what a governance review decided (contract managers only) against the latest pack; audited. */
  recordDecision(
    actor: Actor,
    reference: string,
    input: { dueDate: string; owner?: Person; text: string },
  ): Promise<{ contractRef: string; quarterKey: string; text: string; ownerName: string; dueDate: string }>;
  /**
   * The same, typed in the thread of a pack's message (`messageId` in `channelId`): recorded against that pack.
   * A thread that is not an internal pack's is refused, saying how to name the contract instead.
   */
  recordDecisionInThread(
    actor: Actor,
    thread: { surface: 'slack' | 'teams'; channelId: string; messageId: string },
    input: { dueDate: string; owner?: Person; text: string },
  ): Promise<{ contractRef: string; quarterKey: string; text: string; ownerName: string; dueDate: string }>;
}

export interface StewardServices {
  contracts: ContractsApi;
  checkins: CheckinsApi;
  escalations: EscalationsApi;
  dashboard: DashboardApi;
  audit: AuditApi;
  kickoff: KickoffApi;
  obligations: ObligationsApi;
  risks: RisksApi;
  correctiveActions: CorrectiveActionsApi;
  serviceCredits: ServiceCreditsApi;
  value: ValueApi;
  closeout: CloseoutApi;
  auditTrail: AuditTrailApi;
  reports: ReportsApi;
  imports: ImportsApi;
  forecasts: ForecastsApi;
  reviewPacks: ReviewPacksApi;
}

/** Where a destination's contract content may go: vendor-shared places get the vendor view only. */
export function isSharedDestination(destination: ChatDestination): boolean {
  return destination.purpose === 'vendor';
}

export type { KpiKind };
