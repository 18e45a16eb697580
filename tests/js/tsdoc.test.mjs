// The TypeScript API's documentation cannot rot: every exported declaration of wasm/ts (functions,
// classes, their public members, interfaces, types) has a TSDoc comment, and every function or
// method whose body can throw (a throw statement or an unwrap() call outside a try/catch; nested
// functions such as callbacks do not count) documents it with @throws.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

import ts from 'typescript';

import { repoPath } from './helpers.mjs';

const SOURCE_DIR = repoPath('wasm/ts');

/** True when `node` has a throw statement or an unwrap() call outside the try block of a try/catch. */
function canThrow(node) {
  if (ts.isThrowStatement(node)) return true;
  if (ts.isCallExpression(node) && node.expression.getText() === 'unwrap') return true;
  if (ts.isFunctionLike(node) && node.parent && !ts.isSourceFile(node.parent) && node.kind !== ts.SyntaxKind.MethodDeclaration) return false;
  if (ts.isTryStatement(node) && node.catchClause)
    return canThrow(node.catchClause.block) || (node.finallyBlock !== undefined && canThrow(node.finallyBlock));
  return ts.forEachChild(node, canThrow) === true;
}

/** [file:line name, problem] for each declaration that breaks the rule. */
function problems() {
  const found = [];
  for (const name of readdirSync(SOURCE_DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))) {
    const file = ts.createSourceFile(name, readFileSync(`${SOURCE_DIR}/${name}`, 'utf8'), ts.ScriptTarget.ES2022, true);
    const where = (node) => `${name}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${node.name?.getText() ?? '(anonymous)'}`;
    const docs = (node) => ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
    const check = (node, callable) => {
      const comments = docs(node);
      if (comments.length === 0) return found.push([where(node), 'has no TSDoc comment']);
      if (callable && node.body && canThrow(node.body) && !comments.some((c) => (c.tags ?? []).some((t) => t.tagName.text === 'throws')))
        found.push([where(node), 'can throw but has no @throws']);
    };
    const exported = (node) => (ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Export) !== 0;
    for (const statement of file.statements) {
      if (!exported(statement)) continue;
      if (ts.isFunctionDeclaration(statement)) check(statement, true);
      else if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) check(statement, false);
      else if (ts.isClassDeclaration(statement)) {
        check(statement, false);
        for (const member of statement.members) {
          const flags = ts.getCombinedModifierFlags(member);
          if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected) || member.name?.kind === ts.SyntaxKind.PrivateIdentifier) continue;
          if (ts.isConstructorDeclaration(member) || ts.isPropertyDeclaration(member) || ts.isIndexSignatureDeclaration(member)) continue;
          if (ts.isMethodDeclaration(member) || ts.isGetAccessorDeclaration(member)) check(member, true);
        }
      }
    }
  }
  return found;
}

test('every export of the TypeScript API has TSDoc, and @throws where it can throw', () => {
  const found = problems();
  assert.deepEqual(found.map(([at, what]) => `${at}: ${what}`), []);
});
