import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The Microsoft 365 Agents Playground (devDependency @microsoft/m365agentsplayground): a local web UI
 * that plays Teams for a bot. It posts activities to the bot's endpoint with
 * `serviceUrl: http://localhost:PORT/_connector` and serves the Bot Connector API there
 * (`POST/PUT /v3/conversations/{id}/activities…`, `POST /v3/conversations`) without asking for a token,
 * so replies and proactive messages from a sandboxed Steward show up in its UI.
 */
export interface PlaygroundOptions {
  /** e.g. http://127.0.0.1:3000/api/messages (Steward in the local sandbox). */
  botEndpoint: string;
  /** Port for the playground's UI and connector; it picks another one by itself when this one is taken. */
  port: number;
  /** How long to wait for the UI to answer. */
  timeoutMs?: number;
}

export interface Playground {
  /** The web UI, e.g. http://127.0.0.1:56150 */
  url: string;
  /** The connector the playground puts in activities it sends to the bot. */
  serviceUrl: string;
  /** The personal chat conversation the UI opens with (from the playground's config). */
  personalConversationId: string;
  /** The person the playground's UI acts as. */
  user: { name?: string; email?: string; teamsUserId?: string };
  stop(): Promise<void>;
}

export async function startPlayground({
  botEndpoint,
  port,
  timeoutMs = 60_000,
}: PlaygroundOptions): Promise<Playground> {
  let cli: string;
  try {
    cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
  } catch {
    throw new Error('The Agents Playground is not installed: run npm ci (it is a devDependency).');
  }
  // Its own working directory: the playground writes devTools/m365agentsplayground.log and reads an
  // optional config file from the current directory, neither of which belongs in the repository.
  const workDir = mkdtempSync(join(tmpdir(), 'steward-playground-'));
  const child = spawn(process.execPath, [cli, '-e', botEndpoint, '-c', 'msteams', '-p', String(port), '--dt'], {
    cwd: workDir,
    env: {
      ...process.env,
      // Without it the playground tries to open a browser and exits on a machine that has none.
      TEAMSAPPTESTER_BROWSER: 'none',
      M365_AGENTS_PLAYGROUND_LOGFILE: join(workDir, 'playground.log'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });

  const stop = async () => {
    await stopChild(child);
    rmSync(workDir, { recursive: true, force: true });
  };

  try {
    const actualPort = await waitForListening(child, () => output, timeoutMs);
    const url = `http://127.0.0.1:${actualPort}`;
    const config = await waitForConfig(url, timeoutMs);
    return {
      url,
      serviceUrl: `http://localhost:${actualPort}/_connector`,
      personalConversationId: config.personalChat.id,
      user: {
        name: config.currentUser?.name,
        email: config.currentUser?.email,
        teamsUserId: config.currentUser?.aadObjectId,
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw new Error(`The Agents Playground did not start: ${(error as Error).message}\n${output.slice(-2000)}`);
  }
}

/** It prints "Listening on PORT"; the port differs from the one asked for when that one was taken. */
async function waitForListening(child: ChildProcess, output: () => string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = /Listening on (\d+)/.exec(output());
    if (match) return Number(match[1]);
    if (child.exitCode !== null) throw new Error(`it exited with code ${child.exitCode}`);
    await delay(100);
  }
  throw new Error(`it printed no "Listening on" within ${timeoutMs} ms`);
}

async function waitForConfig(url: string, timeoutMs: number): Promise<PlaygroundConfig> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/_internal/v1/config`);
      if (response.ok) {
        const body = (await response.json()) as { config: PlaygroundConfig };
        return body.config;
      }
      lastError = new Error(`HTTP ${response.status}`);
    } catch (error) {
      lastError = error;
    }
    await delay(200);
  }
  throw new Error(`its UI did not answer within ${timeoutMs} ms (${String(lastError)})`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface PlaygroundConfig {
  personalChat: { id: string };
  currentUser?: { name?: string; email?: string; aadObjectId?: string };
}
