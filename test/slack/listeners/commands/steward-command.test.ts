import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { fixedClock } from '../../../../src/domain/clock';
import { createLogger } from '../../../../src/logger';
import type { Actor } from '../../../../src/services/service-api';
import type { SlackActorResolver } from '../../../../src/slack/actor';
import { DEFAULT_TIMING, type SlackDeps } from '../../../../src/slack/deps';
import { stewardCommand } from '../../../../src/slack/listeners/commands/steward-command';
import { slashCommandBody } from '../../../support/slack-requests';
import { fakeServices } from '../../fake-services';

const internal: Actor = { person: { slackUserId: 'U0ALICE' }, surface: 'slack', external: false };
const vendor: Actor = {
  person: { slackUserId: 'U0VENDOR', slackTeamId: 'T0PARTNER' },
  surface: 'slack',
  external: true,
};

/** The listener's arguments with defaults, after the starter template's buildArguments: a test states what matters. */
function buildArguments(options: { text: string; actor?: Actor }) {
  const order: string[] = [];
  const replies: unknown[] = [];
  const fake = fakeServices();
  const deps: SlackDeps = {
    services: fake.services,
    logger: createLogger('silent'),
    clock: fixedClock('2026-04-01T09:00:00Z'),
    actors: {
      fromCommand: async () => {
        order.push('actor');
        return options.actor ?? internal;
      },
    } as unknown as SlackActorResolver,
    installation: async () => ({ teamId: 'T0STEWARD', botUserId: 'U0BOT', botId: 'B0BOT' }),
    defaultTimezone: 'UTC',
    timing: DEFAULT_TIMING,
    files: { read: async () => fail('no file in this test'), find: async () => fail('no file in this test') },
  };
  const views: unknown[] = [];
  const args = {
    command: slashCommandBody({ text: options.text }),
    ack: async () => {
      order.push('ack');
    },
    respond: async (message: unknown) => {
      order.push('respond');
      replies.push(message);
    },
    client: { views: { open: async (view: unknown) => views.push(view) } },
  } as unknown as AllMiddlewareArgs & SlackCommandMiddlewareArgs;
  return { deps, args, order, replies, views, calls: fake.calls };
}

describe('the /steward listener', () => {
  it('acknowledges before anything else', async () => {
    const { deps, args, order } = buildArguments({ text: 'help' });
    await stewardCommand(deps)(args);
    expect(order).toEqual(['ack', 'actor', 'respond']);
  });

  it('refuses a vendor before parsing further, and audits with the reference', async () => {
    const { deps, args, replies, calls, views } = buildArguments({ text: 'kpi ACME-2026-001 uptime', actor: vendor });
    await stewardCommand(deps)(args);
    expect(calls.map((call) => [call.method, call.args[1], call.args[2]])).toEqual([
      ['audit.recordRefusal', '/steward kpi', 'ACME-2026-001'],
    ]);
    expect(replies).toEqual([expect.objectContaining({ response_type: 'ephemeral' })]);
    expect(views).toEqual([]);
  });

  it('also refuses a vendor’s malformed management command instead of teaching its usage', async () => {
    const { deps, args, replies, calls } = buildArguments({ text: 'roles', actor: vendor });
    await stewardCommand(deps)(args);
    expect(calls.map((call) => call.method)).toEqual(['audit.recordRefusal']);
    expect(JSON.stringify(replies)).not.toContain('Usage');
  });

  it('opens the KPI modal for a new KPI without asking the service first', async () => {
    const { deps, args, views, calls } = buildArguments({ text: 'kpi ACME-2026-001' });
    await stewardCommand(deps)(args);
    expect(calls).toEqual([]);
    expect(views).toEqual([
      expect.objectContaining({ view: expect.objectContaining({ callback_id: 'kpi_edit_view' }) }),
    ]);
  });

  it('prefills the KPI modal when editing one', async () => {
    const { deps, args, views, calls } = buildArguments({ text: 'kpi ACME-2026-001 RESPONSE-TIME' });
    await stewardCommand(deps)(args);
    expect(calls.map((call) => call.method)).toEqual(['contracts.kpis']);
    expect(JSON.stringify(views)).toContain('"initial_value":"First response time"');
  });

  it('answers `home` with the Home tab’s lists in one message, as Teams does', async () => {
    const { deps, args, replies, calls } = buildArguments({ text: 'home', actor: vendor });
    await stewardCommand(deps)(args);
    expect(calls.map((call) => call.method)).toEqual(['dashboard.home']);
    const reply = replies[0] as { text: string; blocks: unknown[] };
    expect(reply.text).toBe('Your check-ins (1), contracts (0) and escalations (0)');
    expect(reply.blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(reply.blocks)).toContain('Submit score');
  });

  it('answers `kpis REF` with each KPI’s key, target and who answers it', async () => {
    const { deps, args, replies, calls } = buildArguments({ text: 'kpis acme-2026-001' });
    await stewardCommand(deps)(args);
    expect(calls.map((call) => [call.method, call.args[1]])).toEqual([['contracts.kpis', 'ACME-2026-001']]);
    const text = JSON.stringify(replies);
    expect(text).toContain('KPIs of ACME-2026-001 (1)');
    expect(text).toContain('target 4 h');
    expect(text).toContain('lower is better · monthly · answered by the contract owner');
  });

  it('refuses `kpis` to a vendor, as Teams does', async () => {
    const { deps, args, calls } = buildArguments({ text: 'kpis ACME-2026-001', actor: vendor });
    await stewardCommand(deps)(args);
    expect(calls.map((call) => call.method)).toEqual(['audit.recordRefusal']);
  });
});
