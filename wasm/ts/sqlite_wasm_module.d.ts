/** The one thing learnloop uses from @sqlite.org/sqlite-wasm 3.41 (which ships no types): its module factory. */
declare module '@sqlite.org/sqlite-wasm' {
  /** Instantiates sqlite-wasm; resolves to the sqlite3 namespace. */
  const sqlite3InitModule: (options?: object) => Promise<unknown>;
  export default sqlite3InitModule;
}
