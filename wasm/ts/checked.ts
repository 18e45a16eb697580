/**
 * Indexing into arrays the core filled, with the check the type system cannot make: an index out of
 * range means the bindings broke their own layout, which is reported as an internal error instead of
 * flowing on as `undefined`.
 */
import { LearnloopError } from './errors.js';

/**
 * `items[i]`, which must exist; `what` names the array in the error.
 * @throws {LearnloopError} code `internal` when `i` is out of range
 */
export function element<T>(items: ArrayLike<T>, i: number, what: string): T {
  const value = items[i];
  if (value === undefined) throw new LearnloopError('internal', `${what} has no element ${i} (length ${items.length})`);
  return value;
}
