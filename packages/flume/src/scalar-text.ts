import { UnsafeValueError } from './errors';

/** The text of a template value before an escaper judges it: strings as they are, finite numbers, booleans. */
export function scalarText(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new UnsafeValueError(where, `number ${value} is not finite`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  throw new UnsafeValueError(where, `expected a string, number or boolean, got ${value === null ? 'null' : typeof value}`);
}
