import { fixedClock } from '../../src/domain/clock';
import { HttpServer } from '../../src/http/http-server';
import { createLogger } from '../../src/logger';
import {
  createTeamsSurface,
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
        body: JSON.stringify({ type: 'message', text: 'steward help', serviceUrl: 'http://127.0.0.1:9/' }),
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
