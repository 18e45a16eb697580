/**
 * The one place where a throw from inside the wasm module becomes a LearnloopError. Every call into
 * the module goes through guardModule() (free functions) or WasmHandle (handle methods), which run it
 * through callGuarded(): a LearnloopError passes unchanged, a C++ exception that escaped the bindings
 * (WebAssembly.Exception), an Embind BindingError or TypeError, or an error thrown by sqlite-wasm or a
 * user callback becomes a LearnloopError whose `cause` is the original.
 */
import { LearnloopError } from './errors.js';

/** True for an exception thrown by wasm code (a C++ exception with -fwasm-exceptions). */
function isWasmException(error: unknown): boolean {
  const exception = (WebAssembly as { Exception?: abstract new (...args: never[]) => unknown }).Exception;
  return exception !== undefined && error instanceof exception;
}

/**
 * `error` as a LearnloopError raised while calling `where`.
 * A C++ exception carries no readable message in this build (its tag is not exported), so the
 * message names the call; Embind's argument conversions are `invalid_argument`, the rest `internal`.
 */
export function toLearnloopError(error: unknown, where: string): LearnloopError {
  if (error instanceof LearnloopError) return error;
  if (isWasmException(error))
    return new LearnloopError('internal', `${where} failed inside the core (an uncaught C++ exception) on this input`, {
      cause: error,
    });
  const name = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? error.message : String(error);
  const code = name === 'BindingError' || name === 'TypeError' ? 'invalid_argument' : 'internal';
  return new LearnloopError(code, `${where}: ${message || name}`, { cause: error });
}

/**
 * `call()`, with every throw turned into a LearnloopError naming `where`.
 * @throws {LearnloopError} whatever `call` throws, converted
 */
export function callGuarded<T>(where: string, call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw toLearnloopError(error, where);
  }
}

/**
 * A view of an Embind object (or module) whose function members run through the guard, `before`/`after` around
 * each call. Each member's wrapper is made once and kept (a decision loop calls the same few methods millions of
 * times), and it catches inline rather than through a closure per call.
 * @throws {LearnloopError} from the wrapped members only: whatever they throw, converted
 */
export function guardedView<T extends object>(target: T, what: string, hooks?: { before(): void; after(): void }): T {
  const wrappers = new Map<PropertyKey, { fn: unknown; wrapper: unknown }>();
  return new Proxy(target, {
    get(object, key) {
      const value: unknown = Reflect.get(object, key);
      if (typeof value !== 'function') return value;
      const cached = wrappers.get(key);
      if (cached !== undefined && cached.fn === value) return cached.wrapper;
      const fn = value as (...args: unknown[]) => unknown;
      const where = `${what}.${String(key)}`;
      const wrapper = function (this: unknown, ...args: unknown[]): unknown {
        if (new.target !== undefined) {
          try {
            return Reflect.construct(fn, args) as object;
          } catch (error) {
            throw toLearnloopError(error, where);
          }
        }
        hooks?.before();
        try {
          return Reflect.apply(fn, object, args);
        } catch (error) {
          throw toLearnloopError(error, where);
        } finally {
          hooks?.after();
        }
      };
      wrappers.set(key, { fn: value, wrapper });
      return wrapper;
    },
  });
}

/**
 * Wraps every public method and getter of `cls` (own prototype members, not `#private` ones) in callGuarded(),
 * so nothing a public method throws escapes as anything but a LearnloopError, whatever line throws it.
 * @throws {LearnloopError} from the wrapped methods only: whatever they throw, converted
 */
export function guardPublicMethods(cls: { name: string; prototype: object }): void {
  const proto = cls.prototype;
  for (const key of Reflect.ownKeys(proto)) {
    if (key === 'constructor') continue;
    const descriptor = Reflect.getOwnPropertyDescriptor(proto, key);
    if (descriptor === undefined) continue;
    const where = `${cls.name}.${String(key)}`;
    if (typeof descriptor.value === 'function') {
      const method = descriptor.value as (...args: unknown[]) => unknown;
      descriptor.value = {
        [method.name](this: unknown, ...args: unknown[]): unknown {
          try {
            return Reflect.apply(method, this, args);
          } catch (error) {
            throw toLearnloopError(error, where);
          }
        },
      }[method.name];
    } else if (descriptor.get !== undefined) {
      const getter = descriptor.get;
      descriptor.get = function (this: unknown) {
        return callGuarded(where, (): unknown => Reflect.apply(getter, this, []));
      };
    } else continue;
    Reflect.defineProperty(proto, key, descriptor);
  }
}
