import { StewardError } from '../../src/domain/errors';
import { useTestDatabase } from '../support/database';
import { bystander, director, owner, setupServices, vendor } from '../support/service-harness';

const database = useTestDatabase();

describe('the check-in loop, through the services', () => {
  it('prompts the vendor channel, evaluates a red score, escalates internally and climbs when nobody acknowledges', async () => {
    const { clock, store, surface, services } = await setupServices(database.connection(), 'LOOP-2026-001');

    expect(await services.checkins.createDueCheckins(clock())).toBe(1);
    expect(await services.checkins.createDueCheckins(clock())).toBe(0);
    await services.checkins.dispatchDue(clock());

    const [prompt] = surface.ofKind('prompt');
    expect(prompt?.destination).toMatchObject({ channelId: 'C0SHARED', purpose: 'vendor' });
    expect(prompt?.prompt.items[0]).toMatchObject({
      periodKey: '2026-02',
      periodLabel: 'February 2026',
      kpi: { name: 'Availability', target: 99.5, breachThreshold: 98, warningThreshold: 99, baseline: 98 },
    });
    const checkinId = prompt!.prompt.items[0]!.checkinId;

    // A second tick posts nothing new.
    await services.checkins.dispatchDue(clock());
    expect(surface.ofKind('prompt')).toHaveLength(1);

    const result = await services.checkins.submitScore(vendor, checkinId, { value: '97.2' });
    expect(result).toMatchObject({ rag: 'red', displayValue: '97.2%', escalationOpened: true });
    const update = surface.ofKind('prompt-update').at(-1);
    expect(update?.prompt.items[0]?.state).toMatchObject({ status: 'answered', value: 97.2, rag: 'red' });

    const [escalation] = surface.ofKind('escalation');
    expect(escalation?.destination).toMatchObject({ channelId: 'C0INTERNAL', purpose: 'internal' });
    expect(escalation?.escalation).toMatchObject({
      level: 1,
      status: 'open',
      mention: [expect.objectContaining({ slackUserId: 'U0OWNER' })],
    });
    expect(escalation?.escalation.facts).toEqual(
      expect.arrayContaining([
        { label: 'Value', value: '97.2%' },
        { label: 'Target', value: '99.5%' },
      ]),
    );
    expect((await store.contracts.require('LOOP-2026-001')).status).toBe('at-risk');

    // The answer is accepted once; a second submission is refused clearly.
    await expect(services.checkins.submitScore(vendor, checkinId, { value: '99.9' })).rejects.toMatchObject({
      code: 'already_answered',
    });

    clock.advance(23 * 3_600_000);
    expect(await services.escalations.climbDue(clock())).toBe(0);
    clock.advance(2 * 3_600_000);
    expect(await services.escalations.climbDue(clock())).toBe(1);
    const climbed = surface.ofKind('notice').find((notice) => notice.notice.text.includes('level 2'));
    expect(climbed?.notice.mention).toEqual([expect.objectContaining({ slackUserId: 'U0DIRECTOR' })]);
    expect(climbed?.destination.threadId).toBe(escalation?.message.messageId);

    await expect(
      services.escalations.resolve(bystander, escalation!.escalation.escalationId, { resolution: 'fixed' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const resolved = await services.escalations.resolve(director, escalation!.escalation.escalationId, {
      resolution: 'Vendor replaced the failing router',
    });
    expect(resolved.status).toBe('resolved');
    clock.advance(72 * 3_600_000);
    expect(await services.escalations.climbDue(clock())).toBe(0);

    const audit = await store.audit.list('LOOP-2026-001');
    expect(audit.map((event) => event.action)).toEqual(
      expect.arrayContaining([
        'contract.created',
        'kpi.created',
        'checkin.created',
        'checkin.prompted',
        'checkin.answered',
        'escalation.opened',
        'escalation.climbed',
        'escalation.resolved',
        'access.refused',
      ]),
    );
    expect(await store.audit.verifyChain('LOOP-2026-001')).toMatchObject({ ok: true });
  });

  it('refuses an invalid score inline and writes nothing', async () => {
    const { clock, store, surface, services } = await setupServices(database.connection(), 'LOOP-2026-002');
    await services.checkins.createDueCheckins(clock());
    await services.checkins.dispatchDue(clock());
    const checkinId = surface.ofKind('prompt')[0]!.prompt.items[0]!.checkinId;

    for (const value of ['abc', '120', '', '{"$gt": ""}']) {
      const error = await services.checkins.submitScore(vendor, checkinId, { value }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StewardError);
      expect((error as StewardError).fieldErrors.value).toMatch(/Score/);
    }
    expect(await store.scores.forCheckin(checkinId)).toBeNull();
    expect((await store.checkins.require(checkinId)).status).toBe('prompted');
  });

  it('reminds in the thread, then marks the check-in missed and escalates after the grace period', async () => {
    const { clock, store, surface, services } = await setupServices(database.connection(), 'LOOP-2026-003');
    await services.checkins.createDueCheckins(clock());
    await services.checkins.dispatchDue(clock());
    const prompt = surface.ofKind('prompt')[0]!;

    clock.advance(24 * 3_600_000 + 60_000);
    await services.checkins.dispatchDue(clock());
    await services.checkins.dispatchDue(clock());
    // Other tests' check-ins share this database, so look at this prompt's thread only.
    const reminders = surface
      .ofKind('notice')
      .filter((notice) => notice.destination.threadId === prompt.message.messageId);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.notice.mention).toEqual([expect.objectContaining({ slackUserId: 'U0VENDOR' })]);
    expect((await store.checkins.require(prompt.prompt.items[0]!.checkinId)).status).toBe('prompted');

    clock.advance(48 * 3_600_000);
    await services.checkins.dispatchDue(clock());
    const checkin = await store.checkins.require(prompt.prompt.items[0]!.checkinId);
    expect(checkin.status).toBe('missed');
    const escalations = surface.ofKind('escalation').filter((post) => post.escalation.contractRef === 'LOOP-2026-003');
    expect(escalations.map((post) => post.escalation.trigger)).toEqual(['missed-checkin']);
  });

  it('shows a vendor only vendor-visible KPIs and refuses them other contracts and management', async () => {
    const { services } = await setupServices(database.connection(), 'LOOP-2026-004');
    await services.contracts.upsertKpi(owner, 'LOOP-2026-004', {
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
    const card = await services.contracts.scorecard(vendor, 'LOOP-2026-004');
    expect(card.vendorView).toBe(true);
    expect(card.lines.map((line) => line.kpiKey)).toEqual(['availability']);
    const internal = await services.contracts.scorecard(owner, 'LOOP-2026-004');
    expect(internal.lines.map((line) => line.kpiKey).sort()).toEqual(['availability', 'margin']);
    await expect(services.contracts.upsertKpi(vendor, 'LOOP-2026-004', { key: 'x' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(services.contracts.create(vendor, {})).rejects.toMatchObject({ code: 'forbidden' });
  });
});
