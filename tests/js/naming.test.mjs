// The JS API's naming rule (README "Naming"), enforced over the shipped .d.ts: what you pass in
// (arguments, options objects) is camelCase; what comes back from a computation keeps the CLI's JSON
// keys (snake_case); stored records and the documents the CLI reads or writes (model documents, bandit
// state, a budget scenario, a virality content file) keep their column or format names. Every
// public method and exported function is walked: its parameters' object types, recursively, must
// have camelCase keys, its results' snake_case keys, except the record and document types listed
// below, whose keys must be snake_case and, for stored records, columns of their table.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import ts from 'typescript';

import { isBuiltin, isCallableOrClass, loadDeclarations, promised } from './declarations.mjs';
import { repoPath } from './helpers.mjs';

const decl = loadDeclarations();

const CAMEL = /^[a-z][a-zA-Z0-9]*$/;
const SNAKE = /^[a-z][a-z0-9_]*$/;

/** Stored records: keys are the columns of these tables (in and out). */
const RECORDS = {
  OutcomeRecord: ['outcomes', 'content_metadata'],
  RetentionRecord: ['retention_metrics'],
  PredictionRecord: ['prediction_records'],
  PredictionOutcome: ['prediction_records'],
  RegisteredModel: ['models'],
  CreativeDayRecord: ['creative_metrics'],
  DailySnapshot: ['daily_snapshots'],
};

/** Documents in a format of their own (what the CLI reads or writes as a file), passed in as they are. */
const DOCUMENTS = new Set([
  'LinearModel', // a model document (`learnloop fit --out`)
  'GbdtModel', // a model document
  'FeatureSpec', // part of a model document (`--spec FILE`)
  'FeatureColumnSpec',
  'LearnJobState', // learnJob()'s own result, given back (`--state FILE`)
  'BanditStateDocument',
  'BudgetSimulationRequest', // `learnloop simulate-budget --scenario FILE`
  'BudgetScenarioInput',
  'ContentInput', // `learnloop virality --content FILE`
]);

/** Names outside the rule, each with its reason. */
const EXCEPTIONS = {
  'Learnloop.fitLogistic(options).C': "scikit-learn's name of the inverse regularization strength (LogisticRegression(C=...))",
};

/** The name a type is declared under (interface, class or alias), if any. */
function typeName(type) {
  return type.aliasSymbol?.name ?? type.getSymbol()?.name;
}

/**
 * Every key that breaks the rule in `type` (reached through `path`), for the role 'input', 'result' or 'document'
 * (inside a record or document).
 * `seen` holds the (type, role) pairs already walked.
 */
function breaks(checker, type, role, path, seen, out) {
  type = promised(checker, type);
  const key = `${role}:${checker.typeToString(type)}:${typeName(type)}`;
  if (seen.has(key)) return;
  seen.add(key);
  if (type.isUnion() || type.isIntersection()) {
    if (type.isIntersection()) checkObject(checker, type, role, path, seen, out);
    else for (const member of type.types) breaks(checker, member, role, path, seen, out);
    return;
  }
  if (!(type.getFlags() & ts.TypeFlags.Object) || isBuiltin(type) || isCallableOrClass(checker, type)) return;
  if (checker.isArrayType(type) || checker.isTupleType(type)) {
    for (const element of checker.getTypeArguments(type)) breaks(checker, element, role, `${path}[]`, seen, out);
    return;
  }
  checkObject(checker, type, role, path, seen, out);
}

/** The keys of one object type (see breaks()), and the types of its properties, walked. */
function checkObject(checker, type, role, path, seen, out) {
  const name = typeName(type);
  const record = role === 'document' || (name !== undefined && (name in RECORDS || DOCUMENTS.has(name)));
  const rule = record || role === 'result' ? SNAKE : CAMEL;
  for (const property of checker.getPropertiesOfType(type)) {
    const propertyType = checker.getTypeOfSymbol(property);
    if (propertyType.getCallSignatures().length > 0) continue; // a method or callback: named like code
    const where = `${path}.${property.name}`;
    if (!rule.test(property.name) && !(where in EXCEPTIONS))
      out.push(`${where} (${role}${record && role !== 'document' ? ` record ${name}` : ''}: expected ${rule === SNAKE ? 'snake_case' : 'camelCase'})`);
    // Inside a record or document, nested objects are part of it (e.g. a model's conformal interval).
    breaks(checker, propertyType, record ? 'document' : role, where, seen, out);
  }
}

/**
 * Every public method of the exported classes and every exported function (`signature`), and every getter (`type`).
 * @returns {Array<{ where: string, signature?: ts.Signature, type?: ts.Type }>}
 */
function signatures() {
  const { checker } = decl;
  const out = [];
  for (const [name, symbol] of decl.exports) {
    if (symbol.flags & ts.SymbolFlags.Class) {
      const instance = checker.getDeclaredTypeOfSymbol(symbol);
      for (const property of checker.getPropertiesOfType(instance)) {
        if (property.name.startsWith('#') || property.name.startsWith('__')) continue;
        const type = checker.getTypeOfSymbol(property);
        for (const signature of type.getCallSignatures()) out.push({ where: `${name}.${property.name}`, signature });
        if (type.getCallSignatures().length === 0) out.push({ where: `${name}.${property.name}`, type }); // a getter
      }
    } else if (symbol.flags & ts.SymbolFlags.Function) {
      for (const signature of checker.getTypeOfSymbol(symbol).getCallSignatures()) out.push({ where: name, signature });
    }
  }
  return out;
}

test('every option and argument is camelCase, every result key snake_case (the CLI\'s), records and documents keep their names', () => {
  const { checker } = decl;
  const problems = [];
  const seen = new Set();
  const walked = signatures();
  assert.ok(walked.length > 80, `found ${walked.length} methods and functions`);
  for (const { where, signature, type } of walked) {
    if (signature === undefined) {
      if (type) breaks(checker, type, 'result', where, seen, problems);
      continue;
    }
    for (const parameter of signature.getParameters()) {
      const type = checker.getTypeOfSymbol(parameter);
      if (type.getCallSignatures().length > 0) continue;
      breaks(checker, type, 'input', `${where}(${parameter.name})`, seen, problems);
    }
    breaks(checker, checker.getReturnTypeOfSignature(signature), 'result', `${where}()`, seen, problems);
  }
  assert.deepEqual(problems, []);
});

test('the rule check finds breaks: a camelCase result key, a snake_case option, a camelCase record key', () => {
  const text = [
    'export interface Options { fine: number; not_fine: number }',
    'export interface Result { good_key: number; badKey: number; nested: { deepBad: number }[] }',
    'export interface PredictionRecord { prediction_id: string; modelName: string }',
    'export interface Opts { record: PredictionRecord }',
  ].join('\n');
  const host = ts.createCompilerHost({});
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, target) => (file === 'x.ts' ? ts.createSourceFile(file, text, target) : getSourceFile(file, target));
  const program = ts.createProgram({ rootNames: ['x.ts'], options: { noEmit: true, types: [] }, host });
  const checker = program.getTypeChecker();
  const exported = new Map(checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile('x.ts'))).map((s) => [s.name, checker.getDeclaredTypeOfSymbol(s)]));
  const problems = [];
  breaks(checker, exported.get('Options'), 'input', 'f(options)', new Set(), problems);
  breaks(checker, exported.get('Result'), 'result', 'f()', new Set(), problems);
  breaks(checker, exported.get('Opts'), 'input', 'g(opts)', new Set(), problems);
  assert.deepEqual(problems, [
    'f(options).not_fine (input: expected camelCase)',
    'f().badKey (result: expected snake_case)',
    'f().nested[].deepBad (result: expected snake_case)',
    'g(opts).record.modelName (input record PredictionRecord: expected snake_case)',
  ]);
});

/** Table -> its columns, from the schema's CREATE TABLE statements and ALTER TABLE ... ADD COLUMN migrations. */
function schemaColumns() {
  const sql = readFileSync(repoPath('core/src/store/schema.sql'), 'utf8').replace(/--[^\n]*/g, '');
  const tables = new Map();
  for (const [, table, body] of sql.matchAll(/CREATE TABLE (\w+) \(([^;]*)\);/g)) {
    const columns = body.split(/,\s*\n/).map((line) => line.trim().split(/\s+/)[0]).filter((c) => c && !['PRIMARY', 'UNIQUE', 'FOREIGN', 'CHECK'].includes(c));
    tables.set(table, new Set(columns));
  }
  for (const [, table, column] of sql.matchAll(/ALTER TABLE (\w+) ADD COLUMN (\w+)/g)) tables.get(table)?.add(column);
  return tables;
}

test('a stored record\'s keys are columns of its table (core/src/store/schema.sql)', () => {
  const { checker } = decl;
  const tables = schemaColumns();
  assert.ok(tables.get('prediction_records')?.has('target'), 'the schema parses');
  for (const [name, names] of Object.entries(RECORDS)) {
    const columns = new Set(names.flatMap((t) => [...(tables.get(t) ?? [])]));
    const symbol = decl.exports.get(name);
    assert.ok(symbol, `the package exports ${name}`);
    const keys = checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol)).map((p) => p.name);
    assert.deepEqual(keys.filter((k) => !columns.has(k)), [], `${name}'s keys are columns of ${names.join(' + ')}`);
  }
});
