import { useTestDatabase } from '../support/database';
import { director, owner, setupServices, vendor } from '../support/service-harness';

const database = useTestDatabase();

describe('corrective action lifecycle', () => {
  it('moves an action from plan through approval, work and verification to closure, each step audited', async () => {
    const reference = 'CAPA-2026-001';
    const { clock, surface, services, store } = await setupServices(database.connection(), reference);
    await services.checkins.createDueCheckins(clock());
    await services.checkins.dispatchDue(clock());
    const prompt = surface.ofKind('prompt').find((p) => p.prompt.items[0]?.contractRef === reference)!;
    await services.checkins.submitScore(vendor, prompt.prompt.items[0]!.checkinId, { value: 90 });
    const escalation = surface.ofKind('escalation').find((p) => p.escalation.contractRef === reference)!;
    await services.escalations.addCorrectiveAction(owner, escalation.escalation.escalationId, {
      action: 'Replace the failing router',
      owner: director.person,
      dueDate: '2026-03-20',
    });
    const [planned] = await services.correctiveActions.list(owner, reference);
    expect(planned).toMatchObject({ status: 'planned', nextSteps: ['approved', 'cancelled'] });
    const id = planned!.id;
    await expect(services.correctiveActions.list(vendor, reference)).rejects.toMatchObject({ code: 'forbidden' });

    // The action's owner cannot approve their own plan; a manager approves it.
    await expect(services.correctiveActions.update(director, id, { status: 'approved' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    const approved = await services.correctiveActions.update(owner, id, { status: 'approved', note: 'Go ahead' });
    expect(approved.status).toBe('approved');
    const thread = surface
      .ofKind('notice')
      .filter((post) => post.destination.threadId === escalation.message.messageId)
      .map((post) => post.notice.text);
    expect(thread).toContain('Olivia approved the corrective action “Replace the failing router”: Go ahead');

    // A step out of order is refused and changes nothing, even with other edits in the same request.
    await expect(
      services.correctiveActions.update(owner, id, { status: 'verified', dueDate: '2026-03-25' }),
    ).rejects.toMatchObject({ code: 'invalid_transition' });
    await expect(
      services.correctiveActions.update(owner, id, { status: 'in-progress', dueDate: '2026-02-30' }),
    ).rejects.toMatchObject({ code: 'validation', fieldErrors: { dueDate: expect.stringContaining('not a day') } });
    await expect(
      services.correctiveActions.update(owner, id, { status: 'in-progress', dueDate: '2026-03-01' }),
    ).rejects.toMatchObject({ code: 'validation', fieldErrors: { dueDate: expect.stringContaining('2026-03-02') } });
    expect(await store.correctiveActions.require(id)).toMatchObject({ status: 'approved', dueDate: '2026-03-20' });

    // Its owner starts the work; the vendor cannot move it; a manager verifies, reopens, verifies and closes.
    expect((await services.correctiveActions.update(director, id, { status: 'in-progress' })).status).toBe(
      'in-progress',
    );
    await expect(services.correctiveActions.update(vendor, id, { status: 'verified' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(services.correctiveActions.update(director, id, { status: 'verified' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await services.correctiveActions.update(owner, id, { status: 'verified', note: 'Availability back at 99.7%' });
    await services.correctiveActions.update(owner, id, { status: 'in-progress', note: 'Dropped again on the 12th' });
    await services.correctiveActions.update(owner, id, { status: 'verified', note: 'Stable for two weeks' });
    await expect(services.correctiveActions.update(owner, id, { status: 'cancelled' })).rejects.toMatchObject({
      code: 'invalid_transition',
    });
    const closed = await services.correctiveActions.update(owner, id, { status: 'closed' });
    expect(closed).toMatchObject({ status: 'closed', nextSteps: [] });
    expect(closed.history.map((entry) => entry.to)).toEqual([
      'planned',
      'approved',
      'in-progress',
      'verified',
      'in-progress',
      'verified',
      'closed',
    ]);
    const audited = (await store.audit.list(reference)).filter(
      (event) => event.entityType === 'corrective-action' && event.entityId === id,
    );
    expect(audited.map((event) => event.action)).toEqual([
      'corrective-action.created',
      ...Array(6).fill('corrective-action.updated'),
    ]);
    expect(await services.correctiveActions.list(owner, reference, { open: true })).toHaveLength(0);
  });

  it('plans a corrective action for an overdue obligation, linked to the obligation and its escalation', async () => {
    const reference = 'CAPA-2026-002';
    const { clock, services, store } = await setupServices(database.connection(), reference);
    const obligation = await services.obligations.create(owner, reference, {
      kind: 'audit',
      title: 'Security audit report',
      owner: vendor.person,
      dueDate: '2026-03-05',
    });
    const plan = { action: 'Vendor delivers the audit report', owner: vendor.person, dueDate: '2026-03-20' };
    await expect(services.correctiveActions.planForObligation(owner, obligation.id, plan)).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringContaining('not fulfilled or is overdue'),
    });

    clock.set('2026-03-09T08:00:00Z');
    await services.obligations.runScheduled(clock());
    const escalation = await store.escalations.findBySource(`overdue-obligation:${obligation.id}`);
    expect(escalation).not.toBeNull();
    await expect(services.correctiveActions.planForObligation(vendor, obligation.id, plan)).rejects.toMatchObject({
      code: 'forbidden',
    });
    const action = await services.correctiveActions.planForObligation(owner, obligation.id, plan);
    expect(action).toMatchObject({ status: 'planned', obligationId: obligation.id, escalationId: escalation!.id });
    // The vendor owns the action, so it may start the work once it is approved, but decide nothing.
    await services.correctiveActions.update(owner, action.id, { status: 'approved' });
    expect((await services.correctiveActions.update(vendor, action.id, { status: 'in-progress' })).status).toBe(
      'in-progress',
    );
    await expect(services.correctiveActions.update(owner, action.id, { status: 'cancelled' })).rejects.toMatchObject({
      code: 'validation',
      fieldErrors: { note: expect.any(String) },
    });
  });
});
