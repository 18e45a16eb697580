// The shipped handle.d.ts names Symbol.dispose: this directive (kept in the emitted .d.ts) brings its declaration
// to a consumer whose `lib` stops at ES2022, instead of failing with TS2550.
/// <reference lib="esnext.disposable" preserve="true" />
/**
 * Ownership of Embind handles: every wrapper class extends WasmHandle, which deletes the C++
 * object on dispose() / [Symbol.dispose] and, as a safety net only, when garbage collected.
 * Every call on the C++ object goes through `raw`, which counts the calls running (a callback such as
 * onProgress runs inside one) so that dispose() never frees an object under a running call, and turns
 * every throw from the module into a LearnloopError (seam_guard.ts).
 */
import { LearnloopError } from './errors.js';
import { callGuarded, guardedView, guardPublicMethods } from './seam_guard.js';

/** Any Embind object. */
interface Deletable {
  delete(): void;
}

/** `Symbol.dispose` where the runtime has it, else the well-known registry symbol TypeScript uses. */
export const disposeSymbol: typeof Symbol.dispose =
  (Symbol as { dispose?: typeof Symbol.dispose }).dispose ?? (Symbol.for('Symbol.dispose') as typeof Symbol.dispose);

const leaked = new FinalizationRegistry<Deletable>((raw) => raw.delete());

/** Base of every class that owns a C++ object. */
export abstract class WasmHandle<R extends Deletable> {
  #raw: R | undefined;
  #view: R | undefined;
  /** Calls on the C++ object running now (more than one when a callback calls back in). */
  #running = 0;
  #disposeRequested = false;

  /** Takes ownership of `raw`. */
  protected constructor(raw: R) {
    this.#raw = raw;
    leaked.register(this, raw, this);
  }

  /**
   * The live Embind object, seen through the guard: each method call is counted and its throws become LearnloopErrors.
   * @throws {LearnloopError} code `disposed` after dispose() (also while a deferred dispose waits for a call to return)
   */
  protected get raw(): R {
    this.checkLive();
    if (this.#view === undefined) {
      const hooks = { before: () => void this.#running++, after: () => this.#callReturned() };
      this.#view = guardedView(this.#raw as R, this.constructor.name, hooks);
    }
    return this.#view;
  }

  /**
   * Runs `call` (work on this handle that does not go through `raw`, e.g. on an adapter it owns) as a counted,
   * guarded call: dispose() during it is deferred, and its throws become LearnloopErrors naming `where`.
   * @throws {LearnloopError} code `disposed` after dispose(), or what `call` throws, converted
   */
  protected guarded<T>(where: string, call: () => T): T {
    this.checkLive();
    this.#running++;
    try {
      return callGuarded(`${this.constructor.name}.${where}`, call);
    } finally {
      this.#callReturned();
    }
  }

  /**
   * Throws unless the handle is live.
   * @throws {LearnloopError} code `disposed` after dispose()
   */
  protected checkLive(): void {
    if (this.#disposeRequested || this.#raw === undefined)
      throw new LearnloopError('disposed', `${this.constructor.name} was disposed; create a new one`);
  }

  /** True once dispose() has been called (even while the C++ object waits for a running call to return). */
  get disposed(): boolean {
    return this.#disposeRequested;
  }

  /**
   * Frees the C++ object; calling it again does nothing. Called while a method of this handle runs (from a
   * callback such as onProgress), it is deferred: the handle counts as disposed at once (`disposed` is true
   * and new calls throw LearnloopError code `disposed`), the running call completes normally, and the C++
   * object is freed when it returns.
   */
  dispose(): void {
    if (this.#disposeRequested) return;
    this.#disposeRequested = true;
    if (this.#running === 0) this.#free();
  }

  /** Same as dispose(), for `using` declarations. */
  [disposeSymbol](): void {
    this.dispose();
  }

  /** What a subclass frees besides the C++ object (e.g. a database it owns); runs once, after the object is deleted. */
  protected releaseOwned(): void {}

  #callReturned(): void {
    this.#running--;
    if (this.#running === 0 && this.#disposeRequested && this.#raw !== undefined) this.#free();
  }

  #free(): void {
    const raw = this.#raw;
    if (raw === undefined) return;
    this.#raw = undefined;
    this.#view = undefined;
    leaked.unregister(this);
    raw.delete();
    this.releaseOwned();
  }
}

guardPublicMethods(WasmHandle);
