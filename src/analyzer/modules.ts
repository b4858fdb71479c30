import type ts from 'typescript';
import { findTopLevelDeclaration } from './scope.js';
import type { Value, ValueResolver } from './values.js';
import { isRequireCall, propertyName } from './values.js';
import { Kind, canHaveModifiers, getModifiers, isBinaryExpression, isBindingElement, isClassDeclaration, isElementAccessExpression, isEnumDeclaration, isExportAssignment, isExportDeclaration, isExpressionStatement, isFunctionDeclaration, isIdentifier, isNamespaceExport, isPropertyAccessExpression, isStringLiteral, isVariableStatement } from './syntax.js';

type ExportTarget =
  | { readonly kind: 'expression'; readonly expression: ts.Expression }
  | { readonly kind: 'declaration'; readonly node: ts.Node }
  | { readonly kind: 'local'; readonly name: string }
  | { readonly kind: 'reexport'; readonly specifier: string; readonly name: string };

interface ExportTable {
  readonly named: Map<string, ExportTarget>;
  readonly stars: string[];
  /** The right-hand side of `module.exports = ...`, when the module has one. */
  readonly moduleExports: ts.Expression | undefined;
}

const tables = new WeakMap<ts.SourceFile, ExportTable>();
const MAX_REEXPORT_HOPS = 64;

/** The expression assigned to `module.exports`, if the file is a CommonJS module that assigns one (or a JSON file's value). */
export function moduleExportsExpression(sourceFile: ts.SourceFile): ts.Expression | undefined {
  return exportTable(sourceFile).moduleExports;
}

/** True when the module names exports one by one (`export const`, `exports.x =`, `module.exports.x =`). */
export function hasNamedExports(sourceFile: ts.SourceFile): boolean {
  return exportTable(sourceFile).named.size > 0 || exportTable(sourceFile).stars.length > 0;
}

/**
 * The value a module exports under `name` (`default` for the default export), following
 * re-exports and CommonJS `exports.name = ...`. Undefined when the module has no such export.
 */
export function exportedValue(resolver: ValueResolver, sourceFile: ts.SourceFile, name: string, seen = new Set<string>()): Value | undefined {
  const key = `${sourceFile.fileName}\0${name}`;
  // A cycle of re-exports ends here; so does an implausibly long chain of them.
  if (seen.has(key) || seen.size >= MAX_REEXPORT_HOPS) return undefined;
  seen.add(key);
  const table = exportTable(sourceFile);
  const target = table.named.get(name);
  if (target) return targetValue(resolver, sourceFile, target, seen);
  if (table.moduleExports) {
    const whole = resolver.value(table.moduleExports);
    if (name === 'default') return whole;
    return resolver.property(whole, name, table.moduleExports);
  }
  if (name === 'default') return undefined;
  for (const specifier of table.stars) {
    const file = resolver.project.resolveModule(specifier, sourceFile.fileName);
    const target2 = file ? resolver.project.getSourceFile(file) : undefined;
    const value = target2 && exportedValue(resolver, target2, name, seen);
    if (value) return value;
  }
  return undefined;
}

function targetValue(resolver: ValueResolver, sourceFile: ts.SourceFile, target: ExportTarget, seen: Set<string>): Value | undefined {
  switch (target.kind) {
    case 'expression':
      return resolver.value(target.expression);
    case 'declaration':
      return resolver.declarationValue(target.node, target.node, undefined);
    case 'local': {
      const declaration = findTopLevelDeclaration(sourceFile, target.name);
      return declaration ? resolver.declarationValue(declaration, declaration, undefined) : undefined;
    }
    case 'reexport': {
      const file = resolver.project.resolveModule(target.specifier, sourceFile.fileName);
      if (!file) {
        return { kind: 'import', module: target.specifier, path: target.name === 'default' ? [] : [target.name], node: sourceFile };
      }
      const next = resolver.project.getSourceFile(file);
      if (!next) return undefined;
      if (target.name === '*') return { kind: 'module', file, node: sourceFile };
      return exportedValue(resolver, next, target.name, seen);
    }
  }
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return canHaveModifiers(node) && (getModifiers(node)?.some((m) => m.kind === kind) ?? false);
}

function exportTable(sourceFile: ts.SourceFile): ExportTable {
  const cached = tables.get(sourceFile);
  if (cached) return cached;
  const named = new Map<string, ExportTarget>();
  const stars: string[] = [];
  let moduleExports: ts.Expression | undefined;

  if (sourceFile.fileName.toLowerCase().endsWith('.json')) {
    // A JSON module is its one expression.
    const first = sourceFile.statements[0];
    moduleExports = first && isExpressionStatement(first) ? first.expression : undefined;
  }
  for (const statement of sourceFile.statements) {
    if (isExportDeclaration(statement)) {
      const specifier = statement.moduleSpecifier && isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      const clause = statement.exportClause;
      if (!clause) {
        if (specifier) stars.push(specifier);
      } else if (isNamespaceExport(clause)) {
        if (specifier) named.set(clause.name.text, { kind: 'reexport', specifier, name: '*' });
      } else {
        for (const element of clause.elements) {
          const local = (element.propertyName ?? element.name).text;
          named.set(
            element.name.text,
            specifier ? { kind: 'reexport', specifier, name: local } : { kind: 'local', name: local },
          );
        }
      }
    } else if (isExportAssignment(statement)) {
      if (statement.isExportEquals) moduleExports = statement.expression;
      else named.set('default', { kind: 'expression', expression: statement.expression });
    } else if (hasModifier(statement, Kind.ExportKeyword)) {
      const isDefault = hasModifier(statement, Kind.DefaultKeyword);
      if (isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          collectBindingNames(declaration.name, (name, node) => named.set(name, { kind: 'declaration', node: node ?? declaration }));
        }
      } else if (isFunctionDeclaration(statement) || isClassDeclaration(statement) || isEnumDeclaration(statement)) {
        if (isDefault) named.set('default', { kind: 'declaration', node: statement });
        if (statement.name) named.set(statement.name.text, { kind: 'declaration', node: statement });
      }
    } else if (isExpressionStatement(statement)) {
      const assigned = commonJsExport(statement.expression);
      if (assigned?.name === undefined && assigned) moduleExports = assigned.value;
      else if (assigned?.name !== undefined) named.set(assigned.name, { kind: 'expression', expression: assigned.value });
    }
  }
  const table = { named, stars, moduleExports };
  tables.set(sourceFile, table);
  return table;
}

function collectBindingNames(root: ts.BindingName, add: (name: string, node: ts.Node | undefined) => void): void {
  if (isIdentifier(root)) {
    add(root.text, undefined);
    return;
  }
  // Iterative: destructuring patterns can nest deeply.
  const pending: ts.BindingPattern[] = [root];
  while (pending.length > 0) {
    const pattern = pending.pop() as ts.BindingPattern;
    for (const element of pattern.elements) {
      if (!isBindingElement(element)) continue;
      if (isIdentifier(element.name)) add(element.name.text, element);
      else pending.push(element.name);
    }
  }
}

/** `module.exports = v` gives { value }; `exports.a = v` and `module.exports.a = v` give { name: 'a', value }. */
function commonJsExport(expression: ts.Expression): { name?: string; value: ts.Expression } | undefined {
  if (!isBinaryExpression(expression) || expression.operatorToken.kind !== Kind.EqualsToken) return undefined;
  const left = expression.left;
  if (isModuleExports(left)) {
    // `module.exports = exports = {...}` chains
    const right = expression.right;
    const inner = isBinaryExpression(right) ? commonJsExport(right) : undefined;
    return { value: inner?.value ?? right };
  }
  if (isPropertyAccessExpression(left) || isElementAccessExpression(left)) {
    const object = left.expression;
    const isExportsObject = (isIdentifier(object) && object.text === 'exports') || isModuleExports(object);
    const name = isPropertyAccessExpression(left) ? left.name.text : propertyName(left.argumentExpression);
    if (isExportsObject && name !== undefined) return { name, value: expression.right };
  }
  return undefined;
}

function isModuleExports(node: ts.Expression): boolean {
  return (
    isPropertyAccessExpression(node) &&
    node.name.text === 'exports' &&
    isIdentifier(node.expression) &&
    node.expression.text === 'module'
  );
}

/** The module specifier of `require('x')`, `import('x')` or a static import. */
export function requiredSpecifier(call: ts.CallExpression): string | undefined {
  return isRequireCall(call) ? (call.arguments[0] as ts.StringLiteral).text : undefined;
}
