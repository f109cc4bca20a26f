import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mentionToken, parseCommand } from '../../src/chat/commands';
import { listContracts } from '../../src/teams/handlers/commands/list-contracts';
import { aadObjectIdOf, commandTextOf } from '../../src/teams/mentions';
import { inChannel, messageActivity, postActivity, TEAMS_TEST } from '../support/teams-activities';
import { cardOf, cardText } from '../support/teams-connector';
import { buildCommandArgs } from './handlers/build-arguments';
import { startTeamsHarness, type TeamsHarness } from './harness';

const megan = { id: '29:1megan', name: 'Megan Bowen' };
const mention = (who: { id: string; name: string; aadObjectId?: string }) => ({
  type: 'mention',
  text: `<at>${who.name}</at>`,
  mentioned: who,
});

describe('commandTextOf', () => {
  it('drops the bot’s mention and turns other people’s into tokens, in order', () => {
    const typed = commandTextOf({
      text: '<at>Steward</at> list owner:<at>Megan Bowen</at> status:active',
      entities: [mention(TEAMS_TEST.bot), mention(megan), { type: 'clientInfo', locale: 'en-US' }],
      recipient: TEAMS_TEST.bot,
    });

    expect(typed.text).toBe(`list owner:${mentionToken(0)} status:active`);
    expect(typed.mentions).toEqual([megan]);
  });

  it('leaves text alone when a mention entity names text that is not there', () => {
    const typed = commandTextOf({
      text: 'steward list',
      entities: [mention(megan)],
      recipient: TEAMS_TEST.bot,
    });
    expect(typed).toEqual({ text: 'steward list', mentions: [] });
  });
});

describe('steward list owner:@someone', () => {
  const parse = (text: string, mentions = [megan]) => parseCommand(text, mentions);

  it('reads owner:@mention and a bare @mention as the owner filter', () => {
    expect(parse(`steward list owner:${mentionToken(0)} active`)).toEqual({
      ok: true,
      command: { name: 'list', filter: { mine: false, status: 'active', owner: megan } },
    });
    expect(parse(`list ${mentionToken(0)}`)).toEqual({
      ok: true,
      command: { name: 'list', filter: { mine: false, owner: megan } },
    });
  });

  it('refuses a typed @name that is not a real mention, and two owners', () => {
    const typed = parse('steward list owner:@megan', []);
    const twice = parse(`steward list owner:me owner:${mentionToken(0)}`);
    expect(typed.ok === false && typed.problem).toContain('Name the owner with an @mention');
    expect(twice.ok === false && twice.problem).toBe('`owner:` is given twice.');
  });

  it('skips a leading mention of something other than the bot', () => {
    expect(parse(`${mentionToken(0)} steward home`)).toEqual({ ok: true, command: { name: 'home' } });
  });

  it('finds the Entra object id on the mention, in the id, or through the member lookup', async () => {
    const lookup = jest.fn(async (id: string) => (id === '29:1megan' ? 'AAD-MEGAN' : undefined));
    expect(await aadObjectIdOf({ ...megan, aadObjectId: 'aad-1' }, lookup)).toBe('aad-1');
    expect(await aadObjectIdOf({ id: '6F1C1C7E-2F7E-4F55-9D0E-3C1F1B8E2A11' })).toBe(
      '6f1c1c7e-2f7e-4f55-9d0e-3c1f1b8e2a11',
    );
    expect(await aadObjectIdOf({ id: '8:orgid:6f1c1c7e-2f7e-4f55-9d0e-3c1f1b8e2a11' })).toBe(
      '6f1c1c7e-2f7e-4f55-9d0e-3c1f1b8e2a11',
    );
    expect(lookup).not.toHaveBeenCalled();
    expect(await aadObjectIdOf(megan, lookup)).toBe('aad-megan');
    expect(await aadObjectIdOf({ id: '29:someone-else' }, lookup)).toBeUndefined();
  });

  it('lists the contracts the mentioned person owns, or says it cannot tell who they are', async () => {
    const found = buildCommandArgs(
      { name: 'list' as const, filter: { mine: false, owner: megan } },
      { lookupMember: async () => 'aad-megan' },
    );
    const unknown = buildCommandArgs({ name: 'list' as const, filter: { mine: false, owner: megan } });

    const reply = await listContracts(found);
    const refusal = await listContracts(unknown);

    expect(found.deps.services.callsTo('contracts.list')[0]?.args).toEqual([{ owner: 'aad-megan' }]);
    expect('card' in reply && cardText(reply.card)).toContain('Contracts owned by Megan Bowen (1 of 1)');
    expect(refusal).toEqual({ text: expect.stringContaining('could not tell who Megan Bowen is') });
    expect(unknown.deps.services.calls).toEqual([]);
  });
});

describe('over HTTP, through the Teams SDK', () => {
  let h: TeamsHarness;
  let members: Server;
  let serviceUrl: string;
  const lookups: string[] = [];

  /**
   * The Bot Connector stand-in does not serve the member list, so this loopback server answers
   * GET /v3/conversations/{id}/members/{member} itself and passes everything else on to the stand-in.
   */
  beforeEach(async () => {
    lookups.length = 0;
    h = await startTeamsHarness();
    members = createServer(async (req, res) => {
      const path = req.url ?? '/';
      const match = /^\/v3\/conversations\/[^/]+\/members\/([^/?]+)/.exec(path);
      if (req.method === 'GET' && match) {
        const id = decodeURIComponent(match[1] ?? '');
        lookups.push(id);
        const body = JSON.stringify({ id, name: 'Megan Bowen', objectId: 'AAD-MEGAN', userPrincipalName: 'megan@x' });
        res.writeHead(id === megan.id ? 200 : 404, { 'content-type': 'application/json' }).end(body);
        return;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const forwarded = await fetch(new URL(path, h.connector.serviceUrl), {
        method: req.method ?? 'GET',
        headers: { 'content-type': 'application/json' },
        ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
      });
      res.writeHead(forwarded.status, { 'content-type': 'application/json' }).end(await forwarded.text());
    });
    members.listen(0, '127.0.0.1');
    await once(members, 'listening');
    serviceUrl = `http://127.0.0.1:${(members.address() as AddressInfo).port}/`;
  });

  afterEach(async () => {
    members.closeAllConnections();
    await new Promise((resolve) => members.close(resolve));
    await h.close();
  });

  it('resolves "@Steward list owner:@Megan" in a channel to Megan’s Entra object id', async () => {
    await postActivity(
      h.endpoint,
      messageActivity(serviceUrl, '<at>Steward</at> list owner:<at>Megan Bowen</at>', {
        ...inChannel(),
        entities: [mention(TEAMS_TEST.bot), mention(megan)],
      }),
    );

    const reply = await h.connector.waitFor((r) => r.kind === 'create');
    expect(cardText(cardOf(reply))).toContain('Contracts owned by Megan Bowen');
    expect(lookups).toEqual([megan.id]);
    expect(h.services.callsTo('contracts.list')[0]?.args).toEqual([{ owner: 'aad-megan' }]);
  });

  it('answers without calling the service when the mentioned person is not a member here', async () => {
    const stranger = { id: '29:stranger', name: 'Someone Else' };
    await postActivity(
      h.endpoint,
      messageActivity(serviceUrl, '<at>Steward</at> list <at>Someone Else</at>', {
        ...inChannel(),
        entities: [mention(TEAMS_TEST.bot), mention(stranger)],
      }),
    );

    const reply = await h.connector.waitFor((r) => r.kind === 'create');
    expect(reply.body.text).toContain('could not tell who Someone Else is');
    expect(lookups).toEqual([stranger.id]);
    expect(h.services.calls).toEqual([]);
  });
});
