import type ts from 'typescript';
import { nearestAncestor } from './ancestors.js';
import { indexFile } from './file-index.js';
import { findDeclaration } from './scope.js';
import type { Value, ValueOf, ValueResolver } from './values.js';
import { skipOuter } from './values.js';
import { Kind, canHaveDecorators, canHaveModifiers, getDecorators, getModifiers, isArrayLiteralExpression, isArrowFunction, isBlock, isCallExpression, isClassLike, isConstructorDeclaration, isElementAccessExpression, isExportAssignment, isExportDeclaration, isExpressionStatement, isFunctionDeclaration, isFunctionExpression, isFunctionLike, isGetAccessorDeclaration, isIdentifier, isMethodDeclaration, isNamedExports, isNewExpression, isObjectLiteralExpression, isParameter, isPropertyAccessExpression, isPropertyAssignment, isPropertyDeclaration, isRegularExpressionLiteral, isShorthandPropertyAssignment, isStringLiteral, isStringLiteralLike, isTemplateExpression, isTypeReferenceNode, isVariableDeclaration } from './syntax.js';

/** Where a piece of request input comes from. */
export type InputSource = 'body' | 'query' | 'params' | 'headers' | 'action-argument';

/** What a handler parameter stands for in a server framework. */
export type ParameterRole =
  /**
   * The incoming request: Express and pages-router `req`, Fastify `request`, Next.js route
   * handlers' `request`, `getServerSideProps`' `context`. `context` is true for Koa's `ctx`,
   * which is the response too.
   */
  | { readonly kind: 'request'; readonly context: boolean }
  /** Next.js route handlers' second argument, `{ params }`. */
  | { readonly kind: 'route-context' }
  | { readonly kind: 'response' }
  /** A parameter that is input as a whole: a server action's argument, NestJS `@Body()`, `@Query()`, `@Param()`, `@Headers()`. */
  | { readonly kind: 'input'; readonly source: InputSource; readonly key: string | undefined }
  /** The signed-in user: NestJS `@CurrentUser()`, `@User()`, `@Session()`. */
  | { readonly kind: 'user' };

/** One step of a member chain: `.name`, or a call of the method `name`. */
export interface ChainStep {
  readonly name: string;
  readonly call: ValueOf<'call'> | undefined;
}

const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'use', 'options', 'head']);
const REQUEST_TYPES = new Set(['Request', 'NextRequest', 'NextApiRequest', 'FastifyRequest', 'IncomingMessage', 'GetServerSidePropsContext']);
const KOA_TYPES = new Set(['Context', 'ParameterizedContext', 'RouterContext', 'ExtendableContext']);
const RESPONSE_TYPES = new Set(['Response', 'NextApiResponse', 'FastifyReply', 'ServerResponse']);
const RESPONSE_NAMES = new Set(['res', 'response', 'reply', 'resp']);
const NEST_INPUTS: Readonly<Record<string, InputSource>> = { Body: 'body', Query: 'query', Param: 'params', Headers: 'headers' };
const NEST_REQUEST = new Set(['Req', 'Request']);
const NEST_RESPONSE = new Set(['Res', 'Response', 'Reply']);
const NEST_USER = new Set(['CurrentUser', 'User', 'AuthUser', 'GetUser', 'ReqUser', 'Session', 'Principal']);
/** NestJS method decorators that make a controller method a route: its return value is the response. */
export const NEST_ROUTE_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Head', 'Options']);

const roles = new WeakMap<ts.ParameterDeclaration, ParameterRole | null>();
const handlerSets = new WeakMap<ts.SourceFile, ReadonlySet<ts.Node>>();
const exportSets = new WeakMap<ts.SourceFile, ReadonlySet<string>>();

/** The role of a function parameter in a server framework, or undefined for ordinary parameters. */
export function parameterRole(parameter: ts.ParameterDeclaration): ParameterRole | undefined {
  let role = roles.get(parameter);
  if (role === undefined) {
    role = computeRole(parameter) ?? null;
    roles.set(parameter, role);
  }
  return role ?? undefined;
}

function computeRole(parameter: ts.ParameterDeclaration): ParameterRole | undefined {
  const decorated = decoratorRole(parameter);
  if (decorated !== undefined) return decorated ?? undefined;
  const fn = parameter.parent;
  if (!isFunctionWithBody(fn)) return undefined;
  if (isServerAction(fn)) return { kind: 'input', source: 'action-argument', key: undefined };
  const index = fn.parameters.indexOf(parameter);
  return conventionRole(fn, index) ?? namedRole(parameter, fn, index);
}

/** A NestJS parameter decorator's role; null for a decorated parameter that is none of ours (`@Inject()`). */
function decoratorRole(parameter: ts.ParameterDeclaration): ParameterRole | null | undefined {
  const decorators = canHaveDecorators(parameter) ? getDecorators(parameter) : undefined;
  if (!decorators || decorators.length === 0) return undefined;
  for (const decorator of decorators) {
    const expression = decorator.expression;
    if (!isCallExpression(expression)) continue;
    const name = lastName(expression.expression);
    if (name === undefined) continue;
    const source = NEST_INPUTS[name];
    if (source) {
      const first = expression.arguments[0];
      return { kind: 'input', source, key: first && isStringLiteralLike(first) ? first.text : undefined };
    }
    if (NEST_REQUEST.has(name)) return { kind: 'request', context: false };
    if (NEST_RESPONSE.has(name)) return { kind: 'response' };
    if (NEST_USER.has(name)) return { kind: 'user' };
  }
  return null;
}

/** Roles given by where the function sits: Next.js route files, pages-router API routes, route registrations. */
function conventionRole(fn: FunctionWithBody, index: number): ParameterRole | undefined {
  const sourceFile = fn.getSourceFile();
  const name = exportedName(fn);
  if (name !== undefined && HTTP_METHODS.has(name) && (isAppRouteFile(sourceFile.fileName) || firstParameterIsRequest(fn))) {
    if (index === 0) return { kind: 'request', context: false };
    if (index === 1) return { kind: 'route-context' };
    return undefined;
  }
  if (name === 'default' && isPagesApiFile(sourceFile.fileName)) {
    if (index === 0) return { kind: 'request', context: false };
    return index === 1 ? { kind: 'response' } : undefined;
  }
  if (name === 'getServerSideProps' && index === 0) return { kind: 'request', context: false };
  if (registeredHandlers(sourceFile).has(fn)) {
    // Error middleware takes the error first: (err, req, res, next).
    const shift = fn.parameters.length === 4 ? 1 : 0;
    const parameter = fn.parameters[index];
    const koa = parameter !== undefined && isIdentifier(parameter.name) && (parameter.name.text === 'ctx' || parameter.name.text === 'context');
    if (index === shift) return { kind: 'request', context: koa };
    if (index === shift + 1 && !isNamed(parameter, 'next')) return { kind: 'response' };
  }
  return undefined;
}

/** Roles given by the conventional names and types: `req`, `request`, `ctx`, `res`, `reply`, `NextApiRequest`... */
function namedRole(parameter: ts.ParameterDeclaration, fn: FunctionWithBody, index: number): ParameterRole | undefined {
  const type = typeName(parameter.type);
  if (type !== undefined && KOA_TYPES.has(type)) return { kind: 'request', context: true };
  if (type !== undefined && REQUEST_TYPES.has(type)) return { kind: 'request', context: false };
  if (type !== undefined && RESPONSE_TYPES.has(type)) return { kind: 'response' };
  const name = isIdentifier(parameter.name) ? parameter.name.text : undefined;
  if (name === 'req') return { kind: 'request', context: false };
  // `request: OrderRequest` is an outgoing request of the app's own: a declared type other than a
  // known request type wins over the name.
  if (index === 0 && parameter.type === undefined && (name === 'request' || name === 'ctx' || name === 'context')) {
    return { kind: 'request', context: name !== 'request' };
  }
  if (name !== undefined && RESPONSE_NAMES.has(name) && fn.parameters.some((p) => p !== parameter && looksLikeRequest(p))) return { kind: 'response' };
  return undefined;
}

function looksLikeRequest(parameter: ts.ParameterDeclaration): boolean {
  const type = typeName(parameter.type);
  if (type !== undefined && (REQUEST_TYPES.has(type) || KOA_TYPES.has(type))) return true;
  return isNamed(parameter, 'req') || isNamed(parameter, 'request');
}

type FunctionWithBody = ts.FunctionLikeDeclaration & { readonly body: ts.ConciseBody };

function isFunctionWithBody(node: ts.Node): node is FunctionWithBody {
  return (
    (isFunctionDeclaration(node) || isFunctionExpression(node) || isArrowFunction(node) || isMethodDeclaration(node)) &&
    node.body !== undefined
  );
}

function isNamed(parameter: ts.ParameterDeclaration | undefined, name: string): boolean {
  return parameter !== undefined && isIdentifier(parameter.name) && parameter.name.text === name;
}

/** The last identifier of a type reference: `Request` for `express.Request<P, R, B>`. */
function typeName(type: ts.TypeNode | undefined): string | undefined {
  if (!type || !isTypeReferenceNode(type)) return undefined;
  const name = type.typeName;
  return isIdentifier(name) ? name.text : name.right.text;
}

/** The last identifier of a callee or decorator: `Body` for `common.Body`, `assertOwns` for `this.policy.assertOwns`. */
export function lastName(expression: ts.Expression): string | undefined {
  const inner = skipOuter(expression);
  if (isIdentifier(inner)) return inner.text;
  if (isPropertyAccessExpression(inner)) return inner.name.text;
  if (isElementAccessExpression(inner) && isStringLiteralLike(inner.argumentExpression)) return inner.argumentExpression.text;
  return undefined;
}

function firstParameterIsRequest(fn: FunctionWithBody): boolean {
  const first = fn.parameters[0];
  const type = first && typeName(first.type);
  return type !== undefined && REQUEST_TYPES.has(type);
}

function pathSegments(fileName: string): string[] {
  return fileName.split(/[\\/]/);
}

/** `app/**\/route.ts`: a Next.js app-router route handler module. */
export function isAppRouteFile(fileName: string): boolean {
  const segments = pathSegments(fileName);
  const base = segments[segments.length - 1] ?? '';
  return /^route\.[cm]?[jt]sx?$/.test(base) && segments.includes('app');
}

/** `pages/api/**`: a Next.js pages-router API route. */
export function isPagesApiFile(fileName: string): boolean {
  const segments = pathSegments(fileName);
  return segments.some((segment, i) => segment === 'pages' && segments[i + 1] === 'api');
}

/** True when the statements open with the directive `text` (`'use server'`). */
export function hasDirective(statements: readonly ts.Statement[], text: string): boolean {
  for (const statement of statements) {
    if (!isExpressionStatement(statement) || !isStringLiteral(statement.expression)) return false;
    if (statement.expression.text === text) return true;
  }
  return false;
}

/** A Next.js server action: a function with a `'use server'` directive, or an export of a `'use server'` module. */
export function isServerAction(fn: ts.FunctionLikeDeclaration): boolean {
  if (fn.body && isBlock(fn.body) && hasDirective(fn.body.statements, 'use server')) return true;
  if (!hasDirective(fn.getSourceFile().statements, 'use server')) return false;
  return exportedName(fn) !== undefined;
}

/**
 * The name a top-level function is exported under (`default` for the default export), or
 * undefined when it is not exported.
 */
export function exportedName(fn: ts.FunctionLikeDeclaration): string | undefined {
  const sourceFile = fn.getSourceFile();
  let statement: ts.Node | undefined;
  let local: string | undefined;
  if (isFunctionDeclaration(fn)) {
    statement = fn;
    local = fn.name?.text;
  } else if ((isArrowFunction(fn) || isFunctionExpression(fn)) && isVariableDeclaration(fn.parent) && isIdentifier(fn.parent.name)) {
    local = fn.parent.name.text;
    statement = fn.parent.parent.parent;
  } else if ((isArrowFunction(fn) || isFunctionExpression(fn)) && isExportAssignment(fn.parent)) {
    return fn.parent.parent === sourceFile ? 'default' : undefined;
  }
  if (!statement || statement.parent !== sourceFile) return undefined;
  const modifiers = canHaveModifiers(statement) ? getModifiers(statement) : undefined;
  if (modifiers?.some((m) => m.kind === Kind.ExportKeyword)) {
    return modifiers.some((m) => m.kind === Kind.DefaultKeyword) ? 'default' : local;
  }
  if (local === undefined) return undefined;
  const exported = exportsOf(sourceFile);
  if (exported.has(`default=${local}`)) return 'default';
  return exported.has(local) ? local : undefined;
}

/** Local names exported by `export { a, b as c }` (as `a`) and `export default a` (as `default=a`). */
function exportsOf(sourceFile: ts.SourceFile): ReadonlySet<string> {
  let names = exportSets.get(sourceFile);
  if (names) return names;
  const found = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) {
        const localName = (element.propertyName ?? element.name).text;
        found.add(element.name.text === 'default' ? `default=${localName}` : localName);
      }
    } else if (isExportAssignment(statement) && !statement.isExportEquals && isIdentifier(statement.expression)) {
      found.add(`default=${statement.expression.text}`);
    }
  }
  names = found;
  exportSets.set(sourceFile, names);
  return names;
}

/**
 * Functions registered as route handlers in a file: arguments of `app.post('/path', ...)`,
 * `router.route('/path').get(...)`, `app.use(...)`, and Fastify's `route({ handler })`.
 */
export function registeredHandlers(sourceFile: ts.SourceFile): ReadonlySet<ts.Node> {
  let handlers = handlerSets.get(sourceFile);
  if (handlers) return handlers;
  const found = new Set<ts.Node>();
  for (const call of routeRegistrations(sourceFile)) {
    for (const arg of call.arguments) {
      const inner = skipOuter(arg);
      if (isObjectLiteralExpression(inner)) {
        for (const property of inner.properties) {
          const name = property.name && isIdentifier(property.name) ? property.name.text : undefined;
          if (name === 'handler' || name === 'preHandler') addFunction(property, found);
        }
      } else {
        addFunction(inner, found);
      }
    }
  }
  handlers = found;
  handlerSets.set(sourceFile, handlers);
  return handlers;
}

const registrationCache = new WeakMap<ts.SourceFile, readonly ts.CallExpression[]>();

/** The route registration calls of a file (`app.post('/orders', ...)`, `fastify.route({...})`). */
export function routeRegistrations(sourceFile: ts.SourceFile): readonly ts.CallExpression[] {
  let calls = registrationCache.get(sourceFile);
  if (calls) return calls;
  calls = indexFile(sourceFile).calls.filter(isRouteRegistration);
  registrationCache.set(sourceFile, calls);
  return calls;
}

function isRouteRegistration(call: ts.CallExpression): boolean {
  const callee = skipOuter(call.expression);
  if (!isPropertyAccessExpression(callee)) return false;
  const method = callee.name.text;
  if (method === 'route') {
    const first = call.arguments[0];
    return first !== undefined && isObjectLiteralExpression(skipOuter(first));
  }
  if (!ROUTE_METHODS.has(method) || call.arguments.length < 2 && method !== 'use') return false;
  if (method === 'use') return call.arguments.some((arg) => isFunctionExpressionLike(skipOuter(arg)) || isIdentifier(skipOuter(arg)));
  const first = skipOuter(call.arguments[0] as ts.Expression);
  const owner = skipOuter(callee.expression);
  return (
    isStringLiteralLike(first) ||
    isTemplateExpression(first) ||
    isRegularExpressionLiteral(first) ||
    isArrayLiteralExpression(first) ||
    (isCallExpression(owner) && lastName(owner.expression) === 'route')
  );
}

function isFunctionExpressionLike(node: ts.Node): node is ts.ArrowFunction | ts.FunctionExpression {
  return isArrowFunction(node) || isFunctionExpression(node);
}

function addFunction(node: ts.Node, found: Set<ts.Node>): void {
  const expression = isPropertyAssignment(node) ? skipOuter(node.initializer) : isMethodDeclaration(node) ? node : node;
  if (isMethodDeclaration(expression) || isFunctionExpressionLike(expression)) {
    found.add(expression);
    return;
  }
  const identifier = isShorthandPropertyAssignment(expression) ? expression.name : expression;
  if (!isIdentifier(identifier)) return;
  const declaration = findDeclaration(identifier);
  if (declaration && isFunctionDeclaration(declaration)) found.add(declaration);
  else if (declaration && isVariableDeclaration(declaration) && declaration.initializer) {
    const initializer = skipOuter(declaration.initializer);
    if (isFunctionExpressionLike(initializer)) found.add(initializer);
  }
}

/**
 * Splits a member chain into its base and steps: `req.body.get('x')` is the base `req` with
 * the steps `.body` and `.get()`.
 */
export function chainOf(value: Value): { base: Value; steps: ChainStep[] } {
  const steps: ChainStep[] = [];
  let current = value;
  for (let i = 0; i < 32; i++) {
    if (current.kind === 'member') {
      steps.push({ name: current.name, call: undefined });
      current = current.object;
    } else if (current.kind === 'call' && current.callee.kind === 'member') {
      steps.push({ name: current.callee.name, call: current });
      current = current.callee.object;
    } else {
      break;
    }
  }
  return { base: current, steps: steps.reverse() };
}

/** The parameter a value is, when it is an unbound parameter (`unknown` at a parameter declaration). */
export function parameterOf(value: Value): ts.ParameterDeclaration | undefined {
  return value.kind === 'unknown' && value.node && isParameter(value.node) ? value.node : undefined;
}

/** The method name of a call value or call expression (`json` for `res.json(x)`, `auth` for `auth()`). */
export function callName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  return lastName(call.expression);
}

/**
 * The functions a call runs, when they can be found: plain functions (the resolver follows
 * imports), methods of `new Class()` instances, and NestJS-style injected services
 * (`this.orders.place(...)` where `orders` is a constructor parameter typed by a class).
 */
export function calledFunctions(call: ts.CallExpression, resolver: ValueResolver): ts.FunctionLikeDeclaration[] {
  return functionsOf(resolver.value(call.expression), call, resolver, 0);
}

function functionsOf(value: Value, call: ts.CallExpression, resolver: ValueResolver, depth: number): ts.FunctionLikeDeclaration[] {
  if (depth > 4) return [];
  switch (value.kind) {
    case 'function':
      return [value.node];
    case 'alternatives':
      return value.options.flatMap((option) => functionsOf(option, call, resolver, depth + 1));
    case 'member': {
      const cls = classOf(value.object, resolver);
      const method = cls && classMethod(cls, value.name);
      return method ? [method] : [];
    }
    default: {
      // `this.service.method(...)` where the resolver stops at an injected `this.service`.
      const callee = skipOuter(call.expression);
      if (value.kind === 'unknown' && isPropertyAccessExpression(callee)) {
        const cls = injectedClass(callee.expression, resolver);
        const method = cls && classMethod(cls, callee.name.text);
        return method ? [method] : [];
      }
      return [];
    }
  }
}

/** The class an instance value is made from: `new Client()` or an injected `this.client`. */
function classOf(value: Value, resolver: ValueResolver): ts.ClassLikeDeclaration | undefined {
  if (value.kind === 'call' && isNewExpression(value.node) && value.callee.kind === 'class') return value.callee.node;
  if ((value.kind === 'unknown' || value.kind === 'member') && value.node && isPropertyAccessExpression(value.node)) {
    return injectedClass(value.node, resolver);
  }
  return undefined;
}

/** The class of `this.name`, typed by a constructor parameter property or a field declaration. */
function injectedClass(expression: ts.Expression, resolver: ValueResolver): ts.ClassLikeDeclaration | undefined {
  const access = skipOuter(expression);
  if (!isPropertyAccessExpression(access) || access.expression.kind !== Kind.ThisKeyword) return undefined;
  const name = access.name.text;
  let cls: ts.Node | undefined = access.parent;
  while (cls && !isClassLike(cls)) cls = cls.parent;
  if (!cls || !isClassLike(cls)) return undefined;
  let type: ts.TypeNode | undefined;
  for (const member of cls.members) {
    if (isPropertyDeclaration(member) && member.name.getText() === name) type = member.type;
    if (isConstructorDeclaration(member)) {
      const parameter = member.parameters.find((p) => isNamed(p, name));
      if (parameter) type = parameter.type;
    }
  }
  if (!type || !isTypeReferenceNode(type)) return undefined;
  const typeIdentifier = isIdentifier(type.typeName) ? type.typeName : undefined;
  if (!typeIdentifier) return undefined;
  const resolved = resolver.value(typeIdentifier);
  return resolved.kind === 'class' ? resolved.node : undefined;
}

function classMethod(cls: ts.ClassLikeDeclaration, name: string): ts.FunctionLikeDeclaration | undefined {
  for (const member of cls.members) {
    if (member.name?.getText() !== name) continue;
    if (isMethodDeclaration(member) && member.body) return member;
    if (isPropertyDeclaration(member) && member.initializer) {
      const initializer = skipOuter(member.initializer);
      if (isFunctionExpressionLike(initializer)) return initializer;
    }
  }
  return undefined;
}

/** The function whose parameter a node is, or the function containing a node. */
export function enclosingFunctionOf(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  if (isParameter(node) && isFunctionLike(node.parent)) return node.parent as ts.FunctionLikeDeclaration;
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionWithBody(current) || isConstructorDeclaration(current) || isGetAccessorDeclaration(current)) return current;
  }
  return undefined;
}

/**
 * True when a node sits inside a function that receives request input (a route handler, a
 * server action, a NestJS route): only there can a value be request input.
 */
export function insideInputScope(node: ts.Node): boolean {
  return nearestAncestor(node.parent, takesInput, inputScopes) !== undefined;
}

/** For each node, the nearest function at or above it that takes an input (see `nearestAncestor`). */
const inputScopes = new WeakMap<ts.Node, ts.Node | null>();

const inputFunctions = new WeakMap<ts.SignatureDeclaration, boolean>();

/** Whether a node is a function taking a request, a route context or another user input as a parameter. */
function takesInput(node: ts.Node): boolean {
  if (!isFunctionLike(node)) return false;
  let answer = inputFunctions.get(node);
  if (answer === undefined) {
    answer = node.parameters.some((p) => {
      const kind = parameterRole(p)?.kind;
      return kind === 'request' || kind === 'route-context' || kind === 'input';
    });
    inputFunctions.set(node, answer);
  }
  return answer;
}

/** The decorators named on a node, by their callee's last name. */
export function decoratorNames(node: ts.Node): { name: string; call: ts.CallExpression | undefined }[] {
  const decorators = canHaveDecorators(node) ? (getDecorators(node) ?? []) : [];
  return decorators.flatMap((decorator) => {
    const expression = decorator.expression;
    const call = isCallExpression(expression) ? expression : undefined;
    const name = lastName(call ? call.expression : expression);
    return name === undefined ? [] : [{ name, call }];
  });
}
