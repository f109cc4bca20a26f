import { StewardError } from '../../src/domain/errors';
import { useTestDatabase } from '../support/database';
import { bystander, director, owner, setupServices, vendor } from '../support/service-harness';

const database = useTestDatabase();

describe('obligations', () => {
  it('creates, reminds, escalates when overdue, takes evidence, closes and creates the next occurrence', async () => {
    const reference = 'OBL-2026-001';
    const { services, surface, store, clock } = await setupServices(database.connection(), reference);

    // Bad input is refused field by field and nothing is written.
    const base: Record<string, unknown> = {
      kind: 'report',
      title: 'Monthly service report',
      owner: vendor.person,
      dueDate: '2026-03-31',
    };
    for (const [input, field, message] of [
      [{ dueDate: '2026-02-30' }, 'dueDate', /2026-02-30 is not a day in the calendar/],
      [{ dueDate: '2026-02-01' }, 'dueDate', /has passed; choose today \(2026-03-02\) or later/],
      [{ dueDate: '2028-01-31' }, 'dueDate', /after OBL-2026-001 ends \(2027-12-31\)/],
      [{ kind: 'lunch' }, 'kind', /Kind must be report, insurance/],
      [{ recurrence: 'fortnightly' }, 'recurrence', /Recurrence must be none, monthly, quarterly or yearly/],
    ] as const) {
      const error = await services.obligations.create(owner, reference, { ...base, ...input }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StewardError);
      expect((error as StewardError).code).toBe('validation');
      expect((error as StewardError).fieldErrors[field]).toMatch(message);
    }
    expect(await store.obligations.listForContract(reference)).toHaveLength(0);
    await expect(
      services.obligations.create(vendor, reference, {
        kind: 'report',
        title: 'x',
        owner: vendor.person,
        dueDate: '2026-03-31',
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });

    const report = await services.obligations.create(owner, reference, {
      kind: 'report',
      title: 'Monthly service report',
      owner: vendor.person,
      dueDate: '2026-03-31',
      recurrence: 'monthly',
    });
    const insurance = await services.obligations.create(owner, reference, {
      kind: 'insurance',
      title: 'Liability insurance certificate',
      owner: director.person,
      dueDate: '2026-03-05',
      recurrence: 'yearly',
    });
    expect(report).toMatchObject({ outcome: 'open', overdue: false, recurrence: 'monthly' });
    expect((await services.obligations.list(vendor, reference)).map((o) => o.id)).toEqual([report.id]);
    expect((await services.obligations.list(owner, reference)).map((o) => o.id)).toEqual([insurance.id, report.id]);

    // Monday 2 March, 09:00 in Berlin: the certificate is due within a week, the report is not.
    expect(await services.obligations.runScheduled(clock())).toEqual({ reminded: 1, escalated: 0 });
    expect(await services.obligations.runScheduled(clock())).toEqual({ reminded: 0, escalated: 0 });
    const reminders = () => surface.ofKind('notice').filter((post) => post.notice.text.startsWith('Reminder: “'));
    expect(reminders()).toHaveLength(1);
    expect(reminders()[0]).toMatchObject({
      destination: { channelId: 'C0INTERNAL' },
      notice: { mention: [expect.objectContaining({ slackUserId: 'U0DIRECTOR' })] },
    });
    expect(reminders()[0]?.notice.text).toContain('due in 3 days, on 2026-03-05');

    // Three weeks later: the report is due in a week (the vendor owes it, so the vendor channel hears),
    // and the certificate is overdue, which escalates like a breach, once.
    clock.set('2026-03-24T08:00:00Z');
    expect(await services.obligations.runScheduled(clock())).toEqual({ reminded: 1, escalated: 1 });
    expect(await services.obligations.runScheduled(clock())).toEqual({ reminded: 0, escalated: 0 });
    expect(reminders()[1]).toMatchObject({
      destination: { channelId: 'C0SHARED', purpose: 'vendor' },
      notice: { mention: [expect.objectContaining({ slackUserId: 'U0VENDOR' })] },
    });
    const escalations = surface
      .ofKind('escalation')
      .filter((post) => post.escalation.contractRef === reference && post.escalation.trigger === 'overdue-obligation');
    expect(escalations).toHaveLength(1);
    expect(escalations[0]?.destination.channelId).toBe('C0INTERNAL');
    expect(escalations[0]?.escalation.headline).toContain('“Liability insurance certificate” was due on 2026-03-05');
    expect((await store.escalations.findBySource(`overdue-obligation:${insurance.id}`))?.obligationId).toBe(
      insurance.id,
    );
    expect(
      (await services.obligations.list(owner, reference, { open: true })).find((o) => o.id === insurance.id)?.overdue,
    ).toBe(true);

    // Evidence: the vendor for its own obligation; not a bystander; and it must be a link or a note.
    await expect(
      services.obligations.addEvidence(bystander, report.id, { url: 'https://acme.example/r.pdf' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(services.obligations.addEvidence(vendor, report.id, {})).rejects.toMatchObject({
      code: 'validation',
      fieldErrors: { url: expect.stringContaining('Add a link') },
    });
    await expect(services.obligations.addEvidence(vendor, report.id, { url: 'report.pdf' })).rejects.toMatchObject({
      code: 'validation',
      fieldErrors: { url: expect.stringContaining('https://') },
    });
    const withEvidence = await services.obligations.addEvidence(vendor, report.id, {
      url: 'https://acme.example/report-2026-03.pdf',
    });
    expect(withEvidence.evidence).toEqual([
      expect.objectContaining({
        url: 'https://acme.example/report-2026-03.pdf',
        by: expect.objectContaining({ slackUserId: 'U0VENDOR' }),
      }),
    ]);

    // Only a manager sets the outcome; "fulfilled" becomes on time or late by the date.
    await expect(services.obligations.setOutcome(vendor, report.id, { outcome: 'fulfilled' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    const march = await services.obligations.setOutcome(owner, report.id, { outcome: 'fulfilled' });
    expect(march.obligation).toMatchObject({
      outcome: 'fulfilled-on-time',
      outcomeBy: expect.objectContaining({ name: 'Olivia' }),
    });
    expect(march.next).toMatchObject({ dueDate: '2026-04-30', outcome: 'open', title: 'Monthly service report' });
    await expect(services.obligations.setOutcome(owner, report.id, { outcome: 'not-fulfilled' })).rejects.toMatchObject(
      {
        code: 'conflict',
      },
    );

    clock.set('2026-05-04T08:00:00Z');
    const april = await services.obligations.setOutcome(owner, march.next!.id, {
      outcome: 'fulfilled-on-time',
      evidenceUrl: 'https://acme.example/report-2026-04.pdf',
    });
    expect(april.obligation.outcome).toBe('fulfilled-late');
    expect(april.obligation.evidence).toHaveLength(1);
    // Counted from the first due date (31 March), so May's is the 31st, not the 30th.
    expect(april.next?.dueDate).toBe('2026-05-31');

    // Waiving needs a manager and a reason.
    await expect(
      services.obligations.setOutcome(director, insurance.id, { outcome: 'waived', waivedReason: 'n/a' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(services.obligations.setOutcome(owner, insurance.id, { outcome: 'waived' })).rejects.toMatchObject({
      code: 'validation',
      fieldErrors: { waivedReason: expect.stringContaining('say why') },
    });
    expect((await store.obligations.require(insurance.id)).outcome).toBe('open');
    const waived = await services.obligations.setOutcome(owner, insurance.id, {
      outcome: 'waived',
      waivedReason: 'Covered by the group policy from April',
    });
    expect(waived.obligation).toMatchObject({
      outcome: 'waived',
      waivedReason: 'Covered by the group policy from April',
      waivedBy: expect.objectContaining({ slackUserId: 'U0OWNER' }),
    });
    expect(waived.next?.dueDate).toBe('2027-03-05');

    const audit = await store.audit.list(reference);
    expect(audit.filter((event) => event.entityType === 'obligation').map((event) => event.action)).toEqual(
      expect.arrayContaining(['obligation.created', 'obligation.updated']),
    );
    expect(audit.filter((event) => event.action === 'access.refused').length).toBeGreaterThanOrEqual(4);
    expect((await store.audit.verifyChain(reference)).ok).toBe(true);
  });
});
