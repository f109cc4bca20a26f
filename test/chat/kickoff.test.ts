import { kickoffForCaller } from '../../src/chat/kickoff';
import { StewardError } from '../../src/domain/errors';

/** `kickoff REF` behaves the same on Slack and Teams: posted for the contract team, shown to everyone. */
function kickoff(post: () => Promise<{ posted: number }>) {
  const calls: string[] = [];
  return {
    calls,
    api: {
      postKickoff: async () => {
        calls.push('post');
        return post();
      },
      checklist: async () => {
        calls.push('show');
        return { contractRef: 'ACME-2026-001' };
      },
    },
  };
}
const team = { external: false };

describe('kickoff for the caller', () => {
  it('posts for the contract team, then shows the checklist with how many places it went to', async () => {
    const { api, calls } = kickoff(async () => ({ posted: 2 }));
    expect(await kickoffForCaller(api, team, 'ACME-2026-001')).toEqual({
      view: { contractRef: 'ACME-2026-001' },
      posted: 2,
    });
    expect(calls).toEqual(['post', 'show']);
  });

  it('only shows it to a vendor, or to anyone in a place shared with one', async () => {
    for (const actor of [{ external: true }, { external: false, channel: { shared: true } }]) {
      const { api, calls } = kickoff(async () => ({ posted: 1 }));
      expect(await kickoffForCaller(api, actor, 'ACME-2026-001')).toEqual({ view: { contractRef: 'ACME-2026-001' } });
      expect(calls).toEqual(['show']);
    }
  });

  it('still shows the checklist, with the reason, when there is nothing to post', async () => {
    const reason = 'ACME-2026-001 has no linked channel yet.';
    const { api } = kickoff(async () => {
      throw new StewardError('validation', reason);
    });
    expect(await kickoffForCaller(api, team, 'ACME-2026-001')).toEqual({
      view: { contractRef: 'ACME-2026-001' },
      note: reason,
    });
  });

  it('lets a refusal through: someone who may not manage the contract is told so', async () => {
    const { api, calls } = kickoff(async () => {
      throw new StewardError('forbidden', 'Only the contract team can post the kickoff.');
    });
    await expect(kickoffForCaller(api, team, 'ACME-2026-001')).rejects.toMatchObject({ code: 'forbidden' });
    expect(calls).toEqual(['post']);
  });
});
