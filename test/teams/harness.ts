import type { AddressInfo } from 'node:net';
import { fixedClock } from '../../src/domain/clock';
import { HttpServer } from '../../src/http/http-server';
import { createLogger } from '../../src/logger';
import { InMemoryTeamsConversationStore, type TeamsConversationStore } from '../../src/teams/conversation-store';
import { createTeamsSurface, TEAMS_MESSAGING_PATH, type TeamsSurface } from '../../src/teams/teams-app';
import { FakeStewardServices } from '../support/fake-steward-services';
import { startTeamsConnector, type TeamsConnectorStandin } from '../support/teams-connector';

export interface TeamsHarness {
  endpoint: string;
  baseUrl: string;
  services: FakeStewardServices;
  connector: TeamsConnectorStandin;
  teams: TeamsSurface;
  store: TeamsConversationStore;
  close(): Promise<void>;
}

export interface TeamsHarnessOptions {
  /** Another store (e.g. one on the test database); in memory by default. */
  store?: TeamsConversationStore;
  /** Share a connector across harnesses (a restart); it is then the caller's to close. */
  connector?: TeamsConnectorStandin;
}

/** Steward's own HttpServer with the Teams surface mounted at /api/messages, in the loopback sandbox. */
export async function startTeamsHarness(options: TeamsHarnessOptions = {}): Promise<TeamsHarness> {
  const logger = createLogger('silent');
  const clock = fixedClock('2026-12-01T10:00:00Z');
  const services = new FakeStewardServices();
  const connector = options.connector ?? (await startTeamsConnector());
  const store = options.store ?? new InMemoryTeamsConversationStore(clock);
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
      if (!options.connector) await connector.close();
    },
  };
}
