/**
 * JSON across the seam: object arguments become JSON text here, and the core's JSON results holding
 * metric values are read back here. A value that cannot be JSON (circular, a function where data is
 * expected) is refused with the argument's name; int64 values travel exactly: a BigInt argument is
 * written as its digits, and an integer result beyond 2^53 comes back as a BigInt instead of a rounded number.
 */
import { LearnloopError } from './errors.js';

/** A string no JSON the core writes can hold (a lone surrogate cannot be UTF-8), marking a BigInt's digits. */
const BIGINT_MARK = '\ud800bigint:';

/**
 * `value` as JSON text; BigInts as their digits.
 * @throws {LearnloopError} code `invalid_argument` naming `what` for a circular value, or a BigInt that is not an int64
 */
export function toJson(value: unknown, what: string): string {
  let text: string | undefined;
  try {
    // Without a replacer first: V8 then nests far deeper before its stack runs out (a value 5,000 levels
    // deep must reach the core, which names its depth limit); the replacer is needed only for BigInts.
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (text !== undefined) return text;
  try {
    text = JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v !== 'bigint') return v;
      if (v < -(2n ** 63n) || v >= 2n ** 63n) throw new RangeError(`the BigInt ${v} is outside the int64 range`);
      return `${BIGINT_MARK}${v}`;
    });
  } catch (error) {
    // JSON.stringify recurses: a value nested some thousands of levels deep exhausts the stack first.
    if (error instanceof RangeError && /call stack/.test(error.message))
      throw new LearnloopError('invalid_argument', `${what} nests arrays and objects more than 64 levels deep; learnloop reads at most 64`, {
        cause: error,
      });
    throw new LearnloopError('invalid_argument', `${what} cannot be sent as JSON: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  if (text === undefined) throw new LearnloopError('invalid_argument', `${what} cannot be sent as JSON (it is ${typeof value})`);
  const escapedMark = JSON.stringify(BIGINT_MARK).slice(1, -1);
  return text.includes(escapedMark) ? text.replaceAll(new RegExp(`"${escapedMark.replaceAll('\\', '\\\\')}(-?\\d+)"`, 'g'), '$1') : text;
}

/**
 * `value` as JSON text.
 * @throws {LearnloopError} code `invalid_argument` when `value` is not an object (or array), or cannot be JSON
 */
export function objectJson(value: unknown, what: string): string {
  if (typeof value !== 'object' || value === null) throw new LearnloopError('invalid_argument', `${what} must be an object`);
  return toJson(value, what);
}

/** JSON.parse, except that an integer beyond 2^53 - 1 in magnitude is a BigInt (exact) instead of a rounded number. */
export function parseJsonExact<T>(text: string): T {
  if (!/\d{16}/.test(text)) return JSON.parse(text) as T;
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; ++i) {
    const c = text[i];
    if (inString) {
      if (c === '\\') ++i;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      continue;
    }
    if (c !== '-' && (c === undefined || c < '0' || c > '9')) continue;
    const token = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400))?.[0] ?? c;
    if (/^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token))) {
      out += `${text.slice(from, i)}"${JSON.stringify(BIGINT_MARK).slice(1, -1)}${token}"`;
      from = i + token.length;
    }
    i += token.length - 1;
  }
  if (from === 0) return JSON.parse(text) as T;
  return JSON.parse(out + text.slice(from), (_key, v: unknown) =>
    typeof v === 'string' && v.startsWith(BIGINT_MARK) ? BigInt(v.slice(BIGINT_MARK.length)) : v,
  ) as T;
}
