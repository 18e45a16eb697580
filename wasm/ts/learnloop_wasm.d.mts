// Type of the Emscripten-generated ES module factory (copied next to it in dist/).
import type { ModuleFactory } from './raw_module.js';
declare const createLearnloopModule: ModuleFactory;
export default createLearnloopModule;
