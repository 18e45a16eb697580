/**
 * Checks of object arguments before they cross to the core as JSON text: a value that is not an
 * object is refused here with the argument's name, as the core would refuse malformed JSON.
 */
import { LearnloopError } from './errors.js';

/**
 * `value` as JSON text.
 * @throws {LearnloopError} code `invalid_argument` when `value` is not an object (or array)
 */
export function objectJson(value: unknown, what: string): string {
  if (typeof value !== 'object' || value === null) throw new LearnloopError('invalid_argument', `${what} must be an object`);
  return JSON.stringify(value);
}
