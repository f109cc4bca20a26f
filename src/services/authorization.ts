import { type ContractAction, decideAccess } from '../domain/access-policy';
import { StewardError } from '../domain/errors';
import type { Contract, Person, Respondent } from '../domain/types';
import type { ServiceDeps } from './deps';
import type { Actor } from './service-api';

/** Is the request coming from this contract's vendor-shared channel? */
export function inVendorChannelOf(
  actor: Actor,
  contract: Pick<Contract, 'reference' | 'channels'>,
): string | undefined {
  if (!actor.channel) return undefined;
  const linked = contract.channels.some(
    (channel) =>
      channel.purpose === 'vendor' &&
      channel.surface === actor.channel?.surface &&
      channel.channelId === actor.channel?.channelId,
  );
  return linked ? contract.reference : undefined;
}

/** Shows only vendor-visible content: the actor is a vendor or the place is shared with one. */
export function needsVendorView(actor: Actor, contract: Pick<Contract, 'reference' | 'channels'>): boolean {
  return actor.external || Boolean(actor.channel?.shared) || inVendorChannelOf(actor, contract) !== undefined;
}

/**
 * Allows the action or throws a polite `forbidden` error; every refusal is written to the
 * contract's audit trail, so "who tried what" can be answered later.
 */
export async function authorize(
  deps: ServiceDeps,
  actor: Actor,
  contract: Contract,
  action: ContractAction,
  details: { respondent?: Respondent; scoreAuthor?: Person } = {},
): Promise<void> {
  const decision = decideAccess(
    action,
    { person: actor.person, external: actor.external, inVendorChannelOf: inVendorChannelOf(actor, contract) },
    contract,
    details,
  );
  if (decision.allowed) return;
  await recordRefusal(deps, actor, action, contract.reference);
  throw new StewardError('forbidden', decision.reason);
}

export async function recordRefusal(
  deps: ServiceDeps,
  actor: Actor,
  what: string,
  contractRef?: string,
): Promise<void> {
  await deps.store.audit
    .append({
      contractRef,
      actor: actor.person,
      surface: actor.surface,
      action: 'access.refused',
      entityType: 'access',
      entityId: contractRef ?? 'global',
      after: { what, external: actor.external },
    })
    .catch((error: unknown) => deps.logger.error({ err: error }, 'could not audit a refusal'));
}

export function requireInternal(actor: Actor, what: string): void {
  if (actor.external) {
    throw new StewardError(
      'forbidden',
      `Vendors can answer their check-ins and see their scorecard; ${what} is for the contract team.`,
    );
  }
}
