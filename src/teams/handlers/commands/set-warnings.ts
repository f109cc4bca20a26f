import type { CommandHandler } from '../types';

/** `steward warnings REF KPI on|off`: a contract manager turns a KPI's early warnings off or back on. */
export const setWarnings: CommandHandler<'warnings'> = async ({ command, actor, deps }) => {
  const result = await deps.services.forecasts.setWarnings(actor, command.reference, command.kpiKey, command.on);
  return {
    text: result.on
      ? `Early warnings for ${result.kpiName} on ${result.contractRef} are on again.`
      : `Early warnings for ${result.kpiName} on ${result.contractRef} are off. Turn them back on with: steward warnings ${result.contractRef} ${result.kpiKey} on`,
  };
};
