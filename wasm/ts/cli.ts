#!/usr/bin/env node
/**
 * The npm package's `learnloop` bin: the same CLI as the native binary (the core's run_cli()
 * compiled to wasm), with a progress bar on stderr only when it is a terminal.
 */
import { init } from './node.js';

async function main(): Promise<number> {
  let ll;
  try {
    ll = await init();
  } catch (error) {
    process.stderr.write(`learnloop: error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const draw = process.stderr.isTTY
    ? (label: string, done: number, total: number) =>
        process.stderr.write(`\r${ll.renderProgressLine(label, done, total)}${done >= total ? '\n' : ''}`)
    : undefined;
  const result = ll.runCli(process.argv.slice(2), { onProgress: draw });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  return result.exitCode;
}

process.exitCode = await main();
