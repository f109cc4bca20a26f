/**
 * The statuses a contract moves through. A healthy contract goes draft → active → closing → closed;
 * trouble takes it through at-risk and in-remediation, from which it can recover. Any contract not
 * yet closed can be terminated; closed and terminated are final.
 */
import { StewardError } from './errors';
import type { ContractStatus } from './types';

export const CONTRACT_TRANSITIONS: Readonly<Record<ContractStatus, readonly ContractStatus[]>> = {
  draft: ['active', 'terminated'],
  active: ['at-risk', 'closing', 'terminated'],
  'at-risk': ['active', 'in-remediation', 'terminated'],
  'in-remediation': ['active', 'at-risk', 'closing', 'terminated'],
  closing: ['closed', 'terminated'],
  closed: [],
  terminated: [],
};

export function canTransition(from: ContractStatus, to: ContractStatus): boolean {
  return CONTRACT_TRANSITIONS[from].includes(to);
}

export function assertTransition(from: ContractStatus, to: ContractStatus): void {
  if (canTransition(from, to)) return;
  const allowed = CONTRACT_TRANSITIONS[from];
  const message =
    allowed.length === 0
      ? `The contract is ${from}, so its status can no longer change.`
      : `A contract that is ${from} can move to ${listOf(allowed)}, not ${to}.`;
  throw new StewardError('invalid_transition', message);
}

function listOf(statuses: readonly ContractStatus[]): string {
  return statuses.length === 1 ? statuses[0]! : `${statuses.slice(0, -1).join(', ')} or ${statuses.at(-1)}`;
}
