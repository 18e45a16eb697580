// The facts that cross the C++/TS seam agree on both sides: the Embind surface declared by hand in
// wasm/ts/raw_module.ts is exactly what the module registers (every declared function and class
// exists, nothing registered is undeclared); the policy names of wasm/ts/bandit_policies.ts are the
// core's (and the web demo offers only those); the byte protocol codes of wasm/ts/byte_protocol.ts
// are the ones wasm/src/js_database.cpp reads and writes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import ts from 'typescript';

import { repoPath } from './helpers.mjs';
import createModule from '../../dist/learnloop_wasm.mjs';
import { BANDIT_POLICIES } from '../../dist/bandit_policies.js';
import { BATCH, BIND, SQLITE_TYPE } from '../../dist/byte_protocol.js';
import { init } from '../../dist/node.js';

const raw = await createModule({ wasmBinary: readFileSync(repoPath('dist/learnloop_wasm.wasm')) });

/** Methods every Embind handle inherits from ClassHandle rather than registering itself. */
const HANDLE_METHODS = new Set(['clone', 'delete', 'deleteLater', 'isAliasOf', 'isDeleted']);

/** True for an Embind class constructor (its instances are ClassHandles). */
const isEmbindClass = (value) => typeof value === 'function' && typeof value.prototype?.isAliasOf === 'function';

/** True for a function registered with emscripten::function (Embind records its argument count). */
const isEmbindFunction = (value) => typeof value === 'function' && Object.hasOwn(value, 'argCount') && !isEmbindClass(value);

/** The module's Embind surface: {functions, classes: name -> registered method names}. */
function registeredSurface(module) {
  const names = Object.keys(module);
  const classes = new Map();
  for (const name of names.filter((n) => isEmbindClass(module[n]))) {
    const proto = module[name].prototype;
    classes.set(name, Object.getOwnPropertyNames(proto).filter((m) => m !== 'constructor' && typeof proto[m] === 'function').sort());
  }
  return { functions: names.filter((n) => isEmbindFunction(module[n])).sort(), classes };
}

/** raw_module.ts's declarations: {functions, classes: name -> declared method names} of RawModule and the Raw* handle interfaces. */
function declaredSurface() {
  const file = ts.createSourceFile('raw_module.ts', readFileSync(repoPath('wasm/ts/raw_module.ts'), 'utf8'), ts.ScriptTarget.ES2022, true);
  const interfaces = new Map(file.statements.filter(ts.isInterfaceDeclaration).map((d) => [d.name.text, d]));
  /** @type {(name: string) => Array<[string, ts.TypeElement]>} */
  const members = (name) => interfaces.get(name).members.filter((m) => m.name).map((m) => [m.name.getText(file), m]);
  const functions = [];
  const classes = new Map();
  for (const [name, member] of members('RawModule')) {
    if (ts.isMethodSignature(member)) functions.push(name);
    else if (ts.isPropertySignature(member) && member.type && ts.isConstructorTypeNode(member.type)) {
      const instance = member.type.type.getText(file);
      classes.set(name, members(instance).map(([m]) => m).filter((m) => !HANDLE_METHODS.has(m)).sort());
    } else assert.fail(`RawModule.${name} is neither a method nor a class`);
  }
  return { functions: functions.sort(), classes };
}

test('raw_module.ts declares exactly the Embind functions and classes the module registers', () => {
  const registered = registeredSurface(raw);
  const declared = declaredSurface();
  assert.ok(registered.functions.length >= 25, `found the module's functions (${registered.functions.length})`);
  assert.deepEqual(declared.functions, registered.functions, 'module functions');
  assert.deepEqual([...declared.classes.keys()].sort(), [...registered.classes.keys()].sort(), 'classes');
  for (const [name, methods] of registered.classes) assert.deepEqual(declared.classes.get(name), methods, `methods of ${name}`);
});

test('the declared surface check fails for a missing or an undeclared name', () => {
  const registered = registeredSurface(raw);
  const declared = declaredSurface();
  assert.notDeepEqual(declared.functions.filter((n) => n !== 'runCli'), registered.functions);
  const extra = { ...Object.fromEntries(Object.keys(raw).map((k) => [k, raw[k]])), madeUp: Object.assign(() => {}, { argCount: 0 }) };
  assert.notDeepEqual(declared.functions, registeredSurface(extra).functions);
});

test('the TS policy list is the core list, every name makes a bandit, and the web demo offers only those', async () => {
  assert.deepEqual([...BANDIT_POLICIES], raw.banditPolicies());
  const ll = await init();
  for (const policy of BANDIT_POLICIES) {
    const bandit = ll.bandit({ policy, arms: 2, dim: policy === 'linucb' || policy === 'lints' ? 1 : 0 });
    assert.equal(bandit.policy, policy);
    bandit.dispose();
  }
  const page = readFileSync(repoPath('web-demo/simulate.html'), 'utf8');
  const select = /<select id="policy"[^>]*>([\s\S]*?)<\/select>/.exec(page);
  assert.ok(select, 'simulate.html has the policy select');
  const offered = [...select[1].matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(offered.length > 0);
  for (const policy of offered) assert.ok(/** @type {readonly string[]} */ (BANDIT_POLICIES).includes(policy), `simulate.html offers '${policy}'`);
});

test('the byte protocol codes of the TS adapter are the core reader\'s', () => {
  assert.deepEqual(raw.byteProtocol(), { batch: { ...BATCH }, bind: { ...BIND }, sqliteType: { ...SQLITE_TYPE } });
});
