// The protocol between the dashboard page (dashboard.js) and its worker (worker.js), for the type
// checker only (tsconfig.check.json): every method the page may call, with its arguments and its
// answer. The page's call() and the worker's handlers are both typed from WorkerMethods, so a
// misspelt method name or a wrong argument is a type error. Nothing here runs.

/** @typedef {import('../dist/browser.js').StoreOverview} StoreOverview */

/**
 * What the worker answers when it opened a database.
 * @typedef {object} OpenedDatabase
 * @property {string} source where the database came from, for the page to show
 * @property {StoreOverview} overview what it holds
 * @property {{ storage: import('../dist/browser.js').KeptStorage, reason: string }} kept where it is kept across page loads, and why there
 */

/**
 * Form input passed on as typed: numbers where the text was a number, else the text itself, so the
 * core names what is wrong. The worker hands it to the package unchanged.
 * @typedef {Record<string, unknown>} UncheckedInput
 */

/**
 * Method name -> {params, result} of every worker method.
 * @typedef {object} WorkerMethods
 * @property {{ params: {}, result: { version: string } }} load
 * @property {{ params: {}, result: OpenedDatabase | null }} openKept
 * @property {{ params: {}, result: OpenedDatabase }} openDemo
 * @property {{ params: { bytes: Uint8Array, name: string }, result: OpenedDatabase }} openBytes
 * @property {{ params: { date: string }, result: import('../dist/browser.js').LearnedRun }} learn
 * @property {{ params: { platform: string, date: string }, result: import('../dist/browser.js').BestTimeResult }} bestTime
 * @property {{ params: { content: UncheckedInput, date: string }, result: import('../dist/browser.js').ViralityPrediction }} virality
 * @property {{ params: { date?: string }, result: import('../dist/browser.js').CreativeFatigueReport }} creativeFatigue
 * @property {{ params: { request: UncheckedInput }, result: import('../dist/browser.js').BudgetSimulation }} simulateBudget
 * @property {{ params: {}, result: Array<{ id: string, metadata: import('../dist/browser.js').EmbeddingMetadata | null }> }} similarityItems
 * @property {{ params: { id: string, k: number }, result: import('../dist/browser.js').EmbeddingHit[] }} similar
 */

/** @typedef {keyof WorkerMethods} WorkerMethod */

/**
 * The worker's implementation of every method.
 * @typedef {{ [M in WorkerMethod]: (args: WorkerMethods[M]['params']) => WorkerMethods[M]['result'] | Promise<WorkerMethods[M]['result']> }} WorkerHandlers
 */

/**
 * A message from the page: call `method` with `args`; the answer carries the same `id`.
 * @typedef {{ id: number, method: WorkerMethod, args: unknown }} WorkerRequest
 */

/** @typedef {{ label: string, done: number, total: number }} WorkerProgress */

/**
 * A message from the worker: a method's result or error (by request id), or progress of the current task.
 * @typedef {{ id: number, result: unknown } | { id: number, error: { code: string, message: string } } | { progress: WorkerProgress }} WorkerReply
 */

export {};
