import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core (no browser download: the registries are the only network).
 * A test that needs it skips, saying why, only when Chromium is not installed (`apt-get install -y chromium`).
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const hasChromium = existsSync(CHROMIUM_PATH);

export function itWithChromium(name: string, fn: () => Promise<void>, timeoutMs?: number): void {
  if (hasChromium) {
    it(name, fn, timeoutMs);
    return;
  }
  it.skip(name, fn);
  // Said out loud: a skip must be visible in the test output, not only as a count.
  console.warn(`Skipped "${name}": ${CHROMIUM_PATH} is not installed (apt-get install -y chromium).`);
}

/** A fresh profile each time (Playwright takes it as the persistent context's directory, not as --user-data-dir). */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'steward-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    // The browser keeps the real clock when the suite runs under libfaketime (npm run test:instants): the faked
    // clock is Steward's to be tested, and Chromium under libfaketime never finishes loading a page.
    env: browserEnvironment(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

function browserEnvironment(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && !entry[0].startsWith('FAKETIME') && entry[0] !== 'LD_PRELOAD',
    ),
  );
}
