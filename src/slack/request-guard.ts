import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger';

/**
 * What every request to the Slack endpoint passes before Bolt sees it. Bolt's HTTP receiver buffers the
 * whole body (up to 4 MB) before it checks the signature, accepts timestamps from the future, does nothing
 * about a signed request sent again, and after a 413 leaves the socket paused with keep-alive on, so the
 * next request on that connection waits. Here:
 *
 * - a body larger than `bodyLimit` is refused from its Content-Length, before a byte is read, and while
 *   reading (chunked bodies); a refused body's connection is closed, never left half read;
 * - a request without signature headers, or whose timestamp is more than five minutes off in either
 *   direction, is refused before its body is read (https://docs.slack.dev/authentication/verifying-requests-from-slack);
 * - the signature is checked on the bytes read; a signature seen before is a replay and is refused, so a
 *   captured request has one effect however often it is sent within its five minutes. Events API envelopes
 *   are left to the `event_id` deduplication (event-dedupe.ts), since Slack's own retries may repeat them.
 *
 * The body read here is handed to Bolt as `rawBody`, which Bolt uses instead of reading the stream again.
 */
export interface SlackRequestGuardOptions {
  signingSecret: string;
  /** Bytes; Slack's payloads are far smaller (a modal is at most 250 KB of blocks). */
  bodyLimit?: number;
  /** Signatures taken in, shared by every replica; true the first time a key is claimed. */
  replays?: ReplayClaims;
  logger: Logger;
  /** Real time in ms (signatures are about the wall clock, not the domain's); tests move it. */
  now?: () => number;
}

export interface ReplayClaims {
  claim(key: string): Promise<boolean> | boolean;
  /** Many keys at once, returning those claimed first; requests arriving together then cost one write. */
  claimMany?(keys: string[]): Promise<Set<string>>;
}

export const SLACK_BODY_LIMIT = 1024 * 1024;
const MAX_SKEW_SECONDS = 5 * 60;
/** `ssl_check=1&token=…` is Slack's unsigned SSL probe for slash commands; it is tiny. */
const UNSIGNED_PROBE_LIMIT = 2_048;

export type GuardedRequest = IncomingMessage & { rawBody?: Buffer };

export function slackRequestGuard(options: SlackRequestGuardOptions) {
  const limit = options.bodyLimit ?? SLACK_BODY_LIMIT;
  const now = options.now ?? Date.now;
  const { logger } = options;
  const claim = options.replays ? batchedClaims(options.replays) : undefined;

  /** Answers and closes the connection: the rest of an unread body must not be taken for the next request. */
  const refuse = (req: IncomingMessage, res: ServerResponse, status: number, reason: string) => {
    logger.warn({ status, reason, path: req.url }, 'Slack request refused');
    if (!res.headersSent) {
      res.writeHead(status, { connection: 'close', 'content-length': 0 });
    }
    res.end();
    // Stop reading what is left of the body; the socket closes once the answer is out.
    req.unpipe();
    res.once('finish', () => req.socket.destroySoon?.());
  };

  /** True when the request may go on to Bolt, with `req.rawBody` set. */
  return async (req: GuardedRequest, res: ServerResponse): Promise<boolean> => {
    if (req.method !== 'POST') return true;
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      refuse(req, res, 413, `body of ${declared} bytes over the ${limit} limit`);
      return false;
    }
    const signature = header(req, 'x-slack-signature');
    const timestamp = header(req, 'x-slack-request-timestamp');
    if (!signature || !timestamp) {
      // Only Slack's SSL probe comes unsigned; anything else is refused unread.
      const form = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
      if (!form || !(declared <= UNSIGNED_PROBE_LIMIT)) {
        refuse(req, res, 401, 'unsigned');
        return false;
      }
      const body = await readBody(req, UNSIGNED_PROBE_LIMIT);
      if (!body || new URLSearchParams(body.toString()).get('ssl_check') !== '1') {
        refuse(req, res, 401, 'unsigned');
        return false;
      }
      req.rawBody = body;
      return true;
    }
    const seconds = Number(timestamp);
    if (!Number.isInteger(seconds) || Math.abs(now() / 1000 - seconds) > MAX_SKEW_SECONDS) {
      refuse(req, res, 401, 'timestamp more than 5 minutes off');
      return false;
    }
    const body = await readBody(req, limit);
    if (!body) {
      refuse(req, res, 413, `body over the ${limit} limit`);
      return false;
    }
    const expected = `v0=${createHmac('sha256', options.signingSecret).update(`v0:${timestamp}:`).update(body).digest('hex')}`;
    if (signature.length !== expected.length || !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) {
      refuse(req, res, 401, 'bad signature');
      return false;
    }
    if (claim && !isEventEnvelope(req, body)) {
      const key = `slack-request:${createHash('sha256').update(signature).digest('hex')}`;
      let first = true;
      try {
        first = await claim(key);
      } catch (error) {
        // The shared memory is unreachable (database down); the request itself will need the database too.
        logger.warn({ err: error }, 'could not check a Slack request for a replay; letting it through');
      }
      if (!first) {
        refuse(req, res, 401, 'replayed');
        return false;
      }
    }
    const problem = shapeProblem(req, body);
    if (problem) {
      // Bolt would crash on these (a null payload never got an answer; a missing user or view gave 500).
      logger.warn({ problem, path: req.url }, 'malformed Slack request refused');
      const text = JSON.stringify({ ok: false, error: 'malformed_request', message: problem });
      res.writeHead(400, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
      return false;
    }
    req.rawBody = body;
    return true;
  };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * What is wrong with the shape of a signed request, in words, or null. Only what Bolt and the listeners
 * rely on is checked: a payload object with a type and a user, a non-empty `actions` list of block actions,
 * the `view` of view submissions, the `event` of an event callback, a command's name and user.
 * https://docs.slack.dev/reference/interaction-payloads
 */
export function shapeProblem(req: IncomingMessage, body: Buffer): string | null {
  const contentType = req.headers['content-type'] ?? '';
  const text = body.toString();
  if (contentType.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return 'The body is not valid JSON.';
    }
    if (!isObject(parsed) || !isText(parsed.type)) return 'The body must be a JSON object with a "type".';
    if (parsed.type === 'event_callback' && !(isObject(parsed.event) && isText(parsed.event.type))) {
      return 'An event callback needs an "event" object with a "type".';
    }
    return null;
  }
  if (!contentType.startsWith('application/x-www-form-urlencoded')) {
    return 'Slack requests are form-encoded or JSON.';
  }
  const form = new URLSearchParams(text);
  if (form.get('ssl_check') === '1') return null;
  const payloadText = form.get('payload');
  if (payloadText === null) {
    if (!isText(form.get('command')) || !isText(form.get('user_id')))
      return 'A slash command needs "command" and "user_id".';
    return null;
  }
  let payload: unknown;
  try {
    payload = JSON.parse(payloadText);
  } catch {
    return 'The "payload" field is not valid JSON.';
  }
  if (!isObject(payload) || !isText(payload.type)) return 'The "payload" must be a JSON object with a "type".';
  if (!isObject(payload.user) || !isText(payload.user.id)) return 'The payload needs a "user" with an "id".';
  switch (payload.type) {
    case 'block_actions': {
      const { actions } = payload;
      if (!Array.isArray(actions) || actions.length === 0) return 'A block action needs a non-empty "actions" list.';
      if (!actions.every((action) => isObject(action) && isText(action.action_id))) {
        return 'Every action needs an "action_id".';
      }
      return null;
    }
    case 'view_submission':
    case 'view_closed': {
      const { view } = payload;
      if (!isObject(view) || !isText(view.callback_id)) return 'A view payload needs a "view" with a "callback_id".';
      if (payload.type === 'view_submission' && !(isObject(view.state) && isObject(view.state.values))) {
        return 'A view submission needs "view.state.values".';
      }
      return null;
    }
    case 'block_suggestion':
      return isText(payload.action_id) ? null : 'A block suggestion needs an "action_id".';
    default:
      return null;
  }
}

/**
 * Claims made while a write is under way wait and go together in the next one: fifty requests arriving at
 * once cost a few inserts, not fifty queued one behind the other on the database.
 */
function batchedClaims(replays: ReplayClaims): (key: string) => Promise<boolean> {
  const claimMany = replays.claimMany?.bind(replays);
  if (!claimMany) return async (key) => replays.claim(key);
  let waiting: Array<{ key: string; resolve: (first: boolean) => void; reject: (error: unknown) => void }> = [];
  let writing = false;
  const flush = async () => {
    writing = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        const taken = await claimMany(batch.map((entry) => entry.key));
        // The same key twice in one batch (a replay sent together with its original): only the first wins.
        const seen = new Set<string>();
        for (const entry of batch) {
          entry.resolve(taken.has(entry.key) && !seen.has(entry.key));
          seen.add(entry.key);
        }
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    writing = false;
  };
  return (key) =>
    new Promise<boolean>((resolve, reject) => {
      waiting.push({ key, resolve, reject });
      if (!writing) void flush();
    });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** An Events API envelope: JSON with an `event_id`, deduplicated on it by event-dedupe.ts. */
function isEventEnvelope(req: IncomingMessage, body: Buffer): boolean {
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return false;
  try {
    const parsed = JSON.parse(body.toString()) as { event_id?: unknown };
    return typeof parsed?.event_id === 'string' && parsed.event_id !== '';
  } catch {
    return false;
  }
}

/** The body, or null as soon as it grows past `limit` (the rest is not read). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
