import type { AddressInfo } from 'node:net';
import type { Connection } from 'mongoose';
import { HttpServer } from '../../src/http/http-server';
import { createLogger } from '../../src/logger';
import type { Actor } from '../../src/services/service-api';
import { createTeamsSurface, TEAMS_MESSAGING_PATH, type TeamsSurface } from '../../src/teams/teams-app';
import { owner, setupServices } from '../support/service-harness';
import { type ConnectorRequest, startTeamsConnector, type TeamsConnectorStandin } from '../support/teams-connector';

/** A contract manager on Teams: her Entra object id is what Teams sends as `from.aadObjectId`. */
export const TESS = {
  account: { id: '29:tess', name: 'Tess Teams', aadObjectId: '6f1c1c7e-2f7e-4f55-9d0e-3c1f1b8e2a11' },
  actor: {
    person: { name: 'Tess Teams', teamsUserId: '6f1c1c7e-2f7e-4f55-9d0e-3c1f1b8e2a11' },
    surface: 'teams',
    external: false,
  } satisfies Actor,
} as const;

/** A guest from the vendor's organisation: Teams marks B2B guests with `userRole: guest`. */
export const GUEST = {
  id: '29:vic',
  name: 'Victor Guest',
  aadObjectId: '0b5d6a4e-7c1f-4c55-9a0e-1c2f3b4e5a66',
  userRole: 'guest',
} as const;

type Setup = Awaited<ReturnType<typeof setupServices>>;

export interface RealTeamsHarness extends Setup {
  endpoint: string;
  connector: TeamsConnectorStandin;
  teams: TeamsSurface;
  /** Activities the bot posted since the call, e.g. a reply and a file the service posted. */
  postedAfter(count: number): ConnectorRequest[];
  close(): Promise<void>;
}

/**
 * The real services on the test database behind the real Teams surface, over HTTP: activities posted to
 * `/api/messages` as Teams would, replies and files caught by the loopback Bot Connector stand-in. The Teams
 * surface is registered with the services, so what they post (a heat map, a claim pack) reaches the
 * connector. Tess manages the contract, next to Olivia on Slack.
 */
export async function startRealTeamsHarness(connection: Connection, reference: string): Promise<RealTeamsHarness> {
  const setup = await setupServices(connection, reference);
  await setup.services.contracts.setGovernance(owner, reference, { owner: [owner.person, TESS.actor.person] });
  const logger = createLogger('silent');
  const connector = await startTeamsConnector();
  const teams = createTeamsSurface({
    config: { enabled: false, missing: ['TEAMS_CLIENT_ID', 'TEAMS_CLIENT_SECRET', 'TEAMS_TENANT_ID'] },
    sandbox: true,
    services: setup.services,
    logger,
    clock: setup.clock,
    listenHost: '127.0.0.1',
  });
  await teams.start();
  setup.services.deps.surfaces.register(teams.surface);
  const http = new HttpServer(logger);
  http.route(TEAMS_MESSAGING_PATH, teams.requestListener);
  const address: AddressInfo = await http.listen(0, '127.0.0.1');
  return {
    ...setup,
    endpoint: `http://127.0.0.1:${address.port}${TEAMS_MESSAGING_PATH}`,
    connector,
    teams,
    postedAfter: (count) => connector.activities().slice(count),
    async close() {
      await teams.stop();
      await http.close();
      await connector.close();
    },
  };
}
