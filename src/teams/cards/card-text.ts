import type { Person } from '../../domain/types';
import { type CardElement, literal, paragraph, personName } from './adaptive-card';

/**
 * Small pieces the contract-management cards share: what just happened on top, people by name, money.
 * Every value shown here may be stored or typed text, so it goes through `literal`.
 */

/** The line on top of a card redrawn after a button: what the button did. */
export function notice(message: string | undefined): CardElement[] {
  return message ? [paragraph([literal(message, { weight: 'Bolder', color: 'Good' })])] : [];
}

export function peopleNames(people: readonly Person[]): string {
  return people.length > 0 ? people.map(personName).join(', ') : 'nobody yet';
}

/** An amount with its currency's usual decimals, e.g. `1,250.00 EUR`, `120,000 JPY`. */
export function money(amount: number, currency: string): string {
  let digits = 2;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // Not an ISO code Intl knows: shown with two decimals.
  }
  return `${amount.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${currency}`;
}

/** A share such as realized / planned as a whole percentage; a dash when there is nothing to compare with. */
export function ratio(value: number | null): string {
  return value === null ? '–' : `${Math.round(value * 100)}%`;
}

/** A score or percentage rounded for reading. */
export function rounded(value: number): string {
  return String(Math.round(value * 10) / 10);
}
