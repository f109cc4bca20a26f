import { StewardError } from '../../../../domain/errors';
import { kpiEditModal } from '../../../blocks/contract-modals';
import { openModal } from '../../../interactions';
import type { SubcommandContext } from './context';

export async function runKpi(ctx: SubcommandContext, reference: string, kpiKey?: string): Promise<void> {
  const modalContext = { subject: reference, channelId: ctx.payload.channel_id, ...(kpiKey ? { kpiKey } : {}) };
  if (!kpiKey) {
    await ctx.client.views.open({ trigger_id: ctx.payload.trigger_id, view: kpiEditModal(modalContext, reference) });
    return;
  }
  await openModal({
    client: ctx.client,
    triggerId: ctx.payload.trigger_id,
    title: 'Edit KPI',
    deps: ctx.deps,
    build: async () => {
      const kpis = await ctx.deps.services.contracts.kpis(ctx.actor, reference);
      const existing = kpis.find((kpi) => kpi.key.toLowerCase() === kpiKey.toLowerCase());
      if (!existing) {
        throw new StewardError(
          'not_found',
          `${reference} has no KPI with the key "${kpiKey}". Leave the key out to add a new KPI: /steward kpi ${reference}`,
        );
      }
      return kpiEditModal({ ...modalContext, kpiKey: existing.key }, reference, existing);
    },
  });
}
