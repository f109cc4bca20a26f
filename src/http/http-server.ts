import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/**
 * One HTTP server for every surface (Slack at /slack/*, Teams at /api/messages, health at /healthz),
 * so a deployment exposes a single port. Routes match on path prefix; the first match wins.
 */
export class HttpServer {
  private readonly routes: Array<{ prefix: string; handler: RequestHandler }> = [];
  private readonly server: Server;

  constructor(private readonly logger: Logger) {
    this.server = createServer((req, res) => this.dispatch(req, res));
    // Slack retries when a response takes longer than 3 s; keep idle sockets short-lived behind proxies.
    this.server.keepAliveTimeout = 65_000;
  }

  route(prefix: string, handler: RequestHandler): void {
    this.routes.push({ prefix, handler });
  }

  async listen(port: number, host: string): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return this.server.address() as AddressInfo;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
  }

  private dispatch(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = this.routes.find((r) => path === r.prefix || path.startsWith(`${r.prefix}/`));
    if (!route) {
      sendJson(res, 404, { ok: false, error: 'not_found', message: `Nothing is served at ${path}.` });
      return;
    }
    Promise.resolve()
      .then(() => route.handler(req, res))
      .catch((error: unknown) => {
        this.logger.error({ err: error, path }, 'request handler failed');
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'internal_error' });
        else res.end();
      });
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}
