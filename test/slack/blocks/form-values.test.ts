import type { ViewStateValue } from '@slack/bolt';
import {
  changedInput,
  EVIDENCE_FORM,
  evidenceInput,
  outcomeInput,
  RISK_FORM,
  WAIVE_FORM,
} from '../../../src/chat/forms';
import { readForm, readInitialForm } from '../../../src/slack/blocks/form';
import { riskModal } from '../../../src/slack/blocks/risks';
import type { ViewValues } from '../../../src/slack/view-state';
import { ALICE } from '../fixtures';

const text = (value: string) => ({ type: 'plain_text_input', value }) as ViewStateValue;
const choice = (value: string) =>
  ({ type: 'static_select', selected_option: { text: { type: 'plain_text', text: value }, value } }) as ViewStateValue;
const values = (entries: Record<string, ViewStateValue>): ViewValues => new Map(Object.entries(entries));

describe('modal values to service input (shared forms read off Slack views)', () => {
  it('sends only the risk fields that changed from what the modal opened with', () => {
    const view = riskModal({ subject: 'risk-1' }, 'ACME-2026-001', {
      existing: {
        id: 'risk-1',
        contractRef: 'ACME-2026-001',
        title: 'Key engineer leaves',
        likelihood: 3,
        impact: 4,
        score: 12,
        rating: 'high',
        owner: ALICE,
        reviewDate: '2026-04-10',
        status: 'open',
      },
    });
    const initial = readInitialForm(RISK_FORM, view.blocks);
    expect(initial).toMatchObject({
      title: 'Key engineer leaves',
      likelihood: '3',
      owner: [{ slackUserId: ALICE.slackUserId }],
      status: 'open',
    });
    const changes = changedInput(
      RISK_FORM,
      readForm(
        RISK_FORM,
        values({
          title: text('Key engineer leaves'),
          likelihood: choice('2'),
          impact: choice('4'),
          owner: { type: 'users_select', selected_user: ALICE.slackUserId } as ViewStateValue,
          reviewDate: { type: 'datepicker', selected_date: '2026-04-10' } as ViewStateValue,
          status: choice('mitigating'),
        }),
      ),
      initial,
    );
    expect(changes).toEqual({ likelihood: '2', status: 'mitigating' });
  });

  it('passes evidence and waivers as typed, leaving the judging to the service', () => {
    const evidence = values({ url: text(' https://x.example/r.pdf '), note: text('') });
    expect(evidenceInput(readForm(EVIDENCE_FORM, evidence))).toEqual({ url: 'https://x.example/r.pdf' });
    expect(outcomeInput('waived', readForm(WAIVE_FORM, values({})))).toEqual({ outcome: 'waived' });
  });
});
