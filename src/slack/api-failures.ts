import { DeliveryFailure, type DeliveryTarget } from '../chat/delivery-failure';

/**
 * Slack error codes that will answer the same until someone changes something (the account, the channel,
 * the bot's membership): retrying them only spends rate limit. https://docs.slack.dev/reference/methods/conversations.open
 * and chat.postMessage list them.
 */
const PERMANENT = new Set([
  'user_not_found',
  'users_not_found',
  'user_not_visible',
  'account_inactive',
  'user_disabled',
  'channel_not_found',
  'is_archived',
  'not_in_channel',
  'cannot_dm_bot',
  'user_is_restricted',
  'restricted_action',
  'no_permission',
  'team_access_not_granted',
]);

/**
 * A Slack Web API error as a DeliveryFailure, or the error itself when it is not one the Web API client
 * raised (our own errors, such as a post that waited past its claim, keep their meaning).
 */
export function slackDeliveryFailure(error: unknown, method: string, target: DeliveryTarget): unknown {
  const e = error as { code?: unknown; data?: { error?: unknown }; retryAfter?: unknown; statusCode?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (!code.startsWith('slack_webapi_')) return error;
  if (code === 'slack_webapi_platform_error') {
    const reason = typeof e?.data?.error === 'string' ? e.data.error : 'platform_error';
    return new DeliveryFailure(PERMANENT.has(reason) ? 'unreachable' : 'transient', reason, method, target);
  }
  if (code === 'slack_webapi_rate_limited_error') {
    const seconds = typeof e?.retryAfter === 'number' ? e.retryAfter : 1;
    return new DeliveryFailure('transient', 'ratelimited', method, target, seconds * 1000);
  }
  if (code === 'slack_webapi_http_error') {
    return new DeliveryFailure('transient', `http_${String(e?.statusCode ?? 'error')}`, method, target);
  }
  return new DeliveryFailure('transient', code.replace('slack_webapi_', ''), method, target);
}
