import type { SlashCommand, webApi } from '@slack/bolt';
import type { Actor } from '../../../../services/service-api';
import type { KnownBlock } from '../../../blocks/kit';
import type { SlackDeps } from '../../../deps';

/** What a `/steward` subcommand runs with: the caller, Slack's payload and a private reply. */
export interface SubcommandContext {
  deps: SlackDeps;
  actor: Actor;
  client: webApi.WebClient;
  payload: SlashCommand;
  /** Ephemeral reply through the command's response_url. */
  reply(message: { text: string; blocks?: KnownBlock[] }): Promise<void>;
}
