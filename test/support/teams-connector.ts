import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for Teams' Bot Connector service. Activities the tests post to Steward carry
 * `serviceUrl: connector.serviceUrl`, and the Teams SDK sends every reply and proactive message there
 * (`POST /v3/conversations/{id}/activities`), as it would to https://smba.trafficmanager.net/teams.
 *
 * It answers the calls a bot makes: create, reply to and update activities, create a conversation,
 * and Entra's client-credentials token endpoint (an app with credentials asks for a token first; in the
 * skip-auth sandbox the SDK sends no token and this endpoint is not called). Everything is recorded.
 */
export interface ConnectorRequest {
  method: string;
  path: string;
  /** Decoded from the path; for channel threads it still holds `;messageid=…`. */
  conversationId?: string;
  activityId?: string;
  kind: 'create' | 'reply' | 'update' | 'create-conversation' | 'members' | 'token' | 'other';
  body: Record<string, unknown>;
  authorization?: string;
  at: number;
}

export interface TeamsConnectorStandin {
  /** With a trailing slash, like the service URLs Teams sends. */
  serviceUrl: string;
  requests: ConnectorRequest[];
  /** Activities the bot created, replied or updated, in order. */
  activities(): ConnectorRequest[];
  waitFor(predicate: (request: ConnectorRequest) => boolean, timeoutMs?: number): Promise<ConnectorRequest>;
  /**
   * Who is in the conversations, as GET /v3/conversations/{id}/members answers (TeamsChannelAccount): the
   * people directory learns their names from it. Empty until a test sets it.
   */
  setMembers(members: ReadonlyArray<{ id: string; name: string; aadObjectId: string; email?: string }>): void;
  close(): Promise<void>;
}

const ACTIVITIES = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;
const MEMBERS = /^\/v3\/conversations\/([^/]+)\/members\/?$/;

export async function startTeamsConnector(): Promise<TeamsConnectorStandin> {
  const requests: ConnectorRequest[] = [];
  const waiters: Array<{ predicate: (request: ConnectorRequest) => boolean; resolve: (r: ConnectorRequest) => void }> =
    [];
  let sequence = 0;
  let members: ReadonlyArray<{ id: string; name: string; aadObjectId: string; email?: string }> = [];

  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const contentType = String(req.headers['content-type'] ?? '');
    let body: Record<string, unknown> = {};
    if (raw) {
      body = contentType.includes('application/x-www-form-urlencoded')
        ? Object.fromEntries(new URLSearchParams(raw))
        : (JSON.parse(raw) as Record<string, unknown>);
    }
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = req.method ?? 'GET';
    const match = ACTIVITIES.exec(path);
    const request: ConnectorRequest = {
      method,
      path,
      kind: 'other',
      body,
      at: Date.now(),
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    };
    let status = 404;
    let answer: unknown = { error: { code: 'NotFound', message: `The stand-in does not serve ${method} ${path}.` } };

    if (match && (method === 'POST' || method === 'PUT')) {
      request.conversationId = decodeURIComponent(match[1] ?? '');
      if (match[2]) request.activityId = decodeURIComponent(match[2]);
      request.kind = method === 'PUT' ? 'update' : match[2] ? 'reply' : 'create';
      sequence += 1;
      status = method === 'PUT' ? 200 : 201;
      answer = { id: method === 'PUT' ? request.activityId : `activity-${sequence}` };
    } else if (method === 'POST' && path === '/v3/conversations') {
      request.kind = 'create-conversation';
      sequence += 1;
      status = 201;
      answer = { id: `a:personal-${sequence}`, serviceUrl: '' };
    } else if (method === 'GET' && MEMBERS.test(path)) {
      request.kind = 'members';
      request.conversationId = decodeURIComponent(MEMBERS.exec(path)?.[1] ?? '');
      status = 200;
      answer = members;
    } else if (method === 'POST' && /\/oauth2\/v2\.0\/token$/.test(path)) {
      request.kind = 'token';
      status = 200;
      answer = { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: 'standin-token' };
    }
    requests.push(request);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(request)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(request);
      }
    }
    const payload = JSON.stringify(answer);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
    res.end(payload);
  }

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    requests,
    activities: () => requests.filter((r) => r.kind === 'create' || r.kind === 'reply' || r.kind === 'update'),
    waitFor(predicate, timeoutMs = 5_000) {
      const seen = requests.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const waiter = { predicate, resolve };
        waiters.push(waiter);
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(
            new Error(
              `No matching connector request within ${timeoutMs} ms; got: ${requests.map((r) => `${r.method} ${r.path}`).join(', ') || 'none'}`,
            ),
          );
        }, timeoutMs);
        const done = waiter.resolve;
        waiter.resolve = (request) => {
          clearTimeout(timer);
          done(request);
        };
      });
    },
    setMembers(list) {
      members = list;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The Adaptive Card in a recorded activity, if it carries one. */
export function cardOf(request: ConnectorRequest): Record<string, unknown> | undefined {
  const attachments = request.body.attachments as
    | Array<{ contentType: string; content: Record<string, unknown>; name?: string }>
    | undefined;
  // A named card is a file: a chart sent as an Image with its alt text (file-attachment.ts).
  return attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive' && !a.name)?.content;
}

/** Every text a person would read in a card (TextBlock text, TextRun text, input labels, action titles), joined. */
export function cardText(card: unknown): string {
  const texts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) {
      for (const child of node) walk(child);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const element = node as Record<string, unknown>;
    for (const key of ['text', 'label', 'title', 'placeholder']) {
      if (typeof element[key] === 'string') texts.push(element[key] as string);
    }
    for (const [key, value] of Object.entries(element)) {
      if (key !== 'data' && key !== 'fallback' && typeof value === 'object') walk(value);
    }
  };
  walk(card);
  return texts.join('\n');
}
