import { StewardError } from '../../../domain/errors';
import { readRiskButtonValue, riskModal } from '../../blocks/risks';
import type { SlackDeps } from '../../deps';
import { openModal } from '../../interactions';
import type { ModalContext } from '../../modal-context';
import { type ButtonArgs, buttonValue, fromHome } from './button-args';

/** "Update" on a risk: the form filled in with the risk as the register holds it now. */
export function riskUpdate(deps: SlackDeps) {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const target = readRiskButtonValue(buttonValue(action));
    if (!target)
      throw new StewardError('validation', 'That button has lost what it was for. Please list the risks again.');
    const context: ModalContext = {
      subject: target.riskId,
      ...(body.channel?.id ? { channelId: body.channel.id } : {}),
      ...(fromHome(body) ? { fromHome: true } : {}),
    };
    await openModal({
      client,
      triggerId: body.trigger_id,
      title: 'Update risk',
      deps,
      build: async () => {
        const actor = await deps.actors.fromInteraction(body);
        const risks = await deps.services.risks.list(actor, target.reference, { includeClosed: true });
        const risk = risks.find((candidate) => candidate.id === target.riskId);
        if (!risk) throw new StewardError('not_found', 'That risk no longer exists; list the risks to pick another.');
        return riskModal(context, target.reference, { existing: risk });
      },
    });
  };
}
