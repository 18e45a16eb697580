// wasm/ts has no import cycle (gbdt.ts and predictors.ts once imported each other): every relative
// import or re-export, type-only ones included, forms an acyclic graph. Sources are parsed with the
// TypeScript compiler API; nothing needs building.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

import ts from 'typescript';

import { repoPath } from './helpers.mjs';

const SOURCE_DIR = repoPath('wasm/ts');

/** File name -> the wasm/ts files it imports or re-exports from. */
function importGraph() {
  const files = readdirSync(SOURCE_DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  const graph = new Map();
  for (const name of files) {
    const source = ts.createSourceFile(name, readFileSync(`${SOURCE_DIR}/${name}`, 'utf8'), ts.ScriptTarget.ES2022, true);
    const targets = new Set();
    for (const statement of source.statements) {
      const specifier = (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) ? statement.moduleSpecifier : undefined;
      if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('./')) continue;
      const target = specifier.text.slice(2).replace(/\.js$/, '.ts');
      if (files.includes(target)) targets.add(target);
    }
    graph.set(name, [...targets].sort());
  }
  return graph;
}

/** One cycle of `graph` as a path [a, b, ..., a], or undefined when there is none. */
function findCycle(graph) {
  const state = new Map(); // absent: unvisited, 1: on the current path, 2: done
  const path = [];
  const visit = (node) => {
    state.set(node, 1);
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 1) return [...path.slice(path.indexOf(next)), next];
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    path.pop();
    state.set(node, 2);
    return undefined;
  };
  for (const node of graph.keys()) {
    if (state.has(node)) continue;
    const found = visit(node);
    if (found) return found;
  }
  return undefined;
}

test('the cycle finder finds a cycle and accepts a tree', () => {
  assert.deepEqual(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]])), ['a', 'b', 'c', 'a']);
  assert.equal(findCycle(new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]])), undefined);
});

test('wasm/ts imports form no cycle', () => {
  const graph = importGraph();
  assert.ok(graph.size > 20, `read the sources (${graph.size} files)`);
  assert.ok(graph.get('api.ts')?.includes('store.ts'), 'relative imports are found');
  const cycle = findCycle(graph);
  assert.equal(cycle, undefined, `import cycle: ${cycle?.join(' -> ')}`);
});
