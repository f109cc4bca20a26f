import { actorFromSlack, isExternalUser } from '../../src/slack/actor';

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
