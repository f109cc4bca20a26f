import { type ChildProcess, fork } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { ChannelRateLimit } from '../test/support/slack-standin';

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

export const ms = (value: number, digits = 1) => (Number.isFinite(value) ? `${value.toFixed(digits)} ms` : 'n/a');

export function machine(): { nproc: number; memoryGiB: number; cpu: string; node: string } {
  const list = cpus();
  return {
    nproc: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    cpu: list[0]?.model ?? 'unknown',
    node: process.version,
  };
}

/** Runs `work` `total` times with at most `concurrency` at once; returns each run's wall time in ms. */
export async function measure(
  total: number,
  concurrency: number,
  work: (i: number) => Promise<void>,
): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next;
      next += 1;
      const started = performance.now();
      await work(i);
      times.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return times;
}

export interface StandinStats {
  posts: number;
  rejected: number;
  firstPostAt: number | null;
  lastPostAt: number | null;
  cpu: NodeJS.CpuUsage;
  /** Web API calls and response_url posts the stand-in received. */
  activity: number;
}

/** The Slack stand-in in a child process (bench/standin-process.ts), driven over IPC. */
export interface StandinProcess {
  apiUrl: string;
  baseUrl: string;
  reset(): Promise<void>;
  rateLimit(limit: ChannelRateLimit | null): Promise<void>;
  stats(): Promise<StandinStats>;
  stop(): Promise<void>;
}

export async function startStandinProcess(): Promise<StandinProcess> {
  const child: ChildProcess = fork(join(__dirname, 'standin-process.js'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let sequence = 0;
  const pending = new Map<number, (reply: unknown) => void>();
  const ready = new Promise<{ apiUrl: string; baseUrl: string }>((resolve) => {
    child.on('message', (message: { id?: number; ready?: boolean; apiUrl?: string; baseUrl?: string }) => {
      if (message.ready) resolve(message as { apiUrl: string; baseUrl: string });
      if (message.id !== undefined) {
        pending.get(message.id)?.(message);
        pending.delete(message.id);
      }
    });
  });
  const ask = <T>(command: Record<string, unknown>) =>
    new Promise<T>((resolve) => {
      sequence += 1;
      pending.set(sequence, resolve as (reply: unknown) => void);
      child.send({ id: sequence, ...command });
    });
  const { apiUrl, baseUrl } = await ready;
  return {
    apiUrl,
    baseUrl,
    reset: () => ask({ cmd: 'reset' }),
    rateLimit: (limit) => ask({ cmd: 'rateLimit', limit }),
    stats: () => ask<StandinStats>({ cmd: 'stats' }),
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await ask({ cmd: 'exit' }).catch(() => undefined);
      await exited;
    },
  };
}

/** Samples this process's resident memory while `work` runs; returns the peak in MB. */
export async function peakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  // memoryUsage.rss() reads only the resident size; memoryUsage() also walks the heap, 40 times a second.
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 25);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, peakMb: peak / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

export function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/** Waits until the stand-in has heard nothing new from the app for `quietMs`: the app's work is done. */
export async function quiet(standin: StandinProcess, quietMs = 400, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = -1;
  for (;;) {
    const { activity } = await standin.stats();
    if (activity === seen || Date.now() > deadline) return;
    seen = activity;
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  }
}
