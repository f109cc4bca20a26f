import type { Clock } from '../domain/clock';
import type { Logger } from '../logger';
import type { StewardServices } from '../services/service-api';
import type { InstallationIdentity, SlackActorResolver } from './actor';
import type { SlackFiles } from './files';

/** What every listener gets: the services behind the line, and what the surface knows about Slack. */
export interface SlackDeps {
  services: StewardServices;
  logger: Logger;
  clock: Clock;
  actors: SlackActorResolver;
  installation: () => Promise<InstallationIdentity>;
  /** Prefilled in the contract modal. */
  defaultTimezone: string;
  timing: SlackTiming;
  /** Files people attach for Steward to read (an import). */
  files: SlackFiles;
}

export interface SlackTiming {
  /**
   * How long opening a modal waits for the service before showing a "one moment" modal instead: a trigger_id
   * expires 3 s after Slack sent it, and some of that is gone before the listener runs.
   */
  modalBudgetMs: number;
  /**
   * How long a view submission waits for the service before closing the modal and answering by message:
   * Slack shows an error when a view_submission is not answered within 3 s.
   */
  submitBudgetMs: number;
}

export const DEFAULT_TIMING: SlackTiming = { modalBudgetMs: 1_500, submitBudgetMs: 2_300 };
