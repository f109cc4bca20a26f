import type { ChatSurfaces } from '../chat/chat-surface';
import type { Clock } from '../domain/clock';
import type { ReviewScheduleSettings } from '../domain/review-pack';
import type { Logger } from '../logger';
import type { Store } from '../store';
import type { FileLinkSettings, FileLinks } from './file-links';

export interface ServiceSettings {
  /** Local hour at which prompts go out. */
  promptHour: number;
  reminderAfterHours: number;
  graceHours: number;
  /** Consecutive red periods that raise a renegotiation review; twice as many raise a termination review. */
  repeatedBreachCount: number;
  defaultTimezone: string;
  /** One message listing all of a respondent's due check-ins instead of one per KPI. */
  groupPrompts: boolean;
  /** How long a replica holds a claimed check-in before another may finish it. */
  claimLeaseMs: number;
  /** Due check-ins a dispatch run holds at once (a page of the due list); 1,000 when unset. */
  duePageSize?: number;
  /** Fonts charts fall back to for characters the bundled DejaVu Sans lacks (CJK, say); CHART_FONT_FILES. */
  chartFontFiles?: readonly string[];
  /** Download links on Steward's HTTP server (PUBLIC_URL, FILE_LINK_TTL_HOURS); without them files go inline. */
  fileLinks?: FileLinkSettings;
  /** When quarterly review packs go out: the review's day of the month after the quarter, and days before it. */
  reviewPack?: ReviewScheduleSettings;
}

export const DEFAULT_SERVICE_SETTINGS: ServiceSettings = {
  promptHour: 9,
  reminderAfterHours: 24,
  graceHours: 72,
  repeatedBreachCount: 3,
  defaultTimezone: 'UTC',
  groupPrompts: true,
  claimLeaseMs: 5 * 60_000,
};

export interface ServiceDeps {
  store: Store;
  surfaces: ChatSurfaces;
  clock: Clock;
  logger: Logger;
  settings: ServiceSettings;
  /** Identifies this replica in claims. */
  instanceId: string;
  /** Made from `settings.fileLinks` when those are set. */
  fileLinks?: FileLinks;
}
