import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { fixedClock } from '../../../../src/domain/clock';
import { StewardError } from '../../../../src/domain/errors';
import { createLogger } from '../../../../src/logger';
import type { Actor, StewardServices } from '../../../../src/services/service-api';
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

/** The listener's arguments with defaults; `services` replaces the APIs a test needs answered. */
function buildArguments(options: { text: string; actor?: Actor; services?: Partial<StewardServices> }) {
  const replies: Array<{ text?: string; blocks?: unknown[] }> = [];
  const views: unknown[] = [];
  const fake = fakeServices();
  Object.assign(fake.services, options.services ?? {});
  const deps: SlackDeps = {
    services: fake.services,
    logger: createLogger('silent'),
    clock: fixedClock('2026-04-01T09:00:00Z'),
    actors: { fromCommand: async () => options.actor ?? internal } as unknown as SlackActorResolver,
    installation: async () => ({ teamId: 'T0STEWARD', botUserId: 'U0BOT', botId: 'B0BOT' }),
    defaultTimezone: 'UTC',
    timing: DEFAULT_TIMING,
    files: { read: async () => fail('no file in this test'), find: async () => fail('no file in this test') },
  };
  const args = {
    command: slashCommandBody({ text: options.text }),
    ack: async () => undefined,
    respond: async (message: { text?: string; blocks?: unknown[] }) => {
      replies.push(message);
    },
    client: { views: { open: async (view: unknown) => views.push(view) } },
  } as unknown as AllMiddlewareArgs & SlackCommandMiddlewareArgs;
  return { run: () => stewardCommand(deps)(args), replies, views, calls: fake.calls };
}

describe('/steward for the CPM framework', () => {
  it('shows the usage and calls nothing for malformed arguments', async () => {
    for (const text of [
      'credits ACME-2026-001 someday',
      'close ACME-2026-001 maybe',
      'export everything csv',
      'audit',
    ]) {
      const { run, replies, calls } = buildArguments({ text });
      await run();
      expect(calls).toEqual([]);
      expect(JSON.stringify(replies)).toContain('Usage');
    }
  });

  it('refuses vendors the contract team’s commands with an audit entry, before any service runs', async () => {
    for (const [text, what] of [
      ['export contracts csv ACME-2026-001', '/steward export'],
      ['risks ACME-2026-001', '/steward risks'],
      ['credits ACME-2026-001 2026-03', '/steward credits'],
      ['import', '/steward import'],
    ] as const) {
      const { run, replies, calls } = buildArguments({ text, actor: vendor });
      await run();
      expect(calls.map((call) => [call.method, call.args[1]])).toEqual([['audit.recordRefusal', what]]);
      expect(JSON.stringify(replies)).toContain('contract team');
    }
  });

  it('lets a vendor acknowledge a kickoff and list its obligations, leaving the decision to the service', async () => {
    const acknowledged: string[] = [];
    const { run, replies } = buildArguments({
      text: 'acknowledge acme-2026-001',
      actor: vendor,
      services: {
        kickoff: {
          acknowledgeKickoff: async (_actor: Actor, reference: string) => {
            acknowledged.push(reference);
            return { contractRef: reference, acknowledged: null, alreadyAcknowledged: false } as never;
          },
        } as unknown as StewardServices['kickoff'],
      },
    });
    await run();
    expect(acknowledged).toEqual(['ACME-2026-001']);
    expect(JSON.stringify(replies)).toContain('is acknowledged');

    const list = buildArguments({
      text: 'obligations ACME-2026-001',
      actor: vendor,
      services: {
        obligations: { list: async () => [] } as unknown as StewardServices['obligations'],
      },
    });
    await list.run();
    expect(JSON.stringify(list.replies)).toContain('no obligations yet');
    expect(JSON.stringify(list.replies)).not.toContain('/steward obligation ');
  });

  it('answers a checkin whose prompts are out with where each stands, names escaped, times in the reader’s zone', async () => {
    const missedAt = new Date('2026-03-05T17:00:00Z');
    const { run, replies } = buildArguments({
      text: 'checkin ACME-2026-001',
      services: {
        checkins: {
          sendNow: async () => ({
            prompted: 0,
            alreadyOut: [
              {
                kpiName: 'Uptime <core>',
                periodLabel: 'February 2026',
                status: 'missed',
                respondents: [{ name: 'Vera & Co', slackUserId: 'U0VERA' }, { email: 'ops@vendor.example' }],
                places: [{ surface: 'slack', channelId: 'C0SHARED' }],
                at: missedAt,
              },
              {
                kpiName: 'Response time',
                periodLabel: 'February 2026',
                status: 'prompted',
                respondents: [],
                places: [{ surface: 'slack', channelId: 'D0OLIVIA' }],
                snoozedUntil: new Date('2026-03-06T08:00:00Z'),
              },
            ],
          }),
        } as never,
      },
    });
    await run();
    const text = (replies[0] as { text: string }).text;
    expect(text.split('\n')).toEqual([
      'Nothing new to send for ACME-2026-001.',
      `• Uptime &lt;core&gt;, February 2026: nobody answered in time (missed <!date^${missedAt.getTime() / 1000}^{date_short_pretty} {time}|2026-03-05 17:00 UTC>); Vera &amp; Co and ops@vendor.example can still answer it. Its prompt is in <#C0SHARED>.`,
      '• Response time, February 2026: snoozed until <!date^1772784000^{date_short_pretty} {time}|2026-03-06 08:00 UTC>. Its prompt is in a direct message.',
    ]);
  });

  it('opens the import, obligation, risk and value modals at once, without asking a service first', async () => {
    for (const [text, callbackId] of [
      ['import', 'contract_import_view'],
      ['obligation ACME-2026-001', 'obligation_create_view'],
      ['risk ACME-2026-001', 'risk_create_view'],
      ['value ACME-2026-001 record', 'value_record_view'],
    ] as const) {
      const { run, views, calls } = buildArguments({ text });
      await run();
      expect(calls).toEqual([]);
      expect(views).toEqual([expect.objectContaining({ view: expect.objectContaining({ callback_id: callbackId }) })]);
    }
  });

  it('passes a service refusal through to the error handler untouched', async () => {
    const { run } = buildArguments({
      text: 'closeout ACME-2026-001',
      services: {
        closeout: {
          finalEvaluation: async () => {
            throw new StewardError('forbidden', 'Evaluations of ACME-2026-001 are internal.');
          },
        } as unknown as StewardServices['closeout'],
      },
    });
    await expect(run()).rejects.toMatchObject({ code: 'forbidden' });
  });
});
