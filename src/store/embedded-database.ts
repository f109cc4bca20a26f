import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { dirname, join, resolve } from 'node:path';

interface FerretdbBuilder {
  ensureFerretdb(options?: { quiet?: boolean }): Promise<string>;
}

export interface EmbeddedDatabase {
  uri: string;
  port: number;
  dataDir: string;
  /** The FerretDB process id (of the current process, when supervised). */
  readonly pid: number | undefined;
  stop(): Promise<void>;
  /** Resolves when the process exits for any reason (when supervised: when it is stopped). */
  exited: Promise<number | null>;
}

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  /** 0 or undefined picks a free loopback port; each process needs its own. */
  port?: number;
  onLog?: (line: string) => void;
  quietBuild?: boolean;
  readyTimeoutMs?: number;
}

/** The folder holding package.json, whether running from src/ (tests) or dist/src/ (npm start). */
export const projectRoot = findProjectRoot(__dirname);

function findProjectRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

function loadBuilder(): FerretdbBuilder {
  // The builder is plain CommonJS under scripts/ so `npm` scripts can run it before TypeScript is compiled.
  return require(join(projectRoot, 'scripts', 'ferretdb-binary.cjs')) as FerretdbBuilder;
}

export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolveConnect) => {
    const socket = new Socket();
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.destroy();
      resolveConnect(true);
    });
    socket.once('error', () => resolveConnect(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolveConnect(false);
    });
    socket.connect(port, '127.0.0.1');
  });
}

/**
 * Starts FerretDB on SQLite as a child process and waits until it accepts connections.
 * The child watches its standard input and exits when it closes, so it dies with this
 * process even on SIGKILL or a crash, when no exit handler can run.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const binary = await loadBuilder().ensureFerretdb({ quiet: options.quietBuild });
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const port = options.port && options.port > 0 ? options.port : await freeLoopbackPort();
  const child: ChildProcess = spawn(
    binary,
    ['-listen', `127.0.0.1:${port}`, '-data-dir', dataDir, '-log-level', 'error'],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const logs: string[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      logs.push(line);
      if (logs.length > 50) logs.shift();
      options.onLog?.(line);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolveExit) => {
    child.once('exit', (code) => resolveExit(code));
    child.once('error', () => resolveExit(-1));
  });
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });

  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  while (!(await canConnect(port))) {
    if (hasExited) {
      throw new Error(`The embedded database exited before it was ready:\n${logs.join('\n')}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `The embedded database did not answer on 127.0.0.1:${port} within the time allowed:\n${logs.join('\n')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    port,
    dataDir,
    pid: child.pid,
    exited,
    async stop() {
      if (hasExited) return;
      child.stdin?.end();
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface SupervisionOptions {
  /** First wait before a restart; doubles after each failed one. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Told about every exit and restart, for the logs. */
  onEvent?: (
    event:
      | { kind: 'exited'; code: number | null }
      | { kind: 'restarted'; attempt: number }
      | { kind: 'restart-failed'; attempt: number; error: unknown },
  ) => void;
}

/**
 * The embedded database, started again whenever it dies (a crash, the OOM killer, someone's kill -9), with
 * backoff, on the same port and data directory: the driver reconnects to it by itself, so the service comes
 * back without a restart of Steward. Without this, /healthz stayed 503 and every command failed until a
 * person restarted the whole service.
 */
export async function startSupervisedDatabase(
  options: EmbeddedDatabaseOptions & SupervisionOptions,
): Promise<EmbeddedDatabase> {
  const initialBackoffMs = options.initialBackoffMs ?? 500;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  let current = await startEmbeddedDatabase(options);
  const { port, dataDir, uri } = current;
  let stopping = false;
  let resolveStopped: (code: number | null) => void = () => undefined;
  const stopped = new Promise<number | null>((resolveStop) => {
    resolveStopped = resolveStop;
  });

  const watch = async () => {
    for (;;) {
      const code = await current.exited;
      if (stopping) return;
      options.onEvent?.({ kind: 'exited', code });
      let backoff = initialBackoffMs;
      for (let attempt = 1; ; attempt += 1) {
        await new Promise((resolveWait) => setTimeout(resolveWait, backoff));
        if (stopping) return;
        try {
          current = await startEmbeddedDatabase({ ...options, port });
          if (stopping) {
            await current.stop();
            return;
          }
          options.onEvent?.({ kind: 'restarted', attempt });
          break;
        } catch (error) {
          options.onEvent?.({ kind: 'restart-failed', attempt, error });
          backoff = Math.min(maxBackoffMs, backoff * 2);
        }
      }
    }
  };
  void watch();

  return {
    uri,
    port,
    dataDir,
    get pid() {
      return current.pid;
    },
    exited: stopped,
    async stop() {
      stopping = true;
      const code = await current.stop().then(() => current.exited);
      resolveStopped(code);
    },
  };
}
