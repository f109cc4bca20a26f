import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { slashCommandBody } from '../support/slack-requests';
import { type SlackStandin, startSlackStandin, TEST_WORKSPACE } from '../support/slack-standin';
import { type StewardUnderTest, startStewardWithSlack } from '../support/steward-harness';

/**
 * Guarantee: the embedded database is supervised. Killed (kill -9), it is started again with backoff on the
 * same port and files, /healthz recovers and commands work again, all without restarting Steward.
 */
let dataDir: string;
let standin: SlackStandin;
let steward: StewardUnderTest;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'steward-supervised-'));
  standin = await startSlackStandin();
  // No MONGODB_URI: Steward starts its own embedded FerretDB under DATA_DIR, as `npm start` does.
  steward = await startStewardWithSlack({ standin, env: { MONGODB_URI: '', DATA_DIR: dataDir } });
}, 60_000);

afterAll(async () => {
  await steward?.stop();
  await standin?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const health = async () => {
  const response = await fetch(`${steward.app.url}/healthz`);
  return { status: response.status, body: (await response.json()) as { database: string } };
};

async function listCommand(id: string): Promise<string> {
  const response = await steward.send(
    'command',
    slashCommandBody({ text: 'list', user_id: TEST_WORKSPACE.user.id, response_url: standin.responseUrl(id) }),
  );
  expect(response.status).toBe(200);
  return JSON.stringify(await standin.waitForResponse(id, { timeoutMs: 15_000 }));
}

describe('the embedded database', () => {
  it('is started again after kill -9, and /healthz and commands recover without restarting Steward', async () => {
    const embedded = steward.app.database.embedded!;
    expect(embedded).toBeDefined();
    expect((await health()).status).toBe(200);
    await steward.app.services.contracts.create(
      {
        person: { slackUserId: TEST_WORKSPACE.user.id, slackTeamId: TEST_WORKSPACE.teamId },
        surface: 'slack',
        external: false,
      },
      {
        reference: 'SUPERVISED-001',
        title: 'Kept across a database crash',
        vendorName: 'Acme',
        value: 1_000,
        currency: 'EUR',
        startDate: '2026-01-01',
        endDate: '2026-12-31',
        status: 'active',
      },
    );
    const before = embedded.pid!;
    process.kill(before, 'SIGKILL');

    // Down for a moment, then back on its own.
    const seen: number[] = [];
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { status } = await health();
      seen.push(status);
      if (status === 200 && embedded.pid !== before) break;
      if (Date.now() > deadline) throw new Error(`no recovery; /healthz said ${seen.join(',')}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(embedded.pid).not.toBe(before);

    // The same process answers commands from the data it had before the crash.
    const listed = await listCommand('after-restart');
    expect(listed).toContain('SUPERVISED-001');
    expect(listed).not.toMatch(/went wrong/i);
  }, 60_000);
});
