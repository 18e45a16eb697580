// The shipped type declarations (dist/node.d.ts and what it imports), read with the TypeScript
// compiler API for the tests that hold the package to them: result_shapes.test.mjs checks real
// results against the declared return types, naming.test.mjs checks the naming rule over them.
// It only reads: no emit, no runtime import of the package.
import ts from 'typescript';

import { repoPath } from './helpers.mjs';

/** The program over the package's Node entry declarations, its checker and the entry's exports by name. */
export function loadDeclarations() {
  const entry = repoPath('dist/node.d.ts');
  const program = ts.createProgram([entry], {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noEmit: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  if (!source) throw new Error(`cannot read ${entry}; build the package first (make package)`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`${entry} is not a module`);
  const exports = new Map(checker.getExportsOfModule(moduleSymbol).map((s) => [s.name, resolveAlias(checker, s)]));
  return { program, checker, exports };
}

/** An export's own symbol (re-exports are aliases). */
function resolveAlias(checker, symbol) {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/** The declared type of an exported interface, type alias or class (instance side). */
export function exportedType({ checker, exports }, name) {
  const symbol = exports.get(name);
  if (!symbol) throw new Error(`the package exports no '${name}'`);
  return checker.getDeclaredTypeOfSymbol(symbol);
}

/**
 * The declared return type of `className.method` (the last overload: the general one), unwrapping a Promise.
 * `className` null means an exported function `method`.
 */
export function returnType(decl, className, method) {
  const { checker, exports } = decl;
  let fnType;
  if (className === null) {
    const symbol = exports.get(method);
    if (!symbol) throw new Error(`the package exports no function '${method}'`);
    fnType = checker.getTypeOfSymbol(symbol);
  } else {
    const property = exportedType(decl, className).getProperty(method);
    if (!property) throw new Error(`${className} has no method '${method}'`);
    fnType = checker.getTypeOfSymbol(property);
  }
  const signatures = fnType.getCallSignatures();
  if (signatures.length === 0) throw new Error(`${className ?? ''}.${method} is not callable`);
  const result = checker.getReturnTypeOfSignature(signatures[signatures.length - 1]);
  return promised(checker, result);
}

/** T for Promise<T>, else the type itself. */
export function promised(checker, type) {
  if (type.getSymbol()?.name === 'Promise') return checker.getTypeArguments(type)[0] ?? type;
  return type;
}

/** Built-in object types compared by their constructor, not by their members. */
const BUILTINS = new Set(['Float64Array', 'Float32Array', 'Uint8Array', 'Uint32Array', 'Int32Array', 'Date', 'Map', 'Set']);

/** True for functions and classes with methods (results that are objects to call, not data). */
export function isCallableOrClass(checker, type) {
  if (type.getCallSignatures().length > 0) return true;
  const symbol = type.getSymbol();
  return symbol !== undefined && (symbol.flags & ts.SymbolFlags.Class) !== 0;
}

/** True for the built-in object types checked by constructor name. */
export function isBuiltin(type) {
  const name = type.getSymbol()?.name;
  return name !== undefined && BUILTINS.has(name);
}

/** True when `value` is of the kind `type` describes (null, undefined, a primitive, an array, an object). */
function sameKind(checker, value, type) {
  const flags = type.getFlags();
  if (value === null) return (flags & ts.TypeFlags.Null) !== 0;
  if (value === undefined) return (flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) !== 0;
  if (typeof value === 'string') return (flags & ts.TypeFlags.StringLike) !== 0;
  if (typeof value === 'number') return (flags & ts.TypeFlags.NumberLike) !== 0;
  if (typeof value === 'boolean') return (flags & ts.TypeFlags.BooleanLike) !== 0;
  if (Array.isArray(value)) return checker.isArrayType(type) || checker.isTupleType(type);
  return (flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection)) !== 0 && !checker.isArrayType(type);
}

/**
 * Every way `value` differs from `type`: a missing declared key, an undeclared key (where the type has no index
 * signature), a value of another type. Paths name where (`report.engagement.by_hour[3].hour`). Empty when it fits.
 */
export function shapeErrors(checker, value, type, path = '$') {
  const flags = type.getFlags();
  if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return [];
  if (type.isUnion()) {
    // No member fits: report the errors of the closest member of the value's own kind (an object for an object).
    let best = null;
    for (const member of type.types) {
      const errors = shapeErrors(checker, value, member, path);
      if (errors.length === 0) return [];
      if (sameKind(checker, value, member) && (best === null || errors.length < best.length)) best = errors;
    }
    return best ?? [`${path}: ${JSON.stringify(value)?.slice(0, 80)} matches no member of ${checker.typeToString(type)}`];
  }
  const describe = () => `${path}: ${JSON.stringify(value)?.slice(0, 80)} is not ${checker.typeToString(type)}`;
  if (flags & ts.TypeFlags.Null) return value === null ? [] : [describe()];
  if (flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) return value === undefined ? [] : [describe()];
  if (flags & ts.TypeFlags.StringLiteral || flags & ts.TypeFlags.NumberLiteral) return value === type.value ? [] : [describe()];
  if (flags & ts.TypeFlags.BooleanLiteral) return value === (checker.typeToString(type) === 'true') ? [] : [describe()];
  if (flags & ts.TypeFlags.String) return typeof value === 'string' ? [] : [describe()];
  if (flags & ts.TypeFlags.Number) return typeof value === 'number' ? [] : [describe()];
  if (flags & ts.TypeFlags.Boolean) return typeof value === 'boolean' ? [] : [describe()];
  if (flags & ts.TypeFlags.BigInt) return typeof value === 'bigint' ? [] : [describe()];
  if (isBuiltin(type)) return value?.constructor?.name === type.getSymbol().name ? [] : [describe()];
  if (checker.isArrayType(type) || checker.isTupleType(type)) {
    if (!Array.isArray(value)) return [describe()];
    const args = checker.getTypeArguments(type);
    if (checker.isTupleType(type) && value.length !== args.length) return [`${path}: ${value.length} elements, expected ${args.length}`];
    return value.flatMap((v, i) => shapeErrors(checker, v, checker.isTupleType(type) ? args[i] : args[0], `${path}[${i}]`));
  }
  if (type.getCallSignatures().length > 0) return typeof value === 'function' ? [] : [describe()];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [describe()];
  const errors = [];
  const declared = new Set();
  for (const property of checker.getPropertiesOfType(type)) {
    declared.add(property.name);
    const propertyType = checker.getTypeOfSymbol(property);
    if (propertyType.getCallSignatures().length > 0 && !(property.name in value)) continue;  // a method
    const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
    if (!(property.name in value)) {
      if (!optional) errors.push(`${path}.${property.name}: declared, missing`);
      continue;
    }
    errors.push(...shapeErrors(checker, value[property.name], propertyType, `${path}.${property.name}`));
  }
  const index = checker.getIndexInfosOfType(type)[0];
  for (const key of Object.keys(value)) {
    if (declared.has(key)) continue;
    if (index === undefined) errors.push(`${path}.${key}: present, not declared in ${checker.typeToString(type)}`);
    else errors.push(...shapeErrors(checker, value[key], index.type, `${path}.${key}`));
  }
  return errors;
}
