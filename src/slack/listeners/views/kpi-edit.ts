import { fieldOfError, KPI_FORM, kpiInput } from '../../../chat/forms';
import { readForm } from '../../blocks/form';
import { escapeMrkdwn } from '../../blocks/mrkdwn';
import type { SlackDeps } from '../../deps';
import { submitModal } from '../../interactions';
import { confirmPrivately } from '../../message-updates';
import { readViewValues } from '../../view-state';
import { modalContextOf, type SubmitArgs, submitter } from './view-args';

export function kpiEdit(deps: SlackDeps) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const values = readViewValues(view);
    await submitModal({
      ack,
      view,
      body,
      client,
      deps,
      alias: (key) => fieldOfError(KPI_FORM, key)?.field,
      run: async () => {
        const context = modalContextOf(view);
        const actor = await submitter(deps, body, context);
        const kpi = await deps.services.contracts.upsertKpi(
          actor,
          context.subject,
          kpiInput(readForm(KPI_FORM, values), context.kpiKey),
        );
        return { kpi, context };
      },
      after: async ({ kpi, context }) => {
        await confirmPrivately(
          client,
          body.user.id,
          context.channelId,
          `:white_check_mark: Saved KPI *${escapeMrkdwn(kpi.name)}* (\`${escapeMrkdwn(kpi.key)}\`, version ${kpi.version}) on *${escapeMrkdwn(kpi.contractRef)}*.`,
        );
      },
      lateMessage: ({ kpi }) => `KPI ${kpi.name} was saved on ${kpi.contractRef}.`,
    });
  };
}
