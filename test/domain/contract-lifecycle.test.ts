import { assertTransition, CONTRACT_TRANSITIONS, canTransition } from '../../src/domain/contract-lifecycle';
import { CONTRACT_STATUSES, type ContractStatus } from '../../src/domain/types';

describe('contract lifecycle', () => {
  it.each([
    ['draft', 'active'],
    ['active', 'at-risk'],
    ['at-risk', 'in-remediation'],
    ['in-remediation', 'closing'],
    ['closing', 'closed'],
    ['active', 'closing'],
    ['at-risk', 'active'],
    ['in-remediation', 'active'],
    ['in-remediation', 'at-risk'],
  ] as const)('allows %s → %s', (from, to) => {
    expect(() => assertTransition(from, to)).not.toThrow();
  });

  it.each([
    ['draft', 'closed'],
    ['active', 'draft'],
    ['at-risk', 'closed'],
    ['closing', 'active'],
    ['active', 'active'],
  ] as const)('refuses %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    expect(() => assertTransition(from, to)).toThrow(expect.objectContaining({ code: 'invalid_transition' }));
  });

  it('names the states a contract may move to instead', () => {
    expect(() => assertTransition('at-risk', 'closed')).toThrow(
      'A contract that is at-risk can move to active, in-remediation or terminated, not closed.',
    );
  });

  it('lets any contract that is not closed be terminated', () => {
    const open = CONTRACT_STATUSES.filter((status) => status !== 'closed' && status !== 'terminated');
    for (const status of open) expect(canTransition(status, 'terminated')).toBe(true);
  });

  it('treats closed and terminated as final', () => {
    for (const status of ['closed', 'terminated'] as const) {
      for (const to of CONTRACT_STATUSES) expect(canTransition(status, to)).toBe(false);
    }
    expect(() => assertTransition('closed', 'active')).toThrow(
      'The contract is closed, so its status can no longer change.',
    );
  });

  it('can reach every status from draft', () => {
    const reached = new Set<ContractStatus>(['draft']);
    const queue: ContractStatus[] = ['draft'];
    for (let status = queue.shift(); status; status = queue.shift()) {
      for (const next of CONTRACT_TRANSITIONS[status]) {
        if (!reached.has(next)) queue.push(next);
        reached.add(next);
      }
    }
    expect([...reached].sort()).toEqual([...CONTRACT_STATUSES].sort());
  });
});
