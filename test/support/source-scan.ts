import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from './tmp';

/*
 * Static checks read the sources as TypeScript syntax trees, not as text:
 * comments, strings and look-alike names cannot fool them, and a finding
 * names its file and line.
 */

export interface SourceFile {
  /** Relative to the repository, with forward slashes. */
  path: string;
  text: string;
  ast: ts.SourceFile;
}

export function parseSource(path: string, text: string): SourceFile {
  const kind = path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  return { path, text, ast: ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, kind) };
}

/** Every .ts/.tsx file under the given folders of the repository (declaration files excluded). */
export function sourcesUnder(...dirs: string[]): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        out.push(parseSource(relative(REPO_ROOT, full).split('\\').join('/'), readFileSync(full, 'utf8')));
      }
    }
  };
  for (const dir of dirs) walk(join(REPO_ROOT, dir));
  return out;
}

export function readSource(path: string): SourceFile {
  return parseSource(path, readFileSync(join(REPO_ROOT, path), 'utf8'));
}

/** Every node of a file, depth first. */
export function* nodes(file: SourceFile): Generator<ts.Node> {
  const stack: ts.Node[] = [file.ast];
  while (stack.length > 0) {
    const node = stack.pop()!;
    yield node;
    const children: ts.Node[] = [];
    node.forEachChild((c) => void children.push(c));
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}

/** `file:line` of a node, for messages. */
export function at(file: SourceFile, node: ts.Node): string {
  return `${file.path}:${file.ast.getLineAndCharacterOfPosition(node.getStart(file.ast)).line + 1}`;
}

/** The dotted name a call or `new` applies (`shell.openExternal`, `fetch`), or null for computed callees. */
export function calleeName(expr: ts.Expression): string | null {
  if (ts.isIdentifier(expr)) return expr.text;
  if (ts.isPropertyAccessExpression(expr)) {
    const left = calleeName(expr.expression);
    return left === null ? expr.name.text : `${left}.${expr.name.text}`;
  }
  if (expr.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isParenthesizedExpression(expr)) return calleeName(expr.expression);
  return null;
}

/** Calls and `new` expressions whose callee's last name part is one of `names`. */
export function callsTo(
  file: SourceFile,
  names: readonly string[],
): Array<{ node: ts.CallExpression | ts.NewExpression; name: string }> {
  const out: Array<{ node: ts.CallExpression | ts.NewExpression; name: string }> = [];
  for (const node of nodes(file)) {
    if (!ts.isCallExpression(node) && !ts.isNewExpression(node)) continue;
    const name = calleeName(node.expression);
    if (name === null) continue;
    const last = name.split('.').pop()!;
    if (names.includes(name) || names.includes(last)) out.push({ node, name });
  }
  return out;
}

/** Module specifiers a file imports at run time: static imports, re-exports, `import()` and `require()`. */
export function importsOf(file: SourceFile): Array<{ specifier: string; node: ts.Node; names: string[] }> {
  const out: Array<{ specifier: string; node: ts.Node; names: string[] }> = [];
  for (const node of nodes(file)) {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (!ts.isStringLiteral(node.moduleSpecifier)) continue;
      const names: string[] = [];
      const clause = ts.isImportDeclaration(node) ? node.importClause : undefined;
      // Types vanish at compile time: `import type { AddressInfo } from 'node:net'` opens nothing.
      if (clause?.isTypeOnly || (ts.isExportDeclaration(node) && node.isTypeOnly)) continue;
      if (clause?.name) names.push('default');
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) {
        for (const el of bindings.elements) if (!el.isTypeOnly) names.push((el.propertyName ?? el.name).text);
        if (names.length === 0 && bindings.elements.length > 0) continue;
      } else if (bindings) names.push('*');
      out.push({ specifier: node.moduleSpecifier.text, node, names });
    } else if (ts.isCallExpression(node)) {
      const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      const first = node.arguments[0];
      if ((isImport || isRequire) && first && ts.isStringLiteralLike(first)) {
        out.push({ specifier: first.text, node, names: ['*'] });
      }
    }
  }
  return out;
}

/**
 * An object literal's properties as values: booleans, strings and numbers as
 * themselves, anything computed as the string `<expression>` (so it never
 * passes for `true`), spreads as the key `...`.
 */
export function literalObject(node: ts.Expression): Record<string, unknown> | null {
  if (!ts.isObjectLiteralExpression(node)) return null;
  const out: Record<string, unknown> = {};
  for (const prop of node.properties) {
    if (ts.isSpreadAssignment(prop)) {
      out['...'] = '<spread>';
      continue;
    }
    if (!ts.isPropertyAssignment(prop) && !ts.isShorthandPropertyAssignment(prop)) continue;
    const key = prop.name && (ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name)) ? prop.name.text : null;
    if (key === null) continue;
    if (ts.isShorthandPropertyAssignment(prop)) {
      out[key] = '<expression>';
      continue;
    }
    const init = prop.initializer;
    if (init.kind === ts.SyntaxKind.TrueKeyword) out[key] = true;
    else if (init.kind === ts.SyntaxKind.FalseKeyword) out[key] = false;
    else if (ts.isStringLiteralLike(init)) out[key] = init.text;
    else if (ts.isNumericLiteral(init)) out[key] = Number(init.text);
    else if (ts.isObjectLiteralExpression(init)) out[key] = literalObject(init);
    else out[key] = '<expression>';
  }
  return out;
}

/** The text of every string literal and template piece in a file (comments are not strings). */
export function stringsOf(file: SourceFile): Array<{ text: string; node: ts.Node }> {
  const out: Array<{ text: string; node: ts.Node }> = [];
  for (const node of nodes(file)) {
    if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node))
      out.push({ text: node.text, node });
  }
  return out;
}

/** Names of the properties assigned in object literals of a file (`partition: …` gives `partition`). */
export function propertyNames(file: SourceFile): Array<{ name: string; node: ts.Node }> {
  const out: Array<{ name: string; node: ts.Node }> = [];
  for (const node of nodes(file)) {
    if (
      (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) &&
      !ts.isComputedPropertyName(node.name)
    )
      out.push({ name: node.name.text, node });
  }
  return out;
}
