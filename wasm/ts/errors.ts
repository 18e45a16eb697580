/**
 * LearnloopError: the one error type the package throws. Core failures arrive from the wasm
 * bindings as plain records `{learnloopError, code, message}` and are turned into this class here.
 */

/** Stable error codes: the core's codes plus the ones only the JS layer can raise. */
export type LearnloopErrorCode =
  | 'invalid_argument'
  | 'parse_error'
  | 'unsupported_version'
  | 'not_found'
  | 'internal'
  | 'busy'
  | 'wasm_load_failed'
  | 'disposed';

/** An error raised by learnloop; `code` is stable, `message` says what is wrong and what was expected. */
export class LearnloopError extends Error {
  /** Stable machine-readable code. */
  readonly code: LearnloopErrorCode;

  /** Creates an error with a stable `code` and a human message. */
  constructor(code: LearnloopErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LearnloopError';
    this.code = code;
  }
}

/** The shape of an error record returned by the wasm bindings. */
export interface CoreErrorRecord {
  learnloopError: true;
  code: LearnloopErrorCode;
  message: string;
}

/** True when `value` is an error record from the bindings. */
function isCoreError(value: unknown): value is CoreErrorRecord {
  return typeof value === 'object' && value !== null && (value as CoreErrorRecord).learnloopError === true;
}

/**
 * Returns `value` unless it is a core error record, which is thrown as a LearnloopError.
 * @throws {LearnloopError} when the bindings reported a failure
 */
export function unwrap<T>(value: T | CoreErrorRecord): T {
  if (isCoreError(value)) throw new LearnloopError(value.code, value.message);
  return value;
}
