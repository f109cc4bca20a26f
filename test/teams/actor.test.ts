import type { ActivityIdentity } from '../../src/teams/actor';
import { actorFromActivity, baseConversationId } from '../../src/teams/actor';

const OUR_TENANT = 'tenant-ours';

function activity(overrides: { from?: object; conversation?: object; channelData?: object } = {}): ActivityIdentity {
  return {
    from: { id: '29:alex', name: 'Alex Wilber', aadObjectId: 'aad-alex', role: 'user', ...overrides.from },
    conversation: { id: 'a:personal', conversationType: 'personal', tenantId: OUR_TENANT, ...overrides.conversation },
    channelData: { tenant: { id: OUR_TENANT }, ...overrides.channelData },
  } as ActivityIdentity;
}

describe('actorFromActivity', () => {
  it('is a member of our organisation when every tenant id is ours', () => {
    expect(actorFromActivity(activity(), { tenantId: OUR_TENANT })).toEqual({
      person: { teamsUserId: 'aad-alex', name: 'Alex Wilber' },
      surface: 'teams',
      external: false,
    });
  });

  it.each([
    ['a guest', { from: { userRole: 'guest' } }],
    ['an anonymous participant', { from: { userRole: 'anonymous' } }],
    ['a user without an Entra identity', { from: { aadObjectId: undefined } }],
    ['a user of another tenant', { from: { tenantId: 'tenant-vendor' } }],
    ['a conversation hosted by another tenant', { conversation: { tenantId: 'tenant-vendor' } }],
    ['an activity from another tenant', { channelData: { tenant: { id: 'tenant-vendor' } } }],
  ])('is external for %s', (_what, overrides) => {
    expect(actorFromActivity(activity(overrides), { tenantId: OUR_TENANT }).external).toBe(true);
  });

  it('compares tenant ids case-insensitively (GUIDs arrive in either case)', () => {
    expect(actorFromActivity(activity({ from: { tenantId: 'TENANT-OURS' } }), { tenantId: OUR_TENANT }).external).toBe(
      false,
    );
  });

  it('cannot tell tenants apart without our tenant (the sandbox): only roles and identity count', () => {
    expect(actorFromActivity(activity({ conversation: { tenantId: 'anything' } })).external).toBe(false);
    expect(actorFromActivity(activity({ from: { userRole: 'Guest' } })).external).toBe(true);
  });

  it('names the channel, without the thread suffix, and marks shared channels', () => {
    const actor = actorFromActivity(
      activity({
        conversation: { id: '19:abc@thread.tacv2;messageid=1700000000000', conversationType: 'channel' },
        channelData: { channel: { id: '19:abc@thread.tacv2', type: 'shared' } },
      }),
      { tenantId: OUR_TENANT },
    );
    expect(actor.channel).toEqual({ surface: 'teams', channelId: '19:abc@thread.tacv2', shared: true });
    expect(actor.external).toBe(false);
  });

  it('has no channel in the personal chat', () => {
    expect(actorFromActivity(activity()).channel).toBeUndefined();
  });

  it('strips a thread suffix only', () => {
    expect(baseConversationId('19:abc@thread.tacv2;messageid=1')).toBe('19:abc@thread.tacv2');
    expect(baseConversationId('a:personal')).toBe('a:personal');
  });
});
