import { useTestDatabase } from '../support/database';
import { bystander, director, owner, setupServices, vendor } from '../support/service-harness';

const database = useTestDatabase();

describe('closeout', () => {
  it('posts the closeout steps at 60, 30 and 0 days with the evaluation, collects lessons and closes', async () => {
    const { clock, surface, services, store } = await setupServices(database.connection(), 'CLOSE-2026-000');
    const reference = 'CLOSE-2026-001';
    await services.contracts.create(owner, {
      reference,
      title: 'Network refresh',
      category: 'IT services',
      vendorName: 'Acme Networks',
      vendorContacts: [vendor.person],
      value: '300000',
      currency: 'EUR',
      startDate: '2026-01-01',
      endDate: '2026-05-01',
      timezone: 'Europe/Berlin',
    });
    await services.contracts.setEscalationPath(owner, reference, {
      levels: [
        { level: 1, role: 'owner', ackWithinHours: 24 },
        { level: 2, people: [director.person], ackWithinHours: 48 },
      ],
    });
    const kpi = await services.contracts.upsertKpi(owner, reference, {
      key: 'availability',
      name: 'Availability',
      unit: '%',
      kind: 'percent',
      direction: 'higher-is-better',
      baseline: 98,
      target: 99.5,
      warningThreshold: 99,
      breachThreshold: 98,
      weight: 1,
      cadence: 'monthly',
      respondent: 'vendor',
      vendorVisible: true,
    });
    await services.contracts.linkChannel(owner, reference, {
      surface: 'slack',
      channelId: 'C2INTERNAL',
      purpose: 'internal',
    });
    for (const [periodKey, value, rag] of [
      ['2026-01', 99.6, 'green'],
      ['2026-02', 98.5, 'amber'],
    ] as const) {
      await store.scores.record({
        contractRef: reference,
        kpiKey: 'availability',
        kpiVersion: kpi.version,
        periodKey,
        periodStart: new Date(`${periodKey}-01T00:00:00+01:00`),
        periodEnd: new Date(`${periodKey}-28T00:00:00+01:00`),
        value,
        rag,
        answeredBy: vendor.person,
        surface: 'slack',
      });
    }

    const steps = () =>
      surface
        .ofKind('notice')
        .filter((post) => post.destination.channelId === 'C2INTERNAL' && post.notice.text.includes('Lessons learned'));
    // Monday 2 March, 09:00 in Berlin, is 60 days before 1 May.
    expect(await services.closeout.runScheduled(clock())).toMatchObject({ posted: 1 });
    expect(await services.closeout.runScheduled(clock())).toMatchObject({ posted: 0 });
    expect(steps()).toHaveLength(1);
    const first = steps()[0]!.notice;
    expect(first.text).toContain(
      'Closeout of CLOSE-2026-001 (Acme Networks) begins: it ends on 2026-05-01, in 60 days.',
    );
    expect(first.text).toContain('Term score 75 of 100 (amber); recommendation: renew with conditions.');
    expect(first.text).toContain('/steward lesson CLOSE-2026-001');
    expect(first.mention).toEqual([expect.objectContaining({ slackUserId: 'U0OWNER' })]);
    clock.set('2026-03-03T08:00:00Z');
    expect(await services.closeout.runScheduled(clock())).toMatchObject({ posted: 0 });
    clock.set('2026-04-01T07:00:00Z');
    expect(await services.closeout.runScheduled(clock())).toMatchObject({ posted: 1 });
    expect(steps()[1]?.notice.text).toContain('ends in 30 days, on 2026-05-01');
    clock.set('2026-05-01T07:00:00Z');
    expect(await services.closeout.runScheduled(clock())).toMatchObject({ posted: 1 });
    expect(steps()[2]?.notice.text).toContain('ends today, 2026-05-01. Final evaluation of the whole term:');
    expect(steps()[2]?.notice.text).toContain(`/steward close ${reference} closed`);
    expect((await store.contracts.require(reference)).closeout).toMatchObject({
      endDate: '2026-05-01',
      steps: ['t-60', 't-30', 't-0'],
    });

    const evaluation = await services.closeout.finalEvaluation(owner, reference);
    expect(evaluation).toMatchObject({ termScore: 75, termRag: 'amber', recommendation: 'renew-with-conditions' });
    await expect(services.closeout.finalEvaluation(vendor, reference)).rejects.toMatchObject({ code: 'forbidden' });

    // Lessons: from the people who ran the contract, not from the vendor or a bystander.
    await expect(
      services.closeout.recordLesson(vendor, reference, 'The owner was slow to answer.'),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(
      services.closeout.recordLesson(bystander, reference, 'I was not involved at all.'),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(services.closeout.recordLesson(owner, reference, 'Too short')).rejects.toMatchObject({
      code: 'validation',
      fieldErrors: { text: 'Lesson must be at least 10 characters.' },
    });
    for (const [who, text] of [
      [owner, 'Agree the monitoring source before go-live.'],
      [director, 'Escalate router failures to the vendor NOC directly.'],
      [owner, 'Ask for spare parts on site.'],
      [owner, 'Put the service credit terms in the first draft.'],
    ] as const) {
      await services.closeout.recordLesson(who, reference, text);
      clock.advance(60_000);
    }
    expect((await store.lessons.listForContract(reference))[0]).toMatchObject({
      category: 'IT services',
      vendorName: 'Acme Networks',
    });

    // A new contract with the same vendor (any spelling) sees the three latest lessons.
    await services.contracts.create(owner, {
      reference: 'CLOSE-2026-002',
      title: 'Wi-Fi rollout',
      vendorName: 'acme  networks',
      value: '90000',
      currency: 'EUR',
      startDate: '2026-06-01',
      endDate: '2027-05-31',
    });
    const lessons = await services.closeout.lessonsFor(owner, 'CLOSE-2026-002');
    expect(lessons.map((lesson) => lesson.text)).toEqual([
      'Put the service credit terms in the first draft.',
      'Ask for spare parts on site.',
      'Escalate router failures to the vendor NOC directly.',
    ]);
    expect(await services.closeout.lessonsFor(owner, reference)).toEqual([]);
    await expect(services.closeout.lessonsFor(vendor, 'CLOSE-2026-002')).rejects.toMatchObject({ code: 'forbidden' });

    // Closing: a manager's decision, through closing to closed.
    await expect(services.closeout.closeContract(vendor, reference, 'closed', 'Done and dusted')).rejects.toMatchObject(
      {
        code: 'forbidden',
      },
    );
    await expect(
      services.closeout.closeContract(owner, reference, 'closed', { note: 'Done', newEndDate: '2027-01-01' }),
    ).rejects.toMatchObject({ code: 'validation', fieldErrors: { newEndDate: expect.any(String) } });
    expect((await store.contracts.require(reference)).status).toBe('active');
    const closed = await services.closeout.closeContract(owner, reference, 'closed', 'Term ended; no renewal needed');
    expect(closed.status).toBe('closed');
    const statuses = (await store.audit.list(reference))
      .filter((event) => event.action === 'contract.status-changed')
      .map((event) => (event.after as { status: string }).status);
    expect(statuses).toEqual(['closing', 'closed']);
    expect((await store.contracts.require(reference)).closeout).toMatchObject({
      outcome: 'closed',
      note: 'Term ended; no renewal needed',
      decidedBy: expect.objectContaining({ slackUserId: 'U0OWNER' }),
    });
    await expect(services.closeout.closeContract(owner, reference, 'closed', 'again please')).rejects.toMatchObject({
      code: 'invalid_transition',
    });
    expect((await store.audit.verifyChain(reference)).ok).toBe(true);
  });

  it('renews a closing contract into a new term whose closeout starts again, and refuses to close one at risk', async () => {
    const reference = 'CLOSE-2026-010';
    const { clock, surface, services, store } = await setupServices(database.connection(), reference);
    await services.contracts.changeStatus(owner, reference, 'closing', 'Heading for renewal talks');

    for (const [input, message] of [
      ['No date given', /Give the new end date/],
      [{ note: 'Too early', newEndDate: '2027-06-30' }, /after the current one \(2027-12-31\)/],
      [{ note: 'Bad date', newEndDate: '2029-02-29' }, /not a day in the calendar/],
    ] as const) {
      await expect(services.closeout.closeContract(owner, reference, 'renewed', input)).rejects.toMatchObject({
        code: 'validation',
        fieldErrors: { newEndDate: expect.stringMatching(message) },
      });
    }
    expect(await store.contracts.require(reference)).toMatchObject({ status: 'closing', endDate: '2027-12-31' });

    const renewed = await services.closeout.closeContract(owner, reference, 'renewed', {
      note: 'Two more years at the same price',
      newEndDate: '2029-12-31',
    });
    expect(renewed).toMatchObject({ status: 'active', endDate: '2029-12-31' });
    expect((await store.contracts.require(reference)).closeout).toMatchObject({
      endDate: '2029-12-31',
      steps: [],
      outcome: 'renewed',
      previousEndDate: '2027-12-31',
    });
    expect(
      surface
        .ofKind('notice')
        .some((post) => post.notice.text.includes(`renewed ${reference} (Acme Networks) until 2029-12-31`)),
    ).toBe(true);

    // The new term's closeout begins 60 days before its new end date.
    clock.set('2029-11-01T08:00:00Z');
    await services.closeout.runScheduled(clock());
    const begun = surface
      .ofKind('notice')
      .filter((post) => post.notice.text.startsWith(`Closeout of ${reference}`))
      .map((post) => post.notice.text);
    expect(begun).toEqual([expect.stringContaining('it ends on 2029-12-31, in 60 days')]);

    await services.contracts.changeStatus(owner, reference, 'at-risk', 'Availability breached');
    await expect(services.closeout.closeContract(owner, reference, 'closed', 'Let it end')).rejects.toMatchObject({
      code: 'invalid_transition',
      message: expect.stringContaining('Move it to in-remediation'),
    });
    expect((await store.contracts.require(reference)).status).toBe('at-risk');
  });
});
