import type { Actor } from '../../src/services/service-api';
import { useTestDatabase } from '../support/database';
import { bystander, owner, setupServices, vendor } from '../support/service-harness';

const database = useTestDatabase();

const MARGIN_KPI = {
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
  cadence: 'monthly',
  respondent: 'owner',
  vendorVisible: false,
};

const otherVendor: Actor = {
  person: { name: 'Vera', slackUserId: 'U0VERA', slackTeamId: 'T0VENDOR' },
  surface: 'slack',
  external: true,
};

describe('kickoff', () => {
  it('posts the checklist in both channels when a draft becomes active, the vendor view in the shared one', async () => {
    const { services, surface, store } = await setupServices(database.connection(), 'KICK-2026-000');
    const reference = 'KICK-2026-001';
    await services.contracts.create(owner, {
      reference,
      title: 'Cleaning services',
      vendorName: 'Acme Networks',
      vendorContacts: [vendor.person, otherVendor.person],
      value: '50000',
      currency: 'EUR',
      startDate: '2026-03-01',
      endDate: '2027-02-28',
      timezone: 'Europe/Berlin',
      status: 'draft',
    });
    await services.contracts.upsertKpi(owner, reference, MARGIN_KPI);
    await services.contracts.upsertKpi(owner, reference, {
      ...MARGIN_KPI,
      key: 'availability',
      name: 'Availability',
      baseline: 98,
      target: 99.5,
      warningThreshold: 99,
      breachThreshold: 98,
      respondent: 'vendor',
      vendorVisible: true,
    });
    await services.contracts.linkChannel(owner, reference, {
      surface: 'slack',
      channelId: 'C1INTERNAL',
      purpose: 'internal',
    });
    await services.contracts.linkChannel(owner, reference, {
      surface: 'slack',
      channelId: 'C1SHARED',
      purpose: 'vendor',
    });
    const kickoffs = () =>
      surface.ofKind('notice').filter((post) => post.notice.text.includes(`Kickoff of ${reference}`));
    expect(kickoffs()).toHaveLength(0);

    await services.contracts.changeStatus(owner, reference, 'active');
    const posted = kickoffs();
    expect(posted.map((post) => post.destination.channelId).sort()).toEqual(['C1INTERNAL', 'C1SHARED']);
    const internal = posted.find((post) => post.destination.channelId === 'C1INTERNAL')!;
    expect(internal.notice.text).toContain('Owner: Olivia');
    expect(internal.notice.text).toContain('Procurement: nobody yet');
    expect(internal.notice.text).toContain('Internal margin: target 15%, warning at 12%, breach at 10%');
    expect(internal.notice.text).toContain('Waiting for Acme Networks to acknowledge');
    const shared = posted.find((post) => post.destination.channelId === 'C1SHARED')!;
    expect(shared.destination.purpose).toBe('vendor');
    expect(shared.notice.text).toContain(
      'Availability: target 99.5%, warning at 99%, breach at 98% (monthly, you answer)',
    );
    expect(shared.notice.text).not.toContain('Internal margin');
    expect(shared.notice.text).toContain(`/steward acknowledge ${reference}`);
    expect(shared.notice.mention).toEqual([
      expect.objectContaining({ slackUserId: 'U0VENDOR' }),
      expect.objectContaining({ slackUserId: 'U0VERA' }),
    ]);

    // Only the vendor acknowledges; everyone else is refused, and the refusal is audited.
    await expect(services.kickoff.acknowledgeKickoff(owner, reference)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(services.kickoff.acknowledgeKickoff(bystander, reference)).rejects.toMatchObject({
      code: 'forbidden',
    });
    const refusals = (await store.audit.list(reference)).filter((event) => event.action === 'access.refused');
    expect(refusals).toHaveLength(2);

    // Two contacts pressing at once: one acknowledgment is recorded.
    const [first, second] = await Promise.all([
      services.kickoff.acknowledgeKickoff(vendor, reference),
      services.kickoff.acknowledgeKickoff(otherVendor, reference),
    ]);
    expect([first.alreadyAcknowledged, second.alreadyAcknowledged].sort()).toEqual([false, true]);
    const again = await services.kickoff.acknowledgeKickoff(vendor, reference);
    expect(again.alreadyAcknowledged).toBe(true);
    expect(again.acknowledged?.by.slackUserId).toBe(
      (first.alreadyAcknowledged ? second : first).acknowledged?.by.slackUserId,
    );
    const acks = (await store.audit.list(reference)).filter((event) => event.entityType === 'kickoff');
    expect(acks).toHaveLength(1);
    expect(
      surface.ofKind('notice').filter((post) => post.notice.text.includes(`acknowledged the kickoff of ${reference}`)),
    ).toHaveLength(1);

    // After the acknowledgment a newly linked vendor channel gets no kickoff, and posting again is refused.
    await services.contracts.linkChannel(owner, reference, {
      surface: 'slack',
      channelId: 'C1SHARED2',
      purpose: 'vendor',
    });
    expect(kickoffs()).toHaveLength(2);
    await expect(services.kickoff.postKickoff(owner, reference)).rejects.toMatchObject({ code: 'conflict' });
    const checklist = await services.kickoff.checklist(owner, reference);
    expect(checklist).toMatchObject({ vendorView: false, acknowledged: { by: expect.any(Object) } });
    expect(checklist.kpis.map((kpi) => kpi.key)).toEqual(['availability', 'margin']);
    expect((await store.audit.verifyChain(reference)).ok).toBe(true);
  });

  it('posts the kickoff in a vendor channel linked after activation, once', async () => {
    const reference = 'KICK-2026-002';
    const { services, surface } = await setupServices(database.connection(), reference);
    // The harness creates the contract active, then links both channels: each got the kickoff as it was linked.
    const kickoffs = () =>
      surface.ofKind('notice').filter((post) => post.notice.text.includes(`Kickoff of ${reference}`));
    expect(kickoffs().map((post) => post.destination.channelId)).toEqual(['C0INTERNAL', 'C0SHARED']);

    await services.contracts.linkChannel(owner, reference, {
      surface: 'slack',
      channelId: 'C0SHARED9',
      purpose: 'vendor',
    });
    await services.contracts.linkChannel(owner, reference, {
      surface: 'slack',
      channelId: 'C0SHARED9',
      purpose: 'vendor',
    });
    expect(kickoffs().map((post) => post.destination.channelId)).toEqual(['C0INTERNAL', 'C0SHARED', 'C0SHARED9']);
    expect(await services.kickoff.postKickoff(owner, reference)).toEqual({ posted: 0 });

    // The vendor sees the vendor view of the checklist.
    const checklist = await services.kickoff.checklist(vendor, reference);
    expect(checklist).toMatchObject({ vendorView: true, escalationPath: [], acknowledged: null });
    expect(checklist.roles.map((role) => role.role)).toEqual(['owner']);
  });

  it('has no kickoff to acknowledge on a draft', async () => {
    const { services } = await setupServices(database.connection(), 'KICK-2026-003');
    await services.contracts.create(owner, {
      reference: 'KICK-2026-004',
      title: 'Draft only',
      vendorName: 'Acme Networks',
      vendorContacts: [vendor.person],
      value: '1000',
      currency: 'EUR',
      startDate: '2026-04-01',
      endDate: '2026-12-31',
      status: 'draft',
    });
    await expect(services.kickoff.acknowledgeKickoff(vendor, 'KICK-2026-004')).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('it starts when the contract becomes active'),
    });
    await expect(services.kickoff.postKickoff(owner, 'KICK-2026-004')).rejects.toMatchObject({ code: 'conflict' });
  });
});
