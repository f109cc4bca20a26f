import type { AddressInfo } from 'node:net';
import { fixedClock } from '../../src/domain/clock';
import { HttpServer } from '../../src/http/http-server';
import { createLogger } from '../../src/logger';
import { InMemoryTeamsConversationStore } from '../../src/teams/conversation-store';
import { createTeamsSurface, TEAMS_MESSAGING_PATH, type TeamsSurface } from '../../src/teams/teams-app';
import { FakeStewardServices } from '../support/fake-steward-services';
import { startTeamsConnector, type TeamsConnectorStandin } from '../support/teams-connector';

export interface TeamsHarness {
  endpoint: string;
  baseUrl: string;
  services: FakeStewardServices;
  connector: TeamsConnectorStandin;
  teams: TeamsSurface;
  store: InMemoryTeamsConversationStore;
  close(): Promise<void>;
}

/** Steward's own HttpServer with the Teams surface mounted at /api/messages, in the loopback sandbox. */
export async function startTeamsHarness(): Promise<TeamsHarness> {
  const logger = createLogger('silent');
  const clock = fixedClock('2026-12-01T10:00:00Z');
  const services = new FakeStewardServices();
  const connector = await startTeamsConnector();
  const store = new InMemoryTeamsConversationStore(clock);
  const teams = createTeamsSurface({
    config: { enabled: false, missing: ['TEAMS_CLIENT_ID', 'TEAMS_CLIENT_SECRET', 'TEAMS_TENANT_ID'] },
    sandbox: true,
    services,
    logger,
    clock,
    listenHost: '127.0.0.1',
    store,
  });
  await teams.start();
  const http = new HttpServer(logger);
  http.route(TEAMS_MESSAGING_PATH, teams.requestListener);
  const address: AddressInfo = await http.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    endpoint: `${baseUrl}${TEAMS_MESSAGING_PATH}`,
    baseUrl,
    services,
    connector,
    teams,
    store,
    async close() {
      await teams.stop();
      await http.close();
      await connector.close();
    },
  };
}
