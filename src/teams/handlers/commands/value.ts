import { addMonths } from '../../../domain/local-time';
import { portfolioValueCard, valueFormCard, valueSummaryCard } from '../../cards/value-cards';
import type { CommandHandler } from '../types';

/**
 * `steward value REF`: realized against planned; `… record`: the form, prefilled with last month (value is
 * asked for once the month is over); `steward value portfolio`: every contract added up (internal only).
 */
export const showValue: CommandHandler<'value'> = async ({ command, actor, deps }) => {
  if (command.mode === 'portfolio') return { card: portfolioValueCard(await deps.services.value.portfolio(actor)) };
  if (command.mode === 'record') {
    const lastMonth = addMonths(`${deps.clock().toISOString().slice(0, 7)}-01`, -1).slice(0, 7);
    return { card: valueFormCard(command.reference, { periodKey: lastMonth }) };
  }
  return { card: valueSummaryCard(await deps.services.value.summary(actor, command.reference)) };
};
