import { escapeMrkdwn } from '../../blocks/mrkdwn';
import type { SlackDeps } from '../../deps';
import { submitModal } from '../../interactions';
import { confirmPrivately } from '../../message-updates';
import { kpiErrorAlias, kpiInput } from '../../service-inputs';
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
      alias: kpiErrorAlias,
      run: async () => {
        const context = modalContextOf(view);
        const actor = await submitter(deps, body, context);
        const kpi = await deps.services.contracts.upsertKpi(actor, context.subject, kpiInput(values, context.kpiKey));
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
