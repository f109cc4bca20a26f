/** The pure CPM domain: import from here rather than from the files. */
export * from './access-policy';
export * from './clock';
export * from './closeout';
export * from './contract-lifecycle';
export * from './errors';
export * from './escalation-policy';
export * from './evaluation';
export * from './forecast';
export * from './format';
export * from './local-time';
export * from './periods';
export * from './risk-register';
export * from './scorecard';
export * from './service-credits';
export * from './types';
export * from './value-realization';
