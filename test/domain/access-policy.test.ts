import { decideAccess, samePerson } from '../../src/domain/access-policy';
import type { Contract } from '../../src/domain/types';

const owner = { slackUserId: 'UOWNER', slackTeamId: 'TBUYER' };
const legal = { teamsUserId: 'aad-legal' };
const level2 = { slackUserId: 'UDIRECTOR' };
const vendorContact = { slackUserId: 'UVENDOR', slackTeamId: 'TVENDOR' };
const colleague = { slackUserId: 'UCOLLEAGUE', slackTeamId: 'TBUYER' };

const contract: Pick<Contract, 'reference' | 'governance' | 'escalationPath' | 'vendor'> = {
  reference: 'ACME-2026-001',
  governance: { owner: [owner], legal: [legal] },
  escalationPath: [
    { level: 1, role: 'owner', people: [], ackWithinHours: 24 },
    { level: 2, people: [level2], ackWithinHours: 48 },
  ],
  vendor: { name: 'Acme', contacts: [vendorContact] },
};

const internal = (person: object) => ({ person, external: false });
const external = (person: object, inVendorChannelOf?: string) => ({ person, external: true, inVendorChannelOf });

describe('access policy', () => {
  it('lets governance roles manage and refuses other colleagues with a reason naming the contract', () => {
    expect(decideAccess('manage', internal(owner), contract)).toEqual({ allowed: true });
    expect(decideAccess('manage', internal(legal), contract)).toEqual({ allowed: true });
    const refused = decideAccess('manage', internal(colleague), contract);
    expect(refused).toEqual({ allowed: false, reason: expect.stringContaining('ACME-2026-001') });
  });

  it('lets vendors answer vendor check-ins and see the vendor scorecard, nothing else', () => {
    expect(decideAccess('answer-checkin', external(vendorContact), contract, { respondent: 'vendor' }).allowed).toBe(
      true,
    );
    expect(decideAccess('answer-checkin', external(vendorContact), contract, { respondent: 'owner' }).allowed).toBe(
      false,
    );
    expect(decideAccess('view-vendor', external(vendorContact), contract).allowed).toBe(true);
    expect(decideAccess('view-internal', external(vendorContact), contract).allowed).toBe(false);
    expect(decideAccess('manage', external(vendorContact), contract).allowed).toBe(false);
    expect(decideAccess('resolve-escalation', external(vendorContact), contract).allowed).toBe(false);
  });

  it('treats an external user in the contract vendor channel as its vendor, but not for another contract', () => {
    const stranger = { slackUserId: 'UOTHER', slackTeamId: 'TVENDOR' };
    expect(decideAccess('view-vendor', external(stranger, 'ACME-2026-001'), contract).allowed).toBe(true);
    expect(decideAccess('view-vendor', external(stranger, 'GLOBEX-2026-002'), contract)).toEqual({
      allowed: false,
      reason: "ACME-2026-001 is not one of your organisation's contracts.",
    });
  });

  it('lets the escalation path acknowledge and resolve, and only authors or managers correct scores', () => {
    expect(decideAccess('acknowledge-escalation', internal(level2), contract).allowed).toBe(true);
    expect(decideAccess('resolve-escalation', internal(colleague), contract).allowed).toBe(false);
    expect(decideAccess('correct-score', internal(colleague), contract, { scoreAuthor: colleague }).allowed).toBe(true);
    expect(decideAccess('correct-score', internal(colleague), contract, { scoreAuthor: owner }).allowed).toBe(false);
    expect(decideAccess('correct-score', internal(owner), contract, { scoreAuthor: colleague }).allowed).toBe(true);
  });

  it('matches people by ids and e-mail, never by name', () => {
    expect(samePerson({ name: 'Ann', slackUserId: 'U1' }, { name: 'Bob', slackUserId: 'U1' })).toBe(true);
    expect(samePerson({ name: 'Ann' }, { name: 'Ann' })).toBe(false);
    expect(samePerson({ email: 'Ann@Example.com' }, { email: 'ann@example.com' })).toBe(true);
  });
});
