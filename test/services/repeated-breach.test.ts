import { useTestDatabase } from '../support/database';
import { setupServices, vendor } from '../support/service-harness';

const database = useTestDatabase();

describe('repeated breaches', () => {
  it('raise a renegotiation review at the top of the path after 3 red months, and a termination review after 6', async () => {
    const { clock, surface, services } = await setupServices(
      database.connection(),
      'BREACH-2026-001',
      '2026-02-02T08:00:00Z',
    );
    const reviews = () =>
      surface
        .ofKind('escalation')
        .filter(
          (post) => post.escalation.contractRef === 'BREACH-2026-001' && post.escalation.trigger === 'repeated-breach',
        );

    // January to June 2026, each answered red on the first working day of the next month.
    const months = ['2026-02-02', '2026-03-02', '2026-04-01', '2026-05-04', '2026-06-01', '2026-07-01'];
    for (const [index, day] of months.entries()) {
      clock.set(`${day}T08:00:00Z`);
      await services.checkins.createDueCheckins(clock());
      await services.checkins.dispatchDue(clock());
      const prompt = surface
        .ofKind('prompt')
        .filter((p) => p.prompt.items[0]?.contractRef === 'BREACH-2026-001')
        .at(-1)!;
      await services.checkins.submitScore(vendor, prompt.prompt.items[0]!.checkinId, { value: 95 });
      expect(reviews()).toHaveLength(index + 1 >= 6 ? 2 : index + 1 >= 3 ? 1 : 0);
    }
    const [renegotiation, termination] = reviews();
    expect(renegotiation?.escalation).toMatchObject({
      level: 2,
      headline: expect.stringContaining('renegotiation review'),
    });
    expect(renegotiation?.escalation.mention).toEqual([expect.objectContaining({ slackUserId: 'U0DIRECTOR' })]);
    expect(termination?.escalation.headline).toContain('termination review');
  });
});
