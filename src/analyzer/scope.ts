import ts from 'typescript';

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
  for (let node: ts.Node | undefined = identifier.parent; node; node = node.parent) {
    if (!introducesScope(node)) continue;
    const declaration = tableOf(node).get(name);
    if (declaration && declaration !== identifier.parent) return declaration;
    if (declaration && isDeclarationName(identifier)) return declaration;
  }
  return undefined;
}

/** The declaration of `name` at the top level of a source file. */
export function findTopLevelDeclaration(sourceFile: ts.SourceFile, name: string): ts.Node | undefined {
  return tableOf(sourceFile).get(name);
}

function isDeclarationName(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  return (
    (ts.isVariableDeclaration(parent) || ts.isFunctionDeclaration(parent) || ts.isClassDeclaration(parent)) &&
    parent.name === identifier
  );
}

function introducesScope(node: ts.Node): boolean {
  switch (node.kind) {
    case ts.SyntaxKind.SourceFile:
    case ts.SyntaxKind.Block:
    case ts.SyntaxKind.ModuleBlock:
    case ts.SyntaxKind.CaseBlock:
    case ts.SyntaxKind.ForStatement:
    case ts.SyntaxKind.ForOfStatement:
    case ts.SyntaxKind.ForInStatement:
    case ts.SyntaxKind.CatchClause:
    case ts.SyntaxKind.FunctionDeclaration:
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.ArrowFunction:
    case ts.SyntaxKind.MethodDeclaration:
    case ts.SyntaxKind.Constructor:
    case ts.SyntaxKind.GetAccessor:
    case ts.SyntaxKind.SetAccessor:
    case ts.SyntaxKind.ClassExpression:
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
  const addBinding = (name: ts.BindingName, declaration: ts.Node): void => {
    if (ts.isIdentifier(name)) {
      table.set(name.text, declaration);
      return;
    }
    for (const element of name.elements) {
      if (ts.isBindingElement(element)) addBinding(element.name, element);
    }
  };
  const addVariables = (list: ts.VariableDeclarationList): void => {
    for (const declaration of list.declarations) addBinding(declaration.name, declaration);
  };
  const addStatements = (statements: readonly ts.Statement[]): void => {
    for (const statement of statements) {
      if (ts.isVariableStatement(statement)) addVariables(statement.declarationList);
      else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) {
        table.set(statement.name.text, statement);
      } else if (ts.isEnumDeclaration(statement)) table.set(statement.name.text, statement);
      else if (ts.isImportDeclaration(statement)) addImport(statement, table);
      else if (ts.isImportEqualsDeclaration(statement)) table.set(statement.name.text, statement);
    }
  };

  if (ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope)) addStatements(scope.statements);
  else if (ts.isCaseBlock(scope)) for (const clause of scope.clauses) addStatements(clause.statements);
  else if (ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) {
    const initializer = ts.isForStatement(scope) ? scope.initializer : scope.initializer;
    if (initializer && ts.isVariableDeclarationList(initializer)) addVariables(initializer);
  } else if (ts.isCatchClause(scope)) {
    if (scope.variableDeclaration) addBinding(scope.variableDeclaration.name, scope.variableDeclaration);
  } else if (ts.isClassExpression(scope)) {
    if (scope.name) table.set(scope.name.text, scope);
  } else if (ts.isFunctionLike(scope)) {
    const fn = scope as ts.SignatureDeclaration;
    for (const parameter of fn.parameters) addBinding(parameter.name, parameter);
    if (ts.isFunctionExpression(scope) && scope.name) table.set(scope.name.text, scope);
  }
  return table;
}

function addImport(statement: ts.ImportDeclaration, table: Map<string, ts.Node>): void {
  const clause = statement.importClause;
  if (!clause) return;
  if (clause.name) table.set(clause.name.text, clause);
  const bindings = clause.namedBindings;
  if (!bindings) return;
  if (ts.isNamespaceImport(bindings)) table.set(bindings.name.text, bindings);
  else for (const element of bindings.elements) table.set(element.name.text, element);
}
