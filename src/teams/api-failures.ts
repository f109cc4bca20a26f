import { DeliveryFailure, type DeliveryTarget } from '../chat/delivery-failure';

/**
 * A Bot Framework connector error (the Teams SDK's HTTP client is axios) as a DeliveryFailure: 403 (the bot was
 * removed, the user blocked it, the app is not installed for them) and 404 (the conversation is gone) stay so
 * until someone changes something; 429, 5xx and network errors are worth trying again later.
 */
export function teamsDeliveryFailure(error: unknown, method: string, target: DeliveryTarget): unknown {
  const e = error as {
    isAxiosError?: unknown;
    code?: unknown;
    response?: { status?: unknown; headers?: Record<string, unknown> };
  } | null;
  const status = typeof e?.response?.status === 'number' ? e.response.status : undefined;
  if (status === undefined) {
    if (e?.isAxiosError || typeof e?.code === 'string') {
      return new DeliveryFailure('transient', typeof e?.code === 'string' ? e.code : 'network', method, target);
    }
    return error;
  }
  if (status === 403 || status === 404) return new DeliveryFailure('unreachable', `http_${status}`, method, target);
  const retryAfter = Number(e?.response?.headers?.['retry-after']);
  return new DeliveryFailure(
    'transient',
    status === 429 ? 'ratelimited' : `http_${status}`,
    method,
    target,
    Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : undefined,
  );
}
