/**
 * The argument checks of the public API: each public method checks its plain arguments here before
 * anything crosses to the core, so a wrong type, null, NaN or an integer out of range is a
 * LearnloopError `invalid_argument` naming the argument, never a wrap, a truncation or a raw TypeError.
 */
import { LearnloopError } from './errors.js';

/** What a value is, for messages ("null", "a number (NaN)", "an object"...). */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  return `${/^[aeiou]/.test(typeof value) ? 'an' : 'a'} ${typeof value}`;
}

/**
 * `value`, which must be a string.
 * @throws {LearnloopError} code `invalid_argument` naming `what` otherwise
 */
export function stringArg(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new LearnloopError('invalid_argument', `${what} must be a string, not ${describe(value)}`);
  return value;
}

/**
 * `value`, which must be an integer in [min, max] (max at most 2^53 - 1).
 * @throws {LearnloopError} code `invalid_argument` naming `what` and the range otherwise
 */
export function integerArg(value: unknown, what: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new LearnloopError('invalid_argument', `${what} must be an integer in [${min}, ${max}], not ${describe(value)}`);
  return value;
}

/**
 * `value`, which must be a finite number.
 * @throws {LearnloopError} code `invalid_argument` naming `what` otherwise
 */
export function numberArg(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new LearnloopError('invalid_argument', `${what} must be a finite number, not ${describe(value)}`);
  return value;
}

/**
 * `value`, which must be a function or undefined (a callback such as onProgress).
 * @throws {LearnloopError} code `invalid_argument` naming `what` otherwise
 */
export function callbackArg<F>(value: F | undefined, what: string): F | undefined {
  if (value !== undefined && typeof value !== 'function')
    throw new LearnloopError('invalid_argument', `${what} must be a function, not ${describe(value)}`);
  return value;
}

/**
 * `value`, which must be a plain options object; undefined gives `{}`.
 * @throws {LearnloopError} code `invalid_argument` naming `what` otherwise
 */
export function optionsArg<T extends object>(value: T | undefined, what: string): T {
  if (value === undefined) return {} as T;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new LearnloopError('invalid_argument', `${what} must be an object, not ${describe(value)}`);
  return value;
}

/**
 * Checks that `key` of `options`, when present, is a string (dates, names).
 * @throws {LearnloopError} code `invalid_argument` naming the option otherwise
 */
export function optionalString(options: object, key: string, what: string): void {
  const value: unknown = (options as Record<string, unknown>)[key];
  if (value !== undefined) stringArg(value, `${what}.${key}`);
}

/** The range of a C++ `int` argument: anything outside would wrap when Embind converts it. */
export const INT32_MIN = -(2 ** 31);
/** See INT32_MIN. */
export const INT32_MAX = 2 ** 31 - 1;
/** The range of a C++ `unsigned` argument. */
export const UINT32_MAX = 2 ** 32 - 1;
