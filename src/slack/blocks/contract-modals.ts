import { CONTRACT_FORM, ESCALATION_PATH_FORM, KPI_FORM, kpiFormValues, levelField, ROLES_FORM } from '../../chat/forms';
import type { Kpi } from '../../domain/types';
import { VIEW } from '../ids';
import { encodeModalContext, type ModalContext } from '../modal-context';
import { formBlocks } from './form';
import { context, type KnownBlock, type ModalView, modal, section } from './kit';
import { escapeMrkdwn } from './mrkdwn';

/** `/steward new`: everything a contract needs to start (the shared form, src/chat/forms.ts). */
export function contractCreateModal(ctx: ModalContext, defaults: { timezone: string; startDate?: string }): ModalView {
  return modal({
    callbackId: VIEW.contractCreate,
    title: CONTRACT_FORM.title,
    submit: 'Create',
    privateMetadata: encodeModalContext(ctx),
    blocks: formBlocks(CONTRACT_FORM, { currency: 'EUR', timezone: defaults.timezone, startDate: defaults.startDate }),
  });
}

/** `/steward kpi REF [KEY]`: adds a KPI, or edits one (a new version; past scores keep theirs). */
export function kpiEditModal(ctx: ModalContext, reference: string, existing?: Kpi): ModalView {
  const k = existing;
  const blocks: KnownBlock[] = [
    section(
      k
        ? `Editing *${escapeMrkdwn(k.name)}* (\`${escapeMrkdwn(k.key)}\`, version ${k.version}) on *${escapeMrkdwn(reference)}*`
        : `New KPI on *${escapeMrkdwn(reference)}*`,
    ),
  ];
  if (k) {
    blocks.push(context('Saving creates a new version; scores already given keep the version they were given under.'));
  }
  blocks.push(
    ...formBlocks(
      KPI_FORM,
      kpiFormValues(k),
      // An edited KPI keeps its key: it names the KPI in commands and past scores.
      { omit: k ? ['key'] : [] },
    ),
  );
  return modal({
    callbackId: VIEW.kpiEdit,
    title: k ? 'Edit KPI' : 'Add KPI',
    submit: 'Save',
    privateMetadata: encodeModalContext(ctx),
    blocks,
  });
}

/** `/steward roles REF`: who holds each governance role. */
export function contractRolesModal(ctx: ModalContext, reference: string): ModalView {
  return modal({
    callbackId: VIEW.contractRoles,
    title: 'Governance roles',
    submit: 'Save roles',
    privateMetadata: encodeModalContext(ctx),
    blocks: [
      section(`Who holds each role on *${escapeMrkdwn(reference)}*.`),
      context('Roles you leave empty keep the people they have now.'),
      ...formBlocks(ROLES_FORM),
    ],
  });
}

/** `/steward path REF`: the shared path form: who is told at each level, and how long they have to acknowledge. */
export function escalationPathModal(ctx: ModalContext, reference: string): ModalView {
  return modal({
    callbackId: VIEW.escalationPath,
    title: ESCALATION_PATH_FORM.title,
    submit: 'Save path',
    privateMetadata: encodeModalContext(ctx),
    blocks: [
      section(
        `Escalation path for *${escapeMrkdwn(reference)}*: level 1 is told first; each level climbs to the next when nobody acknowledges in time.`,
      ),
      ...formBlocks(ESCALATION_PATH_FORM, { [levelField(1, 'hours')]: 24 }),
    ],
  });
}
