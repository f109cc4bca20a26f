import type { ChannelPurpose, ContractStatus, Kpi, Person, Rag } from '../domain/types';

/**
 * The one interface services and the scheduler talk to. Slack and Teams each implement it;
 * nothing outside src/slack and src/teams knows which one it is talking to.
 *
 * Everything passed in is a surface-neutral view model: the surface decides how to render it
 * (Block Kit or Adaptive Cards) and never has to look anything up itself.
 */
export type SurfaceName = 'slack' | 'teams';

/** Where a message goes: a channel (or conversation), optionally inside a thread. */
export interface ChatDestination {
  surface: SurfaceName;
  channelId: string;
  threadId?: string;
  /** Teams needs it to send proactively. */
  serviceUrl?: string;
  /** A vendor-shared destination never receives internal-only content. */
  purpose: ChannelPurpose | 'direct';
}

/** A message the bot posted, enough to update it or reply in its thread. */
export interface PostedMessage {
  surface: SurfaceName;
  channelId: string;
  messageId: string;
  threadId?: string;
  serviceUrl?: string;
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
  /**
   * The next period's forecast and its interval, shown beside the trend, e.g. "forecast 98.73% next month
   * (80% between 98.59% and 98.87%)"; absent with too few scores to forecast.
   */
  forecast?: { summary: string; breachAhead: boolean };
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

export interface CheckinItemView {
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
  dueAt: Date;
  state:
    | { status: 'open' }
    | {
        status: 'answered';
        /** Lets the message offer a Correct button. */
        scoreId?: string;
        value: number;
        displayValue: string;
        rag: Rag;
        answeredBy: Person;
        answeredAt: Date;
        corrected?: boolean;
      }
    | { status: 'not-applicable'; reason: string; answeredBy: Person; answeredAt: Date }
    | { status: 'snoozed'; until: Date }
    | { status: 'missed' };
}

export interface CheckinPromptView {
  /** One prompt may list several check-ins for one respondent (grouped prompts). */
  items: CheckinItemView[];
  /** Who the prompt is addressed to, mentioned in the message. */
  addressees: Person[];
  reminder?: boolean;
  /** Opened from a dashboard (Teams home's "Answer"): the card keeps its way back there, answered or not. */
  returnTo?: 'home';
}

export interface EscalationView {
  escalationId: string;
  contractRef: string;
  contractTitle: string;
  trigger: string;
  headline: string;
  facts: Array<{ label: string; value: string }>;
  trend: Array<{ periodKey: string; displayValue: string; rag: Rag }>;
  level: number;
  levelCount: number;
  mention: Person[];
  ackDueAt?: Date;
  status: 'open' | 'acknowledged' | 'resolved';
  statusLine?: string;
}

export interface ChatNotice {
  text: string;
  mention?: Person[];
  /**
   * What a threaded notice answers ("ACME-2026-001 · Red score · Availability, level 1"), for a surface that
   * cannot reply in a thread there (a Teams personal or group chat) and posts it as a message of its own.
   */
  about?: string;
  /** A step the reader can take from the message itself; surfaces render it as a button. */
  action?: { kind: 'acknowledge-kickoff'; contractRef: string };
}

/** A scorecard digest for a review (monthly, quarterly) or a `/steward scorecard` answer posted in a channel. */
export interface ScorecardDigestView {
  heading: string;
  scorecard: ScorecardView;
}

/** A file to show in chat: a PNG chart, a CSV or JSON export, a claim pack. */
export interface ChatFile {
  filename: string;
  title: string;
  content: Buffer;
  /** `image/png`, `text/csv` or `application/json`. */
  mimeType: string;
  /** Text posted with the file. */
  comment?: string;
  /** For images: what the picture shows, in words (Slack `alt_text`, Teams `altText`). */
  altText?: string;
  /** Where the file can be downloaded, for a surface that shows files by link (and Slack when an upload fails). */
  link?: FileLink;
}

/** A signed download link to one file on Steward's own HTTP server, good until `expiresAt`. */
export interface FileLink {
  url: string;
  expiresAt: Date;
}

export interface PromptMetadata {
  /** The comma-separated ids of the check-ins the prompt lists; stored with the message for findPostedPrompt. */
  promptKey: string;
  /**
   * Wall-clock time (ms) after which the prompt must not be posted any more: the sender's claim on its
   * check-ins runs out then, and another replica may post it. A surface that queues posts checks it when the
   * post's turn comes, and fails the post instead.
   */
  deadline?: number;
}

export interface ChatSurface {
  readonly name: SurfaceName;
  postCheckinPrompt(
    destination: ChatDestination,
    prompt: CheckinPromptView,
    metadata: PromptMetadata,
  ): Promise<PostedMessage>;
  updateCheckinPrompt(message: PostedMessage, prompt: CheckinPromptView): Promise<void>;
  /**
   * Looks for a prompt posted since `since` that shows the check-in `checkinId` (recovery after a crash
   * mid-dispatch), so an expired claim is finished without posting twice. A prompt's key is the
   * comma-separated ids of the check-ins it lists, so a grouped prompt is found by any of them.
   */
  findPostedPrompt(destination: ChatDestination, checkinId: string, since: Date): Promise<PostedMessage | null>;
  postEscalation(destination: ChatDestination, escalation: EscalationView): Promise<PostedMessage>;
  updateEscalation(message: PostedMessage, escalation: EscalationView): Promise<void>;
  postNotice(destination: ChatDestination, notice: ChatNotice): Promise<PostedMessage>;
  /** Posts a scorecard digest; a vendor-shared destination only ever receives a vendor view. */
  postScorecard(destination: ChatDestination, digest: ScorecardDigestView): Promise<PostedMessage>;
  /**
   * Opens (or reuses) a direct conversation with a person; null when the person has no id on this surface.
   * Throws a DeliveryFailure (delivery-failure.ts) when the platform refuses or fails, so the services can
   * tell a deactivated account (remembered) from a 429 (retried later).
   */
  directDestination(person: Person): Promise<ChatDestination | null>;
  /**
   * The person's own IANA timezone, when the surface knows it (Slack: their profile); null otherwise.
   * Prompts go out at the prompt hour in it, else in the contract's timezone.
   */
  personTimezone?(person: Person): Promise<string | null>;
  /**
   * The people directory: the person's display name as this surface knows it (Slack: users.info; Teams: the
   * people who wrote to the bot and the members of its conversations), cached by the surface; null when it
   * does not know them. Steward never shows a person a bare user id or GUID instead.
   */
  displayName?(person: Person): Promise<string | null>;
  /**
   * Posts a file with its comment. The services decide where a file may go: internal-only files never
   * reach a vendor-shared destination.
   */
  uploadFile(destination: ChatDestination, file: ChatFile): Promise<PostedMessage>;
  /**
   * Several files as one message under a heading (a contract's charts), for a surface that can; the others
   * get one upload per file.
   */
  uploadFiles?(destination: ChatDestination, files: readonly ChatFile[], heading: string): Promise<PostedMessage>;
  /**
   * True when the surface shows a file through a download link rather than an upload: the services then make
   * the link (`ChatFile.link`) before handing the file over.
   */
  readonly filesByLink?: boolean;
}

/** The surfaces that are on, by name; services pick by the destination's surface. */
export class ChatSurfaces {
  private readonly surfaces = new Map<SurfaceName, ChatSurface>();

  register(surface: ChatSurface): void {
    this.surfaces.set(surface.name, surface);
  }

  get(name: SurfaceName): ChatSurface | undefined {
    return this.surfaces.get(name);
  }

  enabled(): SurfaceName[] {
    return [...this.surfaces.keys()];
  }
}
