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
  replays?: { claim(key: string): Promise<boolean> | boolean };
  logger: Logger;
  /** Real time in ms (signatures are about the wall clock, not the domain's); tests move it. */
  now?: () => number;
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
    if (options.replays && !isEventEnvelope(req, body)) {
      const key = `slack-request:${createHash('sha256').update(signature).digest('hex')}`;
      let first = true;
      try {
        first = await options.replays.claim(key);
      } catch (error) {
        // The shared memory is unreachable (database down); the request itself will need the database too.
        logger.warn({ err: error }, 'could not check a Slack request for a replay; letting it through');
      }
      if (!first) {
        refuse(req, res, 401, 'replayed');
        return false;
      }
    }
    req.rawBody = body;
    return true;
  };
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
