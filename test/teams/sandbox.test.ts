import { fixedClock } from '../../src/domain/clock';
import { HttpServer } from '../../src/http/http-server';
import { createLogger } from '../../src/logger';
import { InMemoryTeamsConversationStore } from '../../src/teams/conversation-store';
import {
  createTeamsSurface,
  isAllowedServiceUrl,
  mayRunWithoutAuth,
  TEAMS_MESSAGING_PATH,
  TeamsSandboxRefused,
} from '../../src/teams/teams-app';
import { FakeStewardServices } from '../support/fake-steward-services';

describe('mayRunWithoutAuth', () => {
  it.each(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1'])(
    'allows the loopback host %s when no Teams credentials are set',
    (host) => {
      expect(mayRunWithoutAuth({ teamsConfigured: false, host })).toBe(true);
    },
  );

  it.each(['0.0.0.0', '::', '10.0.0.5', '192.168.1.10', 'steward.example.com', '', '127.0.0.1.example.com'])(
    'refuses the host %j, which other machines may reach',
    (host) => {
      expect(mayRunWithoutAuth({ teamsConfigured: false, host })).toBe(false);
    },
  );

  it('refuses when Teams credentials are set, even on loopback', () => {
    expect(mayRunWithoutAuth({ teamsConfigured: true, host: '127.0.0.1' })).toBe(false);
  });
});

describe('createTeamsSurface', () => {
  const base = {
    services: new FakeStewardServices(),
    logger: createLogger('silent'),
    clock: fixedClock('2026-12-01T10:00:00Z'),
  };
  const configured = { enabled: true as const, clientId: 'app-id', clientSecret: 'secret', tenantId: 'tenant' };
  const off = { enabled: false as const, missing: ['TEAMS_CLIENT_ID'] };

  it('refuses the sandbox when credentials are configured', () => {
    expect(() => createTeamsSurface({ ...base, config: configured, sandbox: true, listenHost: '127.0.0.1' })).toThrow(
      TeamsSandboxRefused,
    );
  });

  it('refuses the sandbox on a non-loopback host', () => {
    expect(() => createTeamsSurface({ ...base, config: off, sandbox: true, listenHost: '0.0.0.0' })).toThrow(
      /HOST=0\.0\.0\.0/,
    );
  });

  it('refuses to run without credentials unless the sandbox is asked for', () => {
    expect(() => createTeamsSurface({ ...base, config: off, listenHost: '127.0.0.1' })).toThrow(/TEAMS_CLIENT_ID/);
  });

  it('builds an authenticated surface from credentials, on any host', async () => {
    const teams = createTeamsSurface({ ...base, config: configured, listenHost: '0.0.0.0' });
    expect(teams.mode).toBe('authenticated');
    expect(teams.surface.name).toBe('teams');
  });

  it('ignores the SDK’s environment variables: CLIENT_ID and friends cannot turn the sandbox into something else', async () => {
    const saved = { ...process.env };
    process.env.CLIENT_ID = 'leaked';
    process.env.CLIENT_SECRET = 'leaked';
    process.env.DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS = 'true';
    try {
      const sandbox = createTeamsSurface({ ...base, config: off, sandbox: true, listenHost: '127.0.0.1' });
      expect(sandbox.mode).toBe('sandbox');
      // An authenticated surface still checks tokens: a request without one is refused.
      const teams = createTeamsSurface({ ...base, config: configured, listenHost: '127.0.0.1' });
      await teams.start();
      const http = new HttpServer(base.logger);
      http.route(TEAMS_MESSAGING_PATH, teams.requestListener);
      const { port } = await http.listen(0, '127.0.0.1');
      const response = await fetch(`http://127.0.0.1:${port}${TEAMS_MESSAGING_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          text: 'steward help',
          serviceUrl: 'https://smba.trafficmanager.net/teams/',
        }),
      });
      expect(response.status).toBe(401);
      expect(base.services.calls).toEqual([]);
      await http.close();
      await teams.stop();
    } finally {
      process.env = saved;
    }
  });
});

describe('what the Teams endpoint accepts', () => {
  const activity = (serviceUrl: string) => ({
    type: 'message',
    id: 'a1',
    text: 'steward help',
    serviceUrl,
    channelId: 'msteams',
    from: { id: 'u1', name: 'Ursula', aadObjectId: '00000000-0000-0000-0000-000000000001' },
    recipient: { id: 'bot', name: 'Steward' },
    conversation: { id: 'c1', conversationType: 'personal' },
  });

  async function sandbox() {
    const services = new FakeStewardServices();
    const store = new InMemoryTeamsConversationStore();
    const teams = createTeamsSurface({
      services,
      logger: createLogger('silent'),
      clock: fixedClock('2026-12-01T10:00:00Z'),
      config: { enabled: false, missing: ['TEAMS_CLIENT_ID'] },
      sandbox: true,
      listenHost: '127.0.0.1',
      store,
    });
    await teams.start();
    const http = new HttpServer(createLogger('silent'));
    http.route(TEAMS_MESSAGING_PATH, teams.requestListener);
    const { port } = await http.listen(0, '127.0.0.1');
    const post = (body: string, contentType: string) =>
      fetch(`http://127.0.0.1:${port}${TEAMS_MESSAGING_PATH}`, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      });
    return {
      services,
      store,
      post,
      async close() {
        await http.close();
        await teams.stop();
      },
    };
  }

  it('takes JSON only: a text/plain or form body, which a web page can send to loopback, is refused unread', async () => {
    const endpoint = await sandbox();
    try {
      const body = JSON.stringify(activity('http://127.0.0.1:9/'));
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        const response = await endpoint.post(body, type);
        expect({ type, status: response.status }).toEqual({ type, status: 415 });
      }
      expect(endpoint.services.calls).toEqual([]);
      expect(await endpoint.store.reference('c1')).toBeUndefined();
    } finally {
      await endpoint.close();
    }
  });

  it('refuses a serviceUrl outside the allow-list: nothing is stored, nothing is posted there', async () => {
    const endpoint = await sandbox();
    try {
      for (const forged of ['https://attacker.example/', 'http://10.0.0.5:3978/', 'not a url']) {
        const response = await endpoint.post(JSON.stringify(activity(forged)), 'application/json');
        expect({ forged, status: response.status }).toEqual({ forged, status: 403 });
      }
      expect(endpoint.services.calls).toEqual([]);
      expect(await endpoint.store.reference('c1')).toBeUndefined();
    } finally {
      await endpoint.close();
    }
  });

  it('allows Bot Framework hosts over HTTPS in production and loopback only in the sandbox', () => {
    const allowed = (url: string, mode: 'authenticated' | 'sandbox') => isAllowedServiceUrl(new URL(url), mode);
    expect(allowed('https://smba.trafficmanager.net/emea/', 'authenticated')).toBe(true);
    expect(allowed('https://europe.webchat.botframework.com/', 'authenticated')).toBe(true);
    expect(allowed('https://smba.infra.gcc.teams.microsoft.com/teams/', 'authenticated')).toBe(true);
    expect(allowed('http://smba.trafficmanager.net/emea/', 'authenticated')).toBe(false);
    expect(allowed('https://smba.trafficmanager.net.attacker.example/', 'authenticated')).toBe(false);
    expect(allowed('https://botframework.com.attacker.example/', 'authenticated')).toBe(false);
    expect(allowed('http://127.0.0.1:56150/', 'authenticated')).toBe(false);
    expect(allowed('http://127.0.0.1:56150/', 'sandbox')).toBe(true);
    expect(allowed('http://localhost:56150/', 'sandbox')).toBe(true);
    expect(allowed('https://smba.trafficmanager.net/emea/', 'sandbox')).toBe(false);
  });
});
