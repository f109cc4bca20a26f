import { isManager, isOnEscalationPath, isVendorOf } from '../domain/access-policy';
import { StewardError } from '../domain/errors';
import type { Contract, Person } from '../domain/types';
import { authorize, inVendorChannelOf, needsVendorView, recordRefusal } from './authorization';
import type { ServiceDeps } from './deps';
import type { Actor } from './service-api';

/**
 * Checks built from the access policy's rules for the steps it has no action for (a vendor's
 * acknowledgment, internal-only reports). Like `authorize`, every refusal is audited as `access.refused`.
 */

type Checked = Pick<Contract, 'reference' | 'governance' | 'escalationPath' | 'vendor' | 'channels'>;

/**
 * Internal content (risks, evaluations, exports): the policy's action for the person, and never in a
 * place shared with the vendor, where an internal person's answer would be read by the vendor too.
 */
export async function authorizeInternal(
  deps: ServiceDeps,
  actor: Actor,
  contract: Contract,
  action: 'view-internal' | 'manage',
  what: string,
): Promise<void> {
  await authorize(deps, actor, contract, action);
  if (needsVendorView(actor, contract)) {
    await recordRefusal(deps, actor, `${action}:${what}`, contract.reference);
    throw new StewardError(
      'forbidden',
      `${capitalize(what)} of ${contract.reference} are internal, and this place is shared with the vendor. Ask in the internal channel or in a direct message with Steward.`,
    );
  }
}

/** A step the vendor takes: its contacts, or an external user in the contract's vendor channel. */
export async function authorizeVendorStep(
  deps: ServiceDeps,
  actor: Actor,
  contract: Checked,
  what: string,
  options: { managersToo?: boolean } = {},
): Promise<void> {
  const subject = {
    person: actor.person,
    external: actor.external,
    inVendorChannelOf: inVendorChannelOf(actor, contract),
  };
  if (isVendorOf(contract, subject)) return;
  if (options.managersToo && !actor.external && isManager(contract, actor.person)) return;
  await recordRefusal(deps, actor, what, contract.reference);
  throw new StewardError(
    'forbidden',
    actor.external
      ? `${contract.reference} is not one of your organisation's contracts.`
      : `Only ${contract.vendor.name}'s contacts on ${contract.reference} can ${what}${options.managersToo ? ', or its owner and governance roles' : ''}.`,
  );
}

/** People who took part in running the contract: its governance roles and its escalation path. */
export async function authorizeParticipant(
  deps: ServiceDeps,
  actor: Actor,
  contract: Contract,
  what: string,
): Promise<void> {
  await authorize(deps, actor, contract, 'view-internal');
  if (isParticipant(contract, actor.person)) return;
  await recordRefusal(deps, actor, what, contract.reference);
  throw new StewardError(
    'forbidden',
    `Only people who run ${contract.reference} (its governance roles and escalation path) can ${what}.`,
  );
}

export function isParticipant(contract: Pick<Contract, 'governance' | 'escalationPath'>, person: Person): boolean {
  return isManager(contract, person) || isOnEscalationPath(contract, person);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
