/**
 * Everything both entry points export besides init().
 */
export { Learnloop } from './api.js';
export type { CliResult, ProgressCallback, SimulationReport, SimulationSpec } from './api.js';
export { LearnloopError } from './errors.js';
export type { LearnloopErrorCode } from './errors.js';
export { ThompsonSampling } from './thompson.js';
export type { ThompsonOptions } from './thompson.js';
