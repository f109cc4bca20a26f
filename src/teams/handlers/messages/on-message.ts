import type { IMessageActivity } from '@microsoft/teams.api';
import { COMMANDS, LISTED_COMMANDS, parseCommand, plainQuotes } from '../../../chat/commands';
import { actorFromActivity } from '../../actor';
import { helpCard } from '../../cards/help-card';
import { commandTextOf, normaliseTeamsText } from '../../mentions';
import { CARD_ACTION_HANDLERS } from '../card-actions';
import { handlerFor } from '../commands';
import { choicesFor, closestFor } from '../commands/contract-choices';
import { refuseVendor } from '../commands/refuse-vendor';
import { cardActionArgs, conversationOf } from '../context';
import { replyForError, runCardAction } from '../errors';
import type { CardActionOutcome, MemberLookup, Reply, TeamsHandlerDeps } from '../types';
import { checkSentFile, sentFileOf } from './on-file';

/** What the message listener needs from the SDK's context: the activity and ways to answer. */
export interface MessageTurn {
  activity: IMessageActivity;
  serviceUrl: string;
  reply(answer: Reply): Promise<void>;
  /** Replaces the card of the message `messageId` (an Action.Submit's card) with a new one. */
  replaceCard(messageId: string, outcome: Extract<CardActionOutcome, { card: unknown }>): Promise<void>;
  /** Resolves an @mentioned member's Entra object id (the conversation's member list). */
  lookupMember?: MemberLookup;
}

/**
 * A message is either a command (`steward scorecard ACME-2026-001`) or, when it carries a `value`
 * with our `action`, an Action.Submit from a card in a client without Universal Actions.
 * A command that does not parse gets its usage and calls no service.
 */
export async function onMessage(turn: MessageTurn, deps: TeamsHandlerDeps): Promise<void> {
  const { activity } = turn;
  const value: unknown = activity.value;
  if (isActionData(value)) {
    const handler = CARD_ACTION_HANDLERS.get(value.action);
    if (!handler) {
      await turn.reply({ text: 'That button belongs to an older version of Steward. Type "steward help".' });
      return;
    }
    const outcome = await runCardAction(handler, cardActionArgs(activity, turn.serviceUrl, value, deps));
    if ('card' in outcome && activity.replyToId) await turn.replaceCard(activity.replyToId, outcome);
    else await turn.reply('card' in outcome ? outcome : { text: outcome.message });
    return;
  }

  const file = sentFileOf(activity);
  if (file) {
    await turn.reply(await checkSentFile(activity, file, deps));
    return;
  }

  // The bot's own @mention is dropped; other people's stay as tokens the parser reads (owner:@someone).
  const typed = commandTextOf(activity);
  const parsed = parseCommand(normaliseTeamsText(typed.text), typed.mentions);
  const actor = actorFromActivity(activity, { tenantId: deps.tenantId });
  const name = parsed.ok ? parsed.command.name : parsed.command;
  if (actor.external && name && !COMMANDS[name].vendor) {
    const reference = parsed.ok && 'reference' in parsed.command ? parsed.command.reference : undefined;
    await turn.reply(await refuseVendor(deps, actor, name, reference));
    return;
  }
  if (!parsed.ok) {
    // A command that names one contract, given none or part of a reference: the contracts it may mean.
    const choices = await choicesFor(deps, actor, parsed.command, parsed.find);
    if (choices) {
      await turn.reply(choices);
      return;
    }
    // An unknown command gets the menu's commands; a known one, its own usage.
    const commands = parsed.command ? [parsed.command] : LISTED_COMMANDS;
    await turn.reply({ card: helpCard({ problem: plainQuotes(parsed.problem), commands }) });
    return;
  }
  const args = {
    command: parsed.command,
    actor,
    conversation: conversationOf(activity, turn.serviceUrl),
    deps,
    ...(turn.lookupMember ? { lookupMember: turn.lookupMember } : {}),
  };
  let answer: Reply;
  try {
    answer = await handlerFor(parsed.command)(args);
  } catch (error) {
    const reference = 'reference' in parsed.command ? parsed.command.reference : undefined;
    answer =
      (await closestFor(deps, actor, parsed.command.name, reference, error).catch(() => undefined)) ??
      replyForError(error, deps.logger, parsed.command.name);
  }
  await turn.reply(answer);
}

function isActionData(value: unknown): value is Record<string, unknown> & { action: string } {
  return typeof value === 'object' && value !== null && typeof (value as { action?: unknown }).action === 'string';
}
