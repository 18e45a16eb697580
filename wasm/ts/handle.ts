/**
 * Ownership of Embind handles: every wrapper class extends WasmHandle, which deletes the C++
 * object on dispose() / [Symbol.dispose] and, as a safety net only, when garbage collected.
 */
import { LearnloopError } from './errors.js';

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

  /** Takes ownership of `raw`. */
  protected constructor(raw: R) {
    this.#raw = raw;
    leaked.register(this, raw, this);
  }

  /**
   * The live Embind object.
   * @throws {LearnloopError} code `disposed` after dispose()
   */
  protected get raw(): R {
    if (this.#raw === undefined) throw new LearnloopError('disposed', `${this.constructor.name} was disposed; create a new one`);
    return this.#raw;
  }

  /** True once dispose() has run. */
  get disposed(): boolean {
    return this.#raw === undefined;
  }

  /** Frees the C++ object now; calling it again does nothing. */
  dispose(): void {
    if (this.#raw === undefined) return;
    leaked.unregister(this);
    this.#raw.delete();
    this.#raw = undefined;
  }

  /** Same as dispose(), for `using` declarations. */
  [disposeSymbol](): void {
    this.dispose();
  }
}
