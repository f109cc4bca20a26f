import { claimPackMessage, serviceCreditTermsMessage, serviceCreditTermsModal } from '../../../blocks/service-credits';
import { openModal } from '../../../interactions';
import type { SubcommandContext } from './context';

/** `/steward credits REF`: the terms as they stand. */
export async function runCreditTerms(ctx: SubcommandContext, reference: string): Promise<void> {
  const terms = await ctx.deps.services.serviceCredits.terms(ctx.actor, reference);
  await ctx.reply(serviceCreditTermsMessage(terms));
}

/** `/steward credits REF terms`: the terms modal, filled in with the terms now (the service checks access first). */
export async function runEditCreditTerms(ctx: SubcommandContext, reference: string): Promise<void> {
  await openModal({
    client: ctx.client,
    triggerId: ctx.payload.trigger_id,
    title: 'Service credit terms',
    deps: ctx.deps,
    build: async () => {
      const terms = await ctx.deps.services.serviceCredits.terms(ctx.actor, reference);
      return serviceCreditTermsModal({ subject: reference, channelId: ctx.payload.channel_id }, terms);
    },
  });
}

/**
 * `/steward credits REF PERIOD`: the claim pack. The service uploads the CSV where the command ran, or to the
 * person's DM when that place is shared with the vendor; the summary comes back here privately.
 */
export async function runClaimPack(ctx: SubcommandContext, reference: string, periodKey: string): Promise<void> {
  const pack = await ctx.deps.services.serviceCredits.claimPack(ctx.actor, reference, periodKey);
  await ctx.reply(claimPackMessage(pack));
}
