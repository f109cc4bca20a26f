import { currencyExponent } from '../../domain/service-credits';
import type { Money } from '../../domain/types';
import { escapeMrkdwn } from './mrkdwn';

/** An amount with its currency's minor digits and thousands separators, e.g. `12,500.00 EUR` (escaped). */
export function money(value: Money | { amount: number; currency: string }): string {
  let digits = 2;
  try {
    digits = currencyExponent(value.currency);
  } catch {
    // An unknown code is shown with two decimals rather than not at all.
  }
  const amount = value.amount.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${amount} ${escapeMrkdwn(value.currency)}`;
}

/** A share such as `94%`, or `n/a` when there is nothing to compare with. */
export function percent(ratio: number | null): string {
  return ratio === null ? 'n/a' : `${Math.round(ratio * 100)}%`;
}
