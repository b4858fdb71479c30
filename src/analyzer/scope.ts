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
  for (let scope = enclosingScope(identifier); scope; scope = enclosingScope(scope)) {
    const declaration = tableOf(scope).get(name);
    if (declaration && declaration !== identifier.parent) return declaration;
    if (declaration && isDeclarationName(identifier)) return declaration;
  }
  return undefined;
}

/** The nearest strict ancestor introducing a scope; null above the source file. */
const scopeOf = new WeakMap<ts.Node, ts.Node | null>();

/**
 * The nearest ancestor of `node` that introduces a scope. Answers are cached along the way up,
 * so resolving every identifier of a 10,000-deep expression costs linear, not quadratic, time.
 */
function enclosingScope(node: ts.Node): ts.Node | undefined {
  const chain: ts.Node[] = [];
  let result: ts.Node | null = null;
  for (let current = node; ; ) {
    const cached = scopeOf.get(current);
    if (cached !== undefined) {
      result = cached;
      break;
    }
    chain.push(current);
    const parent = current.parent;
    if (!parent) break;
    if (introducesScope(parent)) {
      result = parent;
      break;
    }
    current = parent;
  }
  for (const visited of chain) scopeOf.set(visited, result);
  return result ?? undefined;
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
  const addBinding = (root: ts.BindingName, declaration: ts.Node): void => {
    // Iterative: destructuring patterns can nest deeply.
    const pending: [ts.BindingName, ts.Node][] = [[root, declaration]];
    while (pending.length > 0) {
      const [name, node] = pending.pop() as [ts.BindingName, ts.Node];
      if (ts.isIdentifier(name)) {
        table.set(name.text, node);
        continue;
      }
      for (const element of name.elements) {
        if (ts.isBindingElement(element)) pending.push([element.name, element]);
      }
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

  if (ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope)) {
    addStatements(scope.statements);
    if (ts.isSourceFile(scope)) addHoistedVars(scope.statements, table);
  } else if (ts.isCaseBlock(scope)) for (const clause of scope.clauses) addStatements(clause.statements);
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
    const body = (scope as ts.FunctionLikeDeclaration).body;
    if (body && ts.isBlock(body)) addHoistedVars(body.statements, table);
  }
  return table;
}

/**
 * `var` declarations in nested blocks belong to the enclosing function or file. Walked with an
 * explicit stack so deeply nested blocks cannot overflow; nested functions and classes are skipped.
 */
function addHoistedVars(statements: readonly ts.Statement[], table: Map<string, ts.Node>): void {
  const stack: ts.Node[] = [];
  for (const statement of statements) {
    // Top-level statements of the scope are already bound; only look inside them.
    ts.forEachChild(statement, (child) => {
      stack.push(child);
    });
  }
  const bindings: [ts.BindingName, ts.Node][] = [];
  while (stack.length > 0) {
    const node = stack.pop() as ts.Node;
    if (ts.isFunctionLike(node) || ts.isClassLike(node) || ts.isTypeNode(node)) continue;
    if (ts.isVariableDeclarationList(node) && (node.flags & ts.NodeFlags.BlockScoped) === 0) {
      for (const declaration of node.declarations) bindings.push([declaration.name, declaration]);
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  while (bindings.length > 0) {
    const [name, declaration] = bindings.pop() as [ts.BindingName, ts.Node];
    if (ts.isIdentifier(name)) {
      if (!table.has(name.text)) table.set(name.text, declaration);
      continue;
    }
    for (const element of name.elements) {
      if (ts.isBindingElement(element)) bindings.push([element.name, element]);
    }
  }
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
