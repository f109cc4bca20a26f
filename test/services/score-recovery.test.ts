import { newId } from '../../src/store/shared';
import { useTestDatabase } from '../support/database';
import { setupServices, vendor } from '../support/service-harness';

/**
 * A score submission interrupted between its writes is finished (or rolled back) from its intent: when the
 * same check-in is submitted again, and by the recovery pass every replica runs. The kill -9 version of
 * this, against real processes, is test/reliability/score-crash.test.ts; here each interrupted state is
 * made on purpose so every branch is seen.
 */
const database = useTestDatabase();

async function promptedCheckin(reference: string) {
  const harness = await setupServices(database.connection(), reference);
  const { clock, services, surface } = harness;
  await services.checkins.createDueCheckins(clock());
  await services.checkins.dispatchDue(clock());
  const prompt = surface.ofKind('prompt').find((p) => p.prompt.items[0]?.contractRef === reference)!;
  return { ...harness, checkinId: prompt.prompt.items[0]!.checkinId };
}

async function answeredEvents(store: Awaited<ReturnType<typeof promptedCheckin>>['store'], scoreId: string) {
  return (await store.audit.forEntity('score', scoreId)).filter((event) => event.action === 'checkin.answered');
}

/** The state a process killed between the score's insert and the check-in's update leaves behind. */
async function scoreWithoutAnsweredCheckin(harness: Awaited<ReturnType<typeof promptedCheckin>>, value: number) {
  const { store, checkinId, clock } = harness;
  const checkin = (await store.checkins.get(checkinId))!;
  const connection = database.connection();
  const scoreId = newId();
  await connection
    .model('ScoreIntent')
    .create({ _id: checkinId, scoreId, contractRef: checkin.contractRef, at: clock() });
  await connection.model('Score').create({
    _id: scoreId,
    contractRef: checkin.contractRef,
    kpiKey: checkin.kpiKey,
    kpiVersion: checkin.kpiVersion,
    periodKey: checkin.periodKey,
    periodStart: checkin.periodStart,
    periodEnd: checkin.periodEnd,
    checkinId,
    value,
    rag: 'red',
    answeredBy: vendor.person,
    answeredAt: clock(),
    surface: 'slack',
    revision: 1,
    corrections: [],
  });
  return scoreId;
}

describe('an interrupted score submission', () => {
  it('whose follow-ups failed is saved for the person, and the recovery pass finishes it exactly once', async () => {
    const harness = await promptedCheckin('RECOVER-2026-001');
    const { store, services, surface, clock, checkinId } = harness;
    const append = store.audit.append.bind(store.audit);
    let failures = 1;
    store.audit.append = async (event) => {
      if (event.action === 'checkin.answered' && failures-- > 0) throw new Error('database went away');
      return append(event);
    };
    const result = await services.checkins.submitScore(vendor, checkinId, { value: '58' });
    expect(result).toMatchObject({ rag: 'red', displayValue: '58%' });
    expect(await store.scores.followUpOf(checkinId)).not.toBeNull();
    expect(surface.ofKind('escalation')).toHaveLength(0);

    // Not yet: its own request might still be running the follow-ups.
    expect(await services.checkins.resumeScoreFollowUps(clock())).toBe(0);
    clock.advance(31_000);
    expect(await services.checkins.resumeScoreFollowUps(clock())).toBe(1);
    expect(await services.checkins.resumeScoreFollowUps(clock())).toBe(0);

    expect(await answeredEvents(store, result.scoreId)).toHaveLength(1);
    expect(surface.ofKind('escalation')).toHaveLength(1);
    expect(surface.ofKind('prompt-update').at(-1)?.prompt.items[0]?.state).toMatchObject({ status: 'answered' });
    expect((await store.contracts.require('RECOVER-2026-001')).status).toBe('at-risk');
    expect(await store.scores.followUpOf(checkinId)).toBeNull();
  });

  it('killed between the score and the check-in: the same person submitting again finishes it and is told it was saved', async () => {
    const harness = await promptedCheckin('RECOVER-2026-002');
    const { store, services, surface, checkinId } = harness;
    const scoreId = await scoreWithoutAnsweredCheckin(harness, 58);

    const again = await services.checkins.submitScore(vendor, checkinId, { value: '58' });
    expect(again).toMatchObject({ scoreId, repeated: true });
    expect(await store.checkins.get(checkinId)).toMatchObject({ status: 'answered', answeredScoreId: scoreId });
    expect(await answeredEvents(store, scoreId)).toHaveLength(1);
    expect(surface.ofKind('escalation')).toHaveLength(1);
    expect(await store.scores.followUpOf(checkinId)).toBeNull();
  });

  it('killed between the score and the check-in: a different answer is refused as already answered, and the first is finished', async () => {
    const harness = await promptedCheckin('RECOVER-2026-003');
    const { store, services, surface, checkinId } = harness;
    const scoreId = await scoreWithoutAnsweredCheckin(harness, 58);

    await expect(services.checkins.submitScore(vendor, checkinId, { value: '99.9' })).rejects.toMatchObject({
      code: 'already_answered',
    });
    expect(await store.checkins.get(checkinId)).toMatchObject({ status: 'answered', answeredScoreId: scoreId });
    expect(surface.ofKind('escalation')).toHaveLength(1);
  });

  it('killed before its score was written: the check-in stays answerable, and the leftover intent goes', async () => {
    const harness = await promptedCheckin('RECOVER-2026-004');
    const { store, services, surface, clock, checkinId } = harness;
    await database
      .connection()
      .model('ScoreIntent')
      .create({ _id: checkinId, scoreId: newId(), contractRef: 'RECOVER-2026-004', at: clock() });

    clock.advance(31_000);
    expect(await services.checkins.resumeScoreFollowUps(clock())).toBe(1);
    expect(await store.scores.followUpOf(checkinId)).toBeNull();
    expect((await store.checkins.get(checkinId))?.status).toBe('prompted');
    expect(surface.ofKind('escalation')).toHaveLength(0);

    const answered = await services.checkins.submitScore(vendor, checkinId, { value: '58' });
    expect(answered.escalationOpened).toBe(true);
    expect(await store.checkins.get(checkinId)).toMatchObject({
      status: 'answered',
      answeredScoreId: answered.scoreId,
    });
  });
});
