import type { ChatFile } from '../../../src/chat/chat-surface';
import { StewardError } from '../../../src/domain/errors';
import type { RisksApi, StewardServices } from '../../../src/services/service-api';
import { replyActivity } from '../../../src/teams/handlers';
import { CARD_ACTION_HANDLERS } from '../../../src/teams/handlers/card-actions';
import { onePerson } from '../../../src/teams/handlers/card-actions/one-person';
import { listRisks } from '../../../src/teams/handlers/commands/list-risks';
import { runCardAction } from '../../../src/teams/handlers/errors';
import { cardText } from '../../support/teams-connector';
import { buildCardActionArgs, buildCommandArgs, buildDeps } from './build-arguments';

const PNG: ChatFile = {
  filename: 'ACME-2026-001-risks.png',
  title: 'Risk heat map',
  content: Buffer.from([0x89, 0x50, 0x4e, 0x47]),
  mimeType: 'image/png',
};

/** The fake services with some APIs answered by the test. */
function withApis(apis: Partial<StewardServices>) {
  const deps = buildDeps();
  Object.assign(deps.services, apis);
  return deps;
}

function risks(overrides: Partial<RisksApi>): RisksApi {
  const reject = () => Promise.reject(new Error('not expected'));
  return {
    create: reject,
    update: reject,
    heatMap: reject,
    list: async () => [
      {
        id: 'r1',
        contractRef: 'ACME-2026-001',
        title: 'Key engineer leaves',
        likelihood: 3,
        impact: 4,
        score: 12,
        rating: 'high',
        owner: { name: 'Alex' },
        reviewDate: '2026-04-30',
        status: 'open',
      },
    ],
    postHeatMap: async () => ({ file: PNG }),
    ...overrides,
  };
}

describe('steward risks', () => {
  const command = { name: 'risks' as const, reference: 'ACME-2026-001' };

  it('attaches the heat map to the reply when the service could not post it anywhere', async () => {
    const reply = await listRisks(buildCommandArgs(command, { deps: withApis({ risks: risks({}) }) }));

    expect('card' in reply && cardText(reply.card)).toContain('attached below');
    expect('card' in reply && reply.files).toEqual([PNG]);
    const activity = replyActivity(reply);
    expect(activity.attachments?.map((a) => [a.contentType, a.contentUrl])).toEqual([
      ['application/vnd.microsoft.card.adaptive', undefined],
      ['image/png', `data:image/png;base64,${PNG.content.toString('base64')}`],
    ]);
  });

  it('still shows the register when the heat map fails to draw, and passes refusals on', async () => {
    const broken = await listRisks(
      buildCommandArgs(command, {
        deps: withApis({ risks: risks({ postHeatMap: () => Promise.reject(new Error('canvas exploded')) }) }),
      }),
    );
    expect('card' in broken && cardText(broken.card)).toContain('Key engineer leaves');
    expect('card' in broken && broken.files).toEqual([]);

    await expect(
      listRisks(
        buildCommandArgs(command, {
          deps: withApis({
            risks: risks({ list: () => Promise.reject(new StewardError('forbidden', 'Risks are internal.')) }),
          }),
        }),
      ),
    ).rejects.toThrow('Risks are internal.');
  });
});

describe('service credit rules typed one per line', () => {
  it('names a line that is not a rule, and the form asks nothing of the service', async () => {
    const deps = buildDeps();
    const outcome = await runCardAction(
      CARD_ACTION_HANDLERS.get('service_credit_terms_save')!,
      buildCardActionArgs(
        {
          action: 'service_credit_terms_save',
          reference: 'ACME-2026-001',
          credit_rules: 'uptime 2',
          credit_periodFee: '100',
        },
        { deps },
      ),
    );

    expect('card' in outcome && cardText(outcome.card)).toContain('Line 1: write the KPI key');
    expect(deps.services.calls).toEqual([]);
  });
});

describe('owner fields', () => {
  it('reads one person, known people by any of their ids, and refuses two under the field', () => {
    const known = [{ name: 'Victor', email: 'victor@acme.example', slackUserId: 'U0VENDOR' }];

    expect(onePerson('VICTOR@acme.example', known)).toEqual(known[0]);
    expect(onePerson('new@acme.example', known)).toBe('new@acme.example');
    expect(onePerson(undefined, known)).toBeUndefined();
    expect(() => onePerson('a@example.com b@example.com', known)).toThrow(
      expect.objectContaining({ fieldErrors: { owner: 'Name one person: an email or a Microsoft Entra object id.' } }),
    );
  });
});
