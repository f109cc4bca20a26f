/**
 * How long a typed value may be, by what it is: the services' zod schemas (services/inputs.ts) judge input by
 * these, and the forms in src/chat/forms.ts give the same numbers to Slack's modals and Teams' cards, so a
 * form never lets someone type more than the service keeps (nor cuts them off sooner).
 */
export const LIMITS = {
  reference: 40,
  contractTitle: 200,
  vendorName: 200,
  currency: 3,
  category: 80,
  kpiKey: 40,
  kpiName: 120,
  kpiUnit: 20,
  statusReason: 1000,
  kpiChangeReason: 500,
  comment: 2000,
  reason: 500,
  action: 500,
  note: 1000,
  resolution: 2000,
  title: 200,
  description: 2000,
  mitigation: 2000,
  lesson: 4000,
  url: 2000,
  personName: 120,
} as const;
