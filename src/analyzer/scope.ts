import type ts from 'typescript';
import { nearestAncestor } from './ancestors.js';
import { Flags, Kind, isBindingElement, isBlock, isCaseBlock, isCatchClause, isClassDeclaration, isClassExpression, isEnumDeclaration, isForInStatement, isForOfStatement, isForStatement, isFunctionDeclaration, isFunctionExpression, isFunctionLike, isIdentifier, isImportDeclaration, isImportEqualsDeclaration, isModuleBlock, isNamespaceImport, isSourceFile, isVariableDeclaration, isVariableDeclarationList, isVariableStatement } from './syntax.js';

/** A node that introduces bindings for the names declared directly in it. */
type ScopeNode = ts.Node;

const scopeTables = new WeakMap<ScopeNode, Map<string, ts.Node>>();

/**
 * Finds the declaration an identifier refers to by walking the enclosing scopes: variables,
 * destructured bindings, parameters, functions, classes, enums and imports. Returns undefined
 * for globals.
 */
export function findDeclaration(identifier: ts.Identifier): ts.Node | undefined {
  const name = identifier.text;
  for (let scope = enclosingScope(identifier); scope; scope = enclosingScope(scope)) {
    const declaration = tableOf(scope).get(name);
    if (declaration && declaration !== identifier.parent) return declaration;
    if (declaration && isDeclarationName(identifier)) return declaration;
  }
  return undefined;
}

/** For each node, the nearest node at or above it that introduces a scope (see `nearestAncestor`). */
const scopeOf = new WeakMap<ts.Node, ts.Node | null>();

/** The nearest strict ancestor of `node` that introduces a scope; undefined above the source file. */
function enclosingScope(node: ts.Node): ts.Node | undefined {
  return nearestAncestor(node.parent, introducesScope, scopeOf);
}

/** The declaration of `name` at the top level of a source file. */
export function findTopLevelDeclaration(sourceFile: ts.SourceFile, name: string): ts.Node | undefined {
  return tableOf(sourceFile).get(name);
}

function isDeclarationName(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  return (
    (isVariableDeclaration(parent) || isFunctionDeclaration(parent) || isClassDeclaration(parent)) &&
    parent.name === identifier
  );
}

function introducesScope(node: ts.Node): boolean {
  switch (node.kind) {
    case Kind.SourceFile:
    case Kind.Block:
    case Kind.ModuleBlock:
    case Kind.CaseBlock:
    case Kind.ForStatement:
    case Kind.ForOfStatement:
    case Kind.ForInStatement:
    case Kind.CatchClause:
    case Kind.FunctionDeclaration:
    case Kind.FunctionExpression:
    case Kind.ArrowFunction:
    case Kind.MethodDeclaration:
    case Kind.Constructor:
    case Kind.GetAccessor:
    case Kind.SetAccessor:
    case Kind.ClassExpression:
      return true;
    default:
      return false;
  }
}

function tableOf(scope: ScopeNode): Map<string, ts.Node> {
  let table = scopeTables.get(scope);
  if (!table) {
    table = buildTable(scope);
    scopeTables.set(scope, table);
  }
  return table;
}

function buildTable(scope: ScopeNode): Map<string, ts.Node> {
  const table = new Map<string, ts.Node>();
  const addBinding = (root: ts.BindingName, declaration: ts.Node): void => {
    // Iterative: destructuring patterns can nest deeply.
    const pending: [ts.BindingName, ts.Node][] = [[root, declaration]];
    while (pending.length > 0) {
      const [name, node] = pending.pop() as [ts.BindingName, ts.Node];
      if (isIdentifier(name)) {
        table.set(name.text, node);
        continue;
      }
      for (const element of name.elements) {
        if (isBindingElement(element)) pending.push([element.name, element]);
      }
    }
  };
  const addVariables = (list: ts.VariableDeclarationList): void => {
    for (const declaration of list.declarations) addBinding(declaration.name, declaration);
  };
  const addStatements = (statements: readonly ts.Statement[]): void => {
    for (const statement of statements) {
      if (isVariableStatement(statement)) addVariables(statement.declarationList);
      else if ((isFunctionDeclaration(statement) || isClassDeclaration(statement)) && statement.name) {
        table.set(statement.name.text, statement);
      } else if (isEnumDeclaration(statement)) table.set(statement.name.text, statement);
      else if (isImportDeclaration(statement)) addImport(statement, table);
      else if (isImportEqualsDeclaration(statement)) table.set(statement.name.text, statement);
    }
  };

  if (isSourceFile(scope) || isBlock(scope) || isModuleBlock(scope)) {
    addStatements(scope.statements);
    if (isSourceFile(scope)) addHoistedVars(scope.statements, table);
  } else if (isCaseBlock(scope)) for (const clause of scope.clauses) addStatements(clause.statements);
  else if (isForStatement(scope) || isForOfStatement(scope) || isForInStatement(scope)) {
    const initializer = isForStatement(scope) ? scope.initializer : scope.initializer;
    if (initializer && isVariableDeclarationList(initializer)) addVariables(initializer);
  } else if (isCatchClause(scope)) {
    if (scope.variableDeclaration) addBinding(scope.variableDeclaration.name, scope.variableDeclaration);
  } else if (isClassExpression(scope)) {
    if (scope.name) table.set(scope.name.text, scope);
  } else if (isFunctionLike(scope)) {
    const fn = scope as ts.SignatureDeclaration;
    for (const parameter of fn.parameters) addBinding(parameter.name, parameter);
    if (isFunctionExpression(scope) && scope.name) table.set(scope.name.text, scope);
    const body = (scope as ts.FunctionLikeDeclaration).body;
    if (body && isBlock(body)) addHoistedVars(body.statements, table);
  }
  return table;
}

/**
 * Calls `visit` for each statement of `statements` and every statement nested in them, in source
 * order, without entering expressions: so never a nested function or class, whose statements are
 * their own. Declarations and `return`s can only be statements, so this finds them all while
 * skipping most of a body's nodes. Walked with an explicit stack: blocks can nest deeply.
 */
export function forEachStatement(statements: readonly ts.Statement[], visit: (statement: ts.Statement) => void): void {
  const stack: ts.Statement[] = [];
  const pushAll = (list: readonly ts.Statement[]): void => {
    for (let i = list.length - 1; i >= 0; i--) stack.push(list[i] as ts.Statement);
  };
  const push = (statement: ts.Statement | undefined): void => {
    if (statement) stack.push(statement);
  };
  pushAll(statements);
  while (stack.length > 0) {
    const statement = stack.pop() as ts.Statement;
    visit(statement);
    switch (statement.kind) {
      case Kind.Block:
        pushAll((statement as ts.Block).statements);
        break;
      case Kind.IfStatement: {
        const { thenStatement, elseStatement } = statement as ts.IfStatement;
        push(elseStatement);
        push(thenStatement);
        break;
      }
      case Kind.ForStatement:
      case Kind.ForInStatement:
      case Kind.ForOfStatement:
      case Kind.DoStatement:
      case Kind.WhileStatement:
      case Kind.LabeledStatement:
      case Kind.WithStatement:
        push((statement as ts.IterationStatement | ts.LabeledStatement | ts.WithStatement).statement);
        break;
      case Kind.TryStatement: {
        const { tryBlock, catchClause, finallyBlock } = statement as ts.TryStatement;
        push(finallyBlock);
        push(catchClause?.block);
        push(tryBlock);
        break;
      }
      case Kind.SwitchStatement: {
        const { clauses } = (statement as ts.SwitchStatement).caseBlock;
        for (let i = clauses.length - 1; i >= 0; i--) pushAll((clauses[i] as ts.CaseOrDefaultClause).statements);
        break;
      }
      default:
        break;
    }
  }
}

/**
 * `var` declarations in nested statements belong to the enclosing function or file (see
 * `forEachStatement`). The first declaration of a name in source order wins.
 */
function addHoistedVars(statements: readonly ts.Statement[], table: Map<string, ts.Node>): void {
  const bindings: [ts.BindingName, ts.Node][] = [];
  const addList = (list: ts.VariableDeclarationList): void => {
    if ((list.flags & Flags.BlockScoped) !== 0) return;
    for (const declaration of list.declarations) bindings.push([declaration.name, declaration]);
  };
  forEachStatement(statements, (statement) => {
    if (statement.kind === Kind.VariableStatement) addList((statement as ts.VariableStatement).declarationList);
    else if (statement.kind === Kind.ForStatement || statement.kind === Kind.ForInStatement || statement.kind === Kind.ForOfStatement) {
      const { initializer } = statement as ts.ForStatement | ts.ForInStatement | ts.ForOfStatement;
      if (initializer && isVariableDeclarationList(initializer)) addList(initializer);
    }
  });
  bindings.reverse();
  while (bindings.length > 0) {
    const [name, declaration] = bindings.pop() as [ts.BindingName, ts.Node];
    if (isIdentifier(name)) {
      if (!table.has(name.text)) table.set(name.text, declaration);
      continue;
    }
    for (let i = name.elements.length - 1; i >= 0; i--) {
      const element = name.elements[i] as ts.ArrayBindingElement;
      if (isBindingElement(element)) bindings.push([element.name, element]);
    }
  }
}

function addImport(statement: ts.ImportDeclaration, table: Map<string, ts.Node>): void {
  const clause = statement.importClause;
  if (!clause) return;
  if (clause.name) table.set(clause.name.text, clause);
  const bindings = clause.namedBindings;
  if (!bindings) return;
  if (isNamespaceImport(bindings)) table.set(bindings.name.text, bindings);
  else for (const element of bindings.elements) table.set(element.name.text, element);
}
