import { type Contract, GOVERNANCE_ROLES, type GovernanceRole, type Person, type Respondent } from './types';

/**
 * Who may do what on a contract. One rule book for Slack and Teams; the surfaces only tell
 * who is acting and whether they belong to another organisation.
 */
export type ContractAction =
  | 'view-internal'
  | 'view-vendor'
  | 'manage'
  | 'answer-checkin'
  | 'correct-score'
  | 'acknowledge-escalation'
  | 'resolve-escalation'
  | 'add-corrective-action';

export interface AccessSubject {
  person: Person;
  /** From another organisation (Slack Connect, Teams guest): treated as the vendor. */
  external: boolean;
  /** The request came from the contract's vendor-shared channel. */
  inVendorChannelOf?: string;
}

export type AccessDecision = { allowed: true } | { allowed: false; reason: string };

const ALLOW: AccessDecision = { allowed: true };

/** Same person when any stable identity matches; names are never compared. */
export function samePerson(a: Person, b: Person): boolean {
  if (a.slackUserId && b.slackUserId && a.slackUserId === b.slackUserId) return true;
  if (a.teamsUserId && b.teamsUserId && a.teamsUserId === b.teamsUserId) return true;
  if (a.email && b.email && a.email.toLowerCase() === b.email.toLowerCase()) return true;
  return false;
}

export function governanceRolesOf(contract: Pick<Contract, 'governance'>, person: Person): GovernanceRole[] {
  return GOVERNANCE_ROLES.filter((role) =>
    (contract.governance[role] ?? []).some((member) => samePerson(member, person)),
  );
}

export function isManager(contract: Pick<Contract, 'governance'>, person: Person): boolean {
  return governanceRolesOf(contract, person).length > 0;
}

export function isOnEscalationPath(contract: Pick<Contract, 'escalationPath' | 'governance'>, person: Person): boolean {
  return contract.escalationPath.some(
    (level) =>
      level.people.some((member) => samePerson(member, person)) ||
      (level.role !== undefined &&
        (contract.governance[level.role] ?? []).some((member) => samePerson(member, person))),
  );
}

export function isVendorOf(contract: Pick<Contract, 'vendor' | 'reference'>, subject: AccessSubject): boolean {
  if (contract.vendor.contacts.some((contact) => samePerson(contact, subject.person))) return true;
  return subject.external && subject.inVendorChannelOf === contract.reference;
}

export function decideAccess(
  action: ContractAction,
  subject: AccessSubject,
  contract: Pick<Contract, 'reference' | 'governance' | 'escalationPath' | 'vendor'>,
  details: { respondent?: Respondent; scoreAuthor?: Person } = {},
): AccessDecision {
  const vendor = isVendorOf(contract, subject);
  if (subject.external) {
    if (!vendor) return deny(`${contract.reference} is not one of your organisation's contracts.`);
    if (action === 'view-vendor') return ALLOW;
    if (action === 'answer-checkin') {
      return details.respondent === 'vendor'
        ? ALLOW
        : deny('This check-in is answered by the contract owner, not by the vendor.');
    }
    if (action === 'correct-score' && details.scoreAuthor && samePerson(details.scoreAuthor, subject.person))
      return ALLOW;
    return deny(
      'Vendors can answer their check-ins and see their scorecard; the contract team handles everything else.',
    );
  }

  const manager = isManager(contract, subject.person);
  switch (action) {
    case 'view-internal':
    case 'view-vendor':
      return ALLOW;
    case 'manage':
      return manager ? ALLOW : deny(`Only ${contract.reference}'s owner or governance roles can change it.`);
    case 'answer-checkin':
      if (manager) return ALLOW;
      if (details.respondent === 'vendor' && vendor) return ALLOW;
      return deny(`This check-in is for ${details.respondent === 'vendor' ? 'the vendor' : "the contract's owner"}.`);
    case 'correct-score':
      if (manager) return ALLOW;
      if (details.scoreAuthor && samePerson(details.scoreAuthor, subject.person)) return ALLOW;
      return deny('Only the person who gave a score or a contract manager can correct it.');
    case 'acknowledge-escalation':
    case 'add-corrective-action':
    case 'resolve-escalation':
      return manager || isOnEscalationPath(contract, subject.person)
        ? ALLOW
        : deny(`Only people on ${contract.reference}'s escalation path or its governance roles can do that.`);
  }
}

function deny(reason: string): AccessDecision {
  return { allowed: false, reason };
}
