import type { StewardServices } from '../../src/services/service-api';

/**
 * A service API a fake does not answer: every call fails loudly with the method's name, so a surface
 * test that reaches it learns at once what to fake.
 */
export function notFaked<T extends object>(api: string): T {
  return new Proxy({} as T, {
    get: (_target, method) =>
      // Symbols and `then` are probed by await and by jest's printing; they are not service methods.
      typeof method === 'symbol' || method === 'then'
        ? undefined
        : () => Promise.reject(new Error(`${api}.${method} is not faked in this test`)),
  });
}

type LaterApis =
  | 'kickoff'
  | 'obligations'
  | 'risks'
  | 'correctiveActions'
  | 'serviceCredits'
  | 'value'
  | 'closeout'
  | 'auditTrail'
  | 'reports'
  | 'imports'
  | 'forecasts'
  | 'reviewPacks';

/** The APIs the surface fakes do not answer yet (kickoff, obligations, risks… imports). */
export function notFakedApis(): Pick<StewardServices, LaterApis> {
  return {
    kickoff: notFaked('kickoff'),
    obligations: notFaked('obligations'),
    risks: notFaked('risks'),
    correctiveActions: notFaked('correctiveActions'),
    serviceCredits: notFaked('serviceCredits'),
    value: notFaked('value'),
    closeout: notFaked('closeout'),
    auditTrail: notFaked('auditTrail'),
    reports: notFaked('reports'),
    forecasts: notFaked('forecasts'),
    reviewPacks: notFaked('reviewPacks'),
    imports: notFaked('imports'),
  };
}
