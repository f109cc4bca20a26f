import { useTestDatabase } from '../support/database';
import { director, owner, setupServices, vendor } from '../support/service-harness';

const database = useTestDatabase();

describe('reviews and corrective actions', () => {
  it('posts the monthly review once: internal view inside, vendor view in the shared channel', async () => {
    // Wednesday 1 April 2026, 09:30 in Berlin: the first working morning of a month and of a quarter.
    const { clock, surface, services } = await setupServices(
      database.connection(),
      'REVIEW-2026-001',
      '2026-04-01T07:30:00Z',
    );
    await services.contracts.upsertKpi(owner, 'REVIEW-2026-001', {
      key: 'margin',
      name: 'Internal margin',
      unit: '%',
      kind: 'percent',
      direction: 'higher-is-better',
      baseline: 10,
      target: 15,
      warningThreshold: 12,
      breachThreshold: 10,
      weight: 1,
      cadence: { type: 'monthly' },
      respondent: 'owner',
      vendorVisible: false,
    });
    await services.reviews.postDigests(clock());
    await services.reviews.postDigests(clock());
    const digests = surface
      .ofKind('scorecard')
      .filter((post) => post.digest.scorecard.contractRef === 'REVIEW-2026-001');
    expect(digests.map((post) => [post.destination.channelId, post.digest.heading])).toEqual(
      expect.arrayContaining([
        ['C0INTERNAL', 'Monthly review of REVIEW-2026-001 for March 2026'],
        ['C0SHARED', 'Monthly review of REVIEW-2026-001 for March 2026'],
        ['C0INTERNAL', 'Quarterly review of REVIEW-2026-001 for Q1 2026'],
      ]),
    );
    expect(digests).toHaveLength(4);
    for (const post of digests.filter((p) => p.destination.channelId === 'C0SHARED')) {
      expect(post.digest.scorecard.vendorView).toBe(true);
      expect(post.digest.scorecard.lines.map((line) => line.kpiKey)).toEqual(['availability']);
    }
  });

  it('reminds a corrective action owner before the due date and escalates when it is overdue', async () => {
    const { clock, surface, services, store } = await setupServices(database.connection(), 'ACTION-2026-001');
    await services.checkins.createDueCheckins(clock());
    await services.checkins.dispatchDue(clock());
    // The respondent's prompt may list other contracts' check-ins in the same place too.
    const item = surface
      .ofKind('prompt')
      .flatMap((p) => p.prompt.items)
      .find((i) => i.contractRef === 'ACTION-2026-001')!;
    await services.checkins.submitScore(vendor, item.checkinId, { value: 90 });
    const escalation = surface.ofKind('escalation').find((p) => p.escalation.contractRef === 'ACTION-2026-001')!;

    await expect(
      services.escalations.addCorrectiveAction(director, escalation.escalation.escalationId, {
        action: 'Replace router',
        owner: director.person,
        dueDate: '2026-02-01',
      }),
    ).rejects.toMatchObject({ code: 'validation', fieldErrors: { dueDate: expect.stringContaining('2026-03-02') } });
    expect(await store.correctiveActions.listForEscalation(escalation.escalation.escalationId)).toHaveLength(0);

    await services.escalations.addCorrectiveAction(owner, escalation.escalation.escalationId, {
      action: 'Replace the failing router',
      owner: director.person,
      dueDate: '2026-03-04',
    });
    clock.set('2026-03-03T08:00:00Z');
    await services.correctiveActions.followUp(clock());
    await services.correctiveActions.followUp(clock());
    const reminders = surface
      .ofKind('notice')
      .filter(
        (notice) =>
          notice.notice.text.includes('Replace the failing router') && notice.notice.text.startsWith('Reminder'),
      );
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.notice.mention).toEqual([expect.objectContaining({ slackUserId: 'U0DIRECTOR' })]);

    clock.set('2026-03-05T08:00:00Z');
    await services.correctiveActions.followUp(clock());
    const overdue = surface
      .ofKind('escalation')
      .filter((p) => p.escalation.trigger === 'overdue-action' && p.escalation.contractRef === 'ACTION-2026-001');
    expect(overdue).toHaveLength(1);
    expect(overdue[0]?.escalation.headline).toContain('was due on 2026-03-04');
  });
});
