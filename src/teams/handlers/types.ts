import type { ChatFile } from '../../chat/chat-surface';
import type { Command, CommandName, CommandOf } from '../../chat/commands';
import type { Clock } from '../../domain/clock';
import type { StewardError } from '../../domain/errors';
import type { Logger } from '../../logger';
import type { Actor, StewardServices } from '../../services/service-api';
import type { AdaptiveCard } from '../cards/adaptive-card';
import type { CardsBeingAnswered } from '../cards-being-answered';
import type { TeamsConversationStore } from '../conversation-store';
/** What every Teams handler may use; built once in teams-app.ts. */
import type { TeamsPeopleDirectory } from '../people-directory';

export interface TeamsHandlerDeps {
  services: StewardServices;
  store: TeamsConversationStore;
  logger: Logger;
  clock: Clock;
  /** Our Entra tenant when Teams credentials are configured; decides who is external. */
  tenantId?: string;
  /** Prefills the new-contract form's timezone (TZ_DEFAULT); empty means the services' default. */
  defaultTimezone?: string;
  /** Where a file sent to the bot may be downloaded from (file-download.ts); SharePoint only when absent. */
  allowFileUrl?: (url: URL) => boolean;
  /** Learns people's names from each activity and the conversation's members (people-directory.ts). */
  people?: TeamsPeopleDirectory;
  /** The local Agents Playground: cards go at the default width (withDefaultWidth). */
  sandbox?: boolean;
  /** Cards a click is being answered on (cards-being-answered.ts), shared with the chat surface. */
  answering?: CardsBeingAnswered;
}

/** A conversation member's Entra object id from their Teams account id (`29:…`), via the Bot Connector. */
export type MemberLookup = (accountId: string) => Promise<string | undefined>;

/** The conversation an activity came from, with the service URL to answer there. */
export interface ConversationContext {
  /** Without a channel thread's `;messageid=` suffix. */
  id: string;
  /** In a channel thread, the id of the message the thread hangs off (the `;messageid=` suffix). */
  threadId?: string;
  serviceUrl: string;
  type?: string;
  tenantId?: string;
  /** The person's time zone as their client reports it (`localTimezone`), for times shown to them. */
  timezone?: string;
}

/**
 * What a command answers. `files` go with the card as attachments: a file the service made but could not
 * post (no place reachable), offered in the reply instead (service-api FileResult).
 */
export type Reply = { card: AdaptiveCard; files?: ChatFile[] } | { text: string } | PostedHere;

/**
 * The service already posted the whole answer in this conversation (charts, an export): nothing more is
 * said there. `summary` is what a button that must answer (a card action) shows instead.
 */
export interface PostedHere {
  postedHere: string;
}

export interface CommandArgs<C = Command> {
  command: C;
  actor: Actor;
  conversation: ConversationContext;
  deps: TeamsHandlerDeps;
  /** Resolves @mentioned people; absent where no connector is at hand (unit tests). */
  lookupMember?: MemberLookup;
}

/** What answers the command `N` of the shared table (src/chat/commands.ts). */
export type CommandHandler<N extends CommandName> = (args: CommandArgs<CommandOf<N>>) => Promise<Reply>;

/** A card action's inputs and data, merged as Teams sends them (Action.Execute `action.data`, Action.Submit `value`). */
export interface CardActionArgs {
  data: Record<string, unknown>;
  actor: Actor;
  conversation: ConversationContext;
  /** The message holding the card, when Teams says which (`replyToId`). */
  messageId?: string;
  deps: TeamsHandlerDeps;
}

/** A refreshed card replaces the one clicked; a message is shown to the person and leaves the card as it was. */
export type CardActionOutcome = { card: AdaptiveCard } | { message: string };

export interface CardActionHandler {
  id: string;
  run(args: CardActionArgs): Promise<CardActionOutcome>;
  /** Re-renders the form with the service's messages next to its inputs; nothing was written. */
  onValidationError?(args: CardActionArgs, error: StewardError): Promise<CardActionOutcome>;
}
