import type { Context, webApi } from '@slack/bolt';
import { isStewardError, StewardError } from '../domain/errors';
import type { Logger } from '../logger';

export const APOLOGY =
  "Sorry, something went wrong on Steward's side. Please try again in a minute; if it keeps happening, tell your Steward admin.";

/** Bolt wraps listener errors (UnknownError.original, MultipleListenerError.originals); find ours. */
export function originalError(error: unknown): unknown {
  if (isStewardError(error)) return error;
  const wrapped = error as { original?: unknown; originals?: unknown[] } | null;
  if (wrapped && Array.isArray(wrapped.originals)) {
    return wrapped.originals.find(isStewardError) ?? wrapped.originals[0] ?? error;
  }
  if (wrapped && wrapped.original !== undefined) return wrapped.original;
  return error;
}

/** What the person reads: a StewardError's own message, or a short apology (the details go to the log). */
export function userMessageOf(error: unknown): string {
  const original = originalError(error);
  return isStewardError(original) ? original.userMessage : APOLOGY;
}

export function logFailure(logger: Logger, error: unknown, details: Record<string, unknown> = {}): void {
  const original = originalError(error);
  if (original instanceof StewardError) {
    logger.info({ code: original.code, ...details }, `refused: ${original.message}`);
  } else {
    logger.error({ err: original, ...details }, 'Slack request failed');
  }
}

interface ReplyTarget {
  responseUrl?: string;
  channelId?: string;
  userId?: string;
  threadTs?: string;
}

/** Where an answer to this request can go, read from any Slack payload shape. */
export function replyTarget(body: unknown): ReplyTarget {
  const b = (body ?? {}) as Record<string, unknown>;
  const user = b.user as { id?: unknown } | string | undefined;
  const channel = b.channel as { id?: unknown } | string | undefined;
  const container = b.container as { channel_id?: unknown; thread_ts?: unknown } | undefined;
  const event = b.event as { user?: unknown; channel?: unknown } | undefined;
  const pick = (...values: unknown[]) => values.find((v): v is string => typeof v === 'string' && v !== '');
  return {
    responseUrl: pick(
      b.response_url,
      (b.response_urls as Array<{ response_url?: unknown }> | undefined)?.[0]?.response_url,
    ),
    userId: pick(typeof user === 'object' ? user?.id : user, b.user_id, event?.user),
    channelId: pick(typeof channel === 'object' ? channel?.id : channel, b.channel_id, container?.channel_id),
    threadTs: pick(container?.thread_ts),
  };
}

/**
 * Tells the person who acted, privately: through the request's response_url when there is one (works even
 * where the bot is not a member), else as an ephemeral message in the channel, else in their DM with Steward.
 */
export async function tellUser(client: webApi.WebClient, body: unknown, text: string, logger: Logger): Promise<void> {
  const target = replyTarget(body);
  try {
    if (target.responseUrl) {
      const response = await fetch(target.responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text }),
      });
      if (response.ok) return;
    }
    if (target.channelId && target.userId) {
      await client.chat.postEphemeral({
        channel: target.channelId,
        user: target.userId,
        text,
        ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
      });
      return;
    }
    if (target.userId) await client.chat.postMessage({ channel: target.userId, text });
  } catch (error) {
    logger.warn({ err: error }, 'could not tell the user about a failed request');
  }
}

/**
 * Bolt's global error handler (`extendedErrorHandler: true`): the one place that turns an error from any
 * listener into words for the person. It never rethrows: the request was acknowledged already, and a rethrow
 * would only make the HTTP receiver log it a second time.
 */
export function createErrorHandler(client: webApi.WebClient, logger: Logger) {
  return async ({ error, body, context }: { error: Error; body: unknown; context: Context }): Promise<void> => {
    logFailure(logger, error, { teamId: context?.teamId, type: (body as { type?: unknown })?.type });
    const isEvent = (body as { type?: unknown })?.type === 'event_callback';
    if (isEvent) return; // nobody is waiting for an answer to an event
    await tellUser(client, body, userMessageOf(error), logger);
  };
}
