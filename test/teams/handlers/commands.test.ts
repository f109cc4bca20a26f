import { StewardError } from '../../../src/domain/errors';
import { createLogger } from '../../../src/logger';
import { linkChannel } from '../../../src/teams/handlers/commands/link-channel';
import { listContracts } from '../../../src/teams/handlers/commands/list-contracts';
import { sendCheckins } from '../../../src/teams/handlers/commands/send-checkins';
import { replyForError } from '../../../src/teams/handlers/errors';
import { cardText } from '../../support/teams-connector';
import { buildCommandArgs } from './build-arguments';

describe('command handlers', () => {
  it('lists "mine" as the contracts the acting Teams user owns', async () => {
    const args = buildCommandArgs({ name: 'list' as const, filter: { mine: true, status: 'active' as const } });

    const reply = await listContracts(args);

    expect(args.deps.services.callsTo('contracts.list')[0]?.args).toEqual([{ status: 'active', owner: 'aad-alex' }]);
    expect('card' in reply && cardText(reply.card)).toContain('Your contracts (active)');
  });

  it('reports how many check-ins were sent, for one KPI', async () => {
    const reply = await sendCheckins(
      buildCommandArgs({ name: 'checkin', reference: 'ACME-2026-001', kpiKey: 'uptime' }),
    );
    expect(reply).toEqual({ text: 'Sent 1 check-in for ACME-2026-001 (uptime).' });
  });

  it('refuses to link the personal chat and calls no service', async () => {
    const args = buildCommandArgs({ name: 'link' as const, reference: 'ACME-2026-001', purpose: 'internal' as const });

    const reply = await linkChannel(args);

    expect('card' in reply && cardText(reply.card)).toContain(
      'Type this in the channel or group chat you want to link',
    );
    expect(args.deps.services.calls).toEqual([]);
  });

  it('turns a StewardError into its message and anything else into an apology', () => {
    const logger = createLogger('silent');
    const refused = replyForError(new StewardError('not_found', 'There is no contract ACME-9.'), logger, 'scorecard');
    const crashed = replyForError(new Error('database exploded'), logger, 'scorecard');

    expect('card' in refused && cardText(refused.card)).toContain('There is no contract ACME-9.');
    expect('card' in crashed && cardText(crashed.card)).toContain('Something went wrong on our side');
    expect('card' in crashed && cardText(crashed.card)).not.toContain('exploded');
  });
});
