import { fixedClock } from '../../src/domain/clock';
import { createLogger } from '../../src/logger';
import { actorFromSlack, isExternalUser, SlackActorResolver } from '../../src/slack/actor';

const installation = { teamId: 'T0STEWARD' };
const grid = { teamId: 'T0STEWARD', enterpriseId: 'E0ORG' };

describe('who is external', () => {
  it('is decided by team and Grid org ids', () => {
    expect(isExternalUser(installation, { teamId: 'T0STEWARD' })).toBe(false);
    expect(isExternalUser(installation, { teamId: 'T0PARTNER' })).toBe(true);
    expect(isExternalUser(grid, { teamId: 'T0SISTER', enterpriseId: 'E0ORG' })).toBe(false);
    expect(isExternalUser(grid, { teamId: 'T0PARTNER', enterpriseId: 'E0PARTNER' })).toBe(true);
    expect(isExternalUser(installation, {})).toBeUndefined();
  });

  it('builds the actor, counting an unknown team as external', () => {
    expect(
      actorFromSlack({ userId: 'U0ALICE', teamId: 'T0STEWARD', name: 'Alice' }, installation, {
        channelId: 'C0KPI',
        shared: false,
      }),
    ).toEqual({
      person: { slackUserId: 'U0ALICE', slackTeamId: 'T0STEWARD', name: 'Alice' },
      surface: 'slack',
      external: false,
      channel: { surface: 'slack', channelId: 'C0KPI', shared: false },
    });
    expect(actorFromSlack({ userId: 'U0WHO' }, installation).external).toBe(true);
  });
});

describe('the sender of an interaction', () => {
  const resolver = (usersInfo: (args: { user: string }) => Promise<unknown>) => {
    const calls: string[] = [];
    const client = {
      users: {
        info: async (args: { user: string }) => {
          calls.push(args.user);
          return usersInfo(args);
        },
      },
      conversations: { info: async () => ({ channel: { is_ext_shared: false } }) },
    };
    const actors = new SlackActorResolver(
      client as never,
      async () => ({ teamId: 'T0STEWARD', botId: 'B0', botUserId: 'U0BOT' }),
      fixedClock('2026-03-02T09:00:00Z'),
      createLogger('silent'),
    );
    return { actors, calls };
  };

  it('is looked up with users.info, once, whatever team the payload names', async () => {
    const { actors, calls } = resolver(async () => ({ user: { team_id: 'T0PARTNER', real_name: 'Vera' } }));
    const click = { user: { id: 'U0VENDOR', team_id: 'T0STEWARD' } };
    expect((await actors.fromInteraction(click)).external).toBe(true);
    expect((await actors.fromInteraction(click)).external).toBe(true);
    expect(calls).toEqual(['U0VENDOR']);
  });

  it('counts as external when users.info fails and only the payload says they are ours', async () => {
    const { actors } = resolver(async () => {
      throw new Error('slack is down');
    });
    expect((await actors.fromInteraction({ user: { id: 'U0WHO', team_id: 'T0STEWARD' } })).external).toBe(true);
    expect((await actors.fromInteraction({ user: { id: 'U0OUT', team_id: 'T0PARTNER' } })).external).toBe(true);
  });
});
