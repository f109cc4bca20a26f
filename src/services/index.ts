import type { ChatSurfaces } from '../chat/chat-surface';
import type { Clock } from '../domain/clock';
import type { Logger } from '../logger';
import type { Store } from '../store';
import { recordRefusal } from './authorization';
import { CheckinsService } from './checkins-service';
import { ContractsService } from './contracts-service';
import { CorrectiveActionsService } from './corrective-actions-service';
import { DashboardService } from './dashboard-service';
import type { ServiceDeps, ServiceSettings } from './deps';
import { EscalationsService } from './escalations-service';
import { ReviewsService } from './reviews-service';
import type { StewardServices } from './service-api';

export interface Services extends StewardServices {
  contracts: ContractsService;
  checkins: CheckinsService;
  escalations: EscalationsService;
  dashboard: DashboardService;
  reviews: ReviewsService;
  correctiveActions: CorrectiveActionsService;
  deps: ServiceDeps;
}

export function createServices(options: {
  store: Store;
  surfaces: ChatSurfaces;
  clock: Clock;
  logger: Logger;
  settings: ServiceSettings;
  instanceId: string;
}): Services {
  const deps: ServiceDeps = { ...options };
  const escalations = new EscalationsService(deps);
  const contracts = new ContractsService(deps);
  const checkins = new CheckinsService(deps, escalations);
  const dashboard = new DashboardService(deps, contracts, escalations);
  const reviews = new ReviewsService(deps, contracts);
  const correctiveActions = new CorrectiveActionsService(deps, escalations);
  return {
    deps,
    reviews,
    correctiveActions,
    contracts,
    checkins,
    escalations,
    dashboard,
    audit: { recordRefusal: (actor, what, contractRef) => recordRefusal(deps, actor, what, contractRef) },
  };
}

export { DEFAULT_SERVICE_SETTINGS } from './deps';
export type { ServiceSettings };
