import picomatch from 'picomatch';
import type ts from 'typescript';
import type { ChainStep, InputSource } from './frameworks.js';
import {
  callName,
  chainOf,
  decoratorNames,
  enclosingFunctionOf,
  lastName,
  parameterOf,
  parameterRole,
  registeredHandlers,
  routeRegistrations,
} from './frameworks.js';
import { findDeclaration } from './scope.js';
import type { TangoSettings } from './settings.js';
import type { Value, ValueOf, ValueResolver } from './values.js';
import { skipOuter } from './values.js';
import { Kind, forEachChild, isAwaitExpression, isBinaryExpression, isBindingElement, isCallExpression, isClassLike, isElementAccessExpression, isIdentifier, isMethodDeclaration, isNewExpression, isParameter, isParenthesizedExpression, isPropertyAccessExpression, isPropertyAssignment, isStringLiteralLike, isTypeNode, isVariableDeclaration } from './syntax.js';

/** A value read from the incoming request: what the client chose. */
export interface RequestInput {
  readonly source: InputSource;
  /** The parameter (or `new URL(...)` / `headers()` call) the input is read from. */
  readonly root: ts.Node;
  /** The member path below the source: `['accountIdentifier']` for `req.body.accountIdentifier`. */
  readonly path: readonly string[];
}

/** What the authorization check needs besides the value: the resolver, settings, and the calls that are HTTP requests. */
export interface InputContext {
  readonly resolver: ValueResolver;
  readonly settings: TangoSettings;
  readonly requestCalls: ReadonlySet<ts.Node>;
}

/** Calls that hand their argument's value back (`Number(req.query.id)`, `JSON.parse(body)`). */
const PASSTHROUGH_GLOBALS = new Set([
  'Number', 'parseInt', 'parseFloat', 'String', 'BigInt', 'JSON.parse', 'decodeURIComponent', 'decodeURI',
  'Object.fromEntries', 'structuredClone',
]);
/** Schema validation checks the shape of input, not who may use it: the result is still input. */
const VALIDATORS = new Set([
  'parse', 'parseAsync', 'safeParse', 'safeParseAsync', 'validate', 'validateSync', 'validateAsync', 'cast', 'plainToInstance', 'plainToClass',
]);
const REQUEST_SOURCES: Readonly<Record<string, InputSource>> = { body: 'body', payload: 'body', query: 'query', params: 'params', headers: 'headers' };
const BODY_READERS = new Set(['json', 'formData', 'text']);
const HEADER_GETTERS = new Set(['get', 'header']);
const KEY_GETTERS = new Set(['get', 'getAll', 'header']);

const USER_PROPERTIES = new Set(['user', 'session', 'auth', 'currentUser', 'userId']);
const USER_FUNCTIONS = new Set([
  'auth', 'getServerSession', 'getSession', 'currentUser', 'getCurrentUser', 'getUser', 'getAuth', 'requireUser', 'requireAuth',
  'getAuthSession', 'getServerAuthSession', 'getUserSession', 'getSessionUser', 'getIronSession', 'validateRequest',
]);
const USER_NAMES = new Set(['session', 'currentUser', 'authUser', 'viewer']);
/** Calls that mention values without checking them. */
const NON_CHECKS = new Set(['log', 'info', 'warn', 'error', 'debug', 'trace', 'json', 'send', 'status', 'end', 'write', 'push', 'set']);

/** Function names that say they authorize; `settings.tango.authorizers` adds more. */
const DEFAULT_AUTHORIZERS: readonly RegExp[] = [
  /^assertOwn/,
  /^ensureOwn/,
  /^authori[sz]e/,
  /^can[A-Z]/,
  /^(?:verify|assert|ensure|check|has|require)\w*Access$/,
  /(?:Owner|Ownership|Access|Authori[sz]ation|Policies|Policy|Permissions?)Guard$/,
];
const MENTION_BUDGET = 400;

/**
 * The request input a value comes straight from, followed through destructuring, variables,
 * helper returns, conversions and schema validation; undefined when it is not request input.
 */
export function requestInput(value: Value, resolver: ValueResolver, depth = 0): RequestInput | undefined {
  if (depth > 6) return undefined;
  switch (value.kind) {
    case 'alternatives':
      return firstInput(value.options, resolver, depth);
    case 'concat':
      return firstInput(value.parts, resolver, depth);
    case 'unknown': {
      const parameter = parameterOf(value);
      if (parameter) return fromParameter(parameter, []);
      const node = value.node;
      // `Number(req.query.id)` folds to an unknown number; its argument is still the input.
      if (node && isCallExpression(node) && PASSTHROUGH_GLOBALS.has(dottedName(node.expression) ?? '') && node.arguments[0]) {
        return requestInput(resolver.value(node.arguments[0]), resolver, depth + 1);
      }
      return undefined;
    }
    case 'member':
    case 'call':
      return fromChain(value, resolver, depth);
    default:
      return undefined;
  }
}

/** `Number` or `JSON.parse`: a global's name as written, without reading long source text. */
function dottedName(expression: ts.Expression): string | undefined {
  if (isIdentifier(expression)) return expression.text;
  if (isPropertyAccessExpression(expression) && isIdentifier(expression.expression)) return `${expression.expression.text}.${expression.name.text}`;
  return undefined;
}

function firstInput(values: readonly Value[], resolver: ValueResolver, depth: number): RequestInput | undefined {
  for (const value of values) {
    const input = requestInput(value, resolver, depth + 1);
    if (input) return input;
  }
  return undefined;
}

function fromChain(value: Value, resolver: ValueResolver, depth: number): RequestInput | undefined {
  const { base, steps } = chainOf(value);
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i] as ChainStep;
    if (!step.call || !VALIDATORS.has(step.name)) continue;
    const inner = argumentInput(step.call, resolver, depth);
    if (!inner) return undefined;
    let rest = steps.slice(i + 1);
    if (step.name.startsWith('safe') && rest[0]?.name === 'data') rest = rest.slice(1);
    return extend(inner, rest);
  }
  const parameter = parameterOf(base);
  if (parameter) return fromParameter(parameter, steps);
  if (base.kind === 'call') return fromCall(base, steps, resolver, depth);
  return undefined;
}

function fromCall(call: ValueOf<'call'>, steps: readonly ChainStep[], resolver: ValueResolver, depth: number): RequestInput | undefined {
  const callee = call.callee;
  const first = call.args[0];
  // new URL(request.url).searchParams
  if (callee.kind === 'global' && callee.name === 'URL' && first && steps[0]?.name === 'searchParams') {
    const inner = chainOf(resolver.value(first, call.env));
    const parameter = parameterOf(inner.base);
    const role = parameter && parameterRole(parameter);
    if (role?.kind === 'request' && inner.steps.length === 1 && inner.steps[0]?.name === 'url') {
      return { source: 'query', root: parameter as ts.ParameterDeclaration, path: keyPath(steps.slice(1)) };
    }
    return undefined;
  }
  // next/headers: (await headers()).get('authorization')
  if (callee.kind === 'import' && callee.module === 'next' && callee.path[callee.path.length - 1] === 'headers') {
    return { source: 'headers', root: call.node, path: keyPath(steps, true) };
  }
  const name = callee.kind === 'global' ? callee.name : callee.kind === 'import' ? callee.path[callee.path.length - 1] : undefined;
  const method = name?.slice(name.lastIndexOf('.') + 1);
  if (name !== undefined && (PASSTHROUGH_GLOBALS.has(name) || (method !== undefined && VALIDATORS.has(method)))) {
    const inner = argumentInput(call, resolver, depth);
    return inner && extend(inner, steps);
  }
  return undefined;
}

function argumentInput(call: ValueOf<'call'>, resolver: ValueResolver, depth: number): RequestInput | undefined {
  for (const arg of call.args) {
    const input = requestInput(resolver.value(arg, call.env), resolver, depth + 1);
    if (input) return input;
  }
  return undefined;
}

function fromParameter(parameter: ts.ParameterDeclaration, steps: readonly ChainStep[]): RequestInput | undefined {
  const role = parameterRole(parameter);
  if (!role) return undefined;
  switch (role.kind) {
    case 'input':
      return { source: role.source, root: parameter, path: [...(role.key === undefined ? [] : [role.key]), ...keyPath(steps, role.source === 'headers')] };
    case 'route-context':
      return steps[0]?.name === 'params' && !steps[0].call ? { source: 'params', root: parameter, path: keyPath(steps.slice(1)) } : undefined;
    case 'request':
      return fromRequest(parameter, steps);
    default:
      return undefined;
  }
}

/** `req.body`, `ctx.request.body`, `request.json()`, `request.nextUrl.searchParams`, `req.get('x')`. */
function fromRequest(parameter: ts.ParameterDeclaration, steps: readonly ChainStep[]): RequestInput | undefined {
  const rest = steps[0]?.name === 'request' && !steps[0].call ? steps.slice(1) : steps;
  const head = rest[0];
  if (!head) return undefined;
  if (!head.call) {
    const source = REQUEST_SOURCES[head.name];
    if (source) return { source, root: parameter, path: keyPath(rest.slice(1), source === 'headers') };
    if (head.name === 'nextUrl' && rest[1]?.name === 'searchParams') return { source: 'query', root: parameter, path: keyPath(rest.slice(2)) };
    return undefined;
  }
  if (BODY_READERS.has(head.name)) return { source: 'body', root: parameter, path: keyPath(rest.slice(1)) };
  if (HEADER_GETTERS.has(head.name)) return { source: 'headers', root: parameter, path: keyPath(rest, true) };
  return undefined;
}

function extend(input: RequestInput, steps: readonly ChainStep[]): RequestInput {
  return steps.length === 0 ? input : { ...input, path: [...input.path, ...keyPath(steps, input.source === 'headers')] };
}

/** Member names, and the literal keys of `.get('name')`; other method calls (`.trim()`) add nothing. */
function keyPath(steps: readonly ChainStep[], lowerCase = false): string[] {
  const path: string[] = [];
  for (const step of steps) {
    let key: string | undefined;
    if (!step.call) key = step.name;
    else if (KEY_GETTERS.has(step.name)) {
      const arg = step.call.args[0];
      key = arg && isStringLiteralLike(arg) ? arg.text : undefined;
    }
    if (key !== undefined) path.push(lowerCase ? key.toLowerCase() : key);
  }
  return path;
}

/** How a source is named in messages. */
export function describeSource(source: InputSource): string {
  switch (source) {
    case 'body':
      return 'the request body';
    case 'query':
      return 'the query string';
    case 'params':
      return 'the route parameters';
    case 'headers':
      return 'a request header';
    case 'action-argument':
      return "a server action's arguments";
  }
}

/**
 * True when a value identifies the signed-in user: `req.user`, `ctx.state.user`, a `session`,
 * `auth()`, `getServerSession()`, `currentUser()`, NestJS `@CurrentUser()`, or a lookup keyed by one.
 */
export function isUserValue(value: Value, resolver: ValueResolver, depth = 0): boolean {
  if (depth > 3) return false;
  if (value.kind === 'alternatives') return value.options.some((option) => isUserValue(option, resolver, depth + 1));
  const { base, steps } = chainOf(value);
  const parameter = parameterOf(base);
  if (parameter) {
    const role = parameterRole(parameter);
    if (role?.kind === 'user') return true;
    if (role?.kind === 'request') {
      const rest = steps[0]?.name === 'request' || steps[0]?.name === 'state' ? steps.slice(1) : steps;
      return rest[0] !== undefined && !rest[0].call && USER_PROPERTIES.has(rest[0].name);
    }
    if (role?.kind === 'response') return steps[0]?.name === 'locals' && USER_PROPERTIES.has(steps[1]?.name ?? '');
    return isIdentifier(parameter.name) && USER_NAMES.has(parameter.name.text);
  }
  // `auth()` from `export const { auth } = NextAuth(config)`, `clerk.currentUser()`.
  const userCall = steps.find((step) => step.call && USER_FUNCTIONS.has(step.name))?.call;
  if (userCall) return !userCall.args.some((arg) => requestInput(resolver.value(arg, userCall.env), resolver) !== undefined);
  if (base.kind === 'call') {
    const name = callName(base.node);
    const keyedByInput = base.args.some((arg) => requestInput(resolver.value(arg, base.env), resolver) !== undefined);
    if (name !== undefined && USER_FUNCTIONS.has(name)) return !keyedByInput;
    // A lookup keyed by the user (`db.user.findUnique({ where: { id: session.user.id } })`), one level deep.
    return depth === 0 && !keyedByInput && base.args.some((arg) => mentions(arg, resolver, (v) => isUserValue(v, resolver, depth + 1)));
  }
  return base.kind === 'unknown' && base.node !== undefined && isIdentifier(base.node) && USER_NAMES.has(base.node.text);
}

/**
 * The syntactic form of a user reference, for when the resolver follows a local `auth()` into
 * what it returns: `session.user.id` where `const session = await auth()`, `(await auth()).user`.
 */
function isUserExpression(expression: ts.Expression): boolean {
  let root: ts.Expression = skipOuter(expression);
  while (isPropertyAccessExpression(root) || isElementAccessExpression(root) || isAwaitExpression(root) || isParenthesizedExpression(root)) {
    root = root.expression;
  }
  if (isCallExpression(root)) return USER_FUNCTIONS.has(callName(root) ?? '');
  if (!isIdentifier(root)) return false;
  if (USER_NAMES.has(root.text)) return true;
  let declaration = findDeclaration(root);
  while (declaration && isBindingElement(declaration)) declaration = declaration.parent.parent;
  const initializer = declaration && isVariableDeclaration(declaration) ? declaration.initializer : undefined;
  if (!initializer) return false;
  let inner: ts.Expression = skipOuter(initializer);
  if (isAwaitExpression(inner)) inner = skipOuter(inner.expression);
  return isCallExpression(inner) && USER_FUNCTIONS.has(callName(inner) ?? '');
}

const authorizerMatchers = new WeakMap<TangoSettings, (name: string) => boolean>();

/** True for function names that say they authorize, by default or by `settings.tango.authorizers` (names or globs). */
export function isAuthorizerName(name: string, settings: TangoSettings): boolean {
  if (DEFAULT_AUTHORIZERS.some((pattern) => pattern.test(name))) return true;
  let matcher = authorizerMatchers.get(settings);
  if (!matcher) {
    const patterns = [...settings.authorizers];
    matcher = patterns.length === 0 ? () => false : picomatch(patterns, { dot: true });
    authorizerMatchers.set(settings, matcher);
  }
  return matcher(name);
}

/**
 * True when the input passes an authorization step in its handler before `use`: a call to an
 * authorizer (`assertOwnsAccount(user, id)`), a lookup or comparison that uses both the input
 * (or a record looked up by it) and the signed-in user, or an authorizer guarding the whole
 * route (`router.post(path, authorizeAccount, handler)`, NestJS `@UseGuards(AccountOwnerGuard)`).
 */
export function isAuthorized(input: RequestInput, use: ts.Node | undefined, context: InputContext): boolean {
  const handler = enclosingFunctionOf(input.root);
  const body = handler?.body;
  if (!handler || !body) return false;
  if (routeIsAuthorized(handler, context.settings)) return true;
  const limit = use && use.getSourceFile() === body.getSourceFile() && use.pos >= body.pos && use.end <= body.end ? use.getStart() : body.end;
  return hasGuard(body, limit, input, context);
}

const KEY = 1;
const USER = 2;
const EQUALITY = new Set<ts.SyntaxKind>([
  Kind.EqualsEqualsEqualsToken,
  Kind.ExclamationEqualsEqualsToken,
  Kind.EqualsEqualsToken,
  Kind.ExclamationEqualsToken,
]);

/**
 * One post-order walk of the handler body up to `limit`: each node learns whether it mentions
 * the input (or a record looked up by it) and the signed-in user from its children, so a call or
 * comparison mentioning both is found without walking any subtree twice.
 */
function hasGuard(body: ts.Node, limit: number, input: RequestInput, context: InputContext): boolean {
  const { resolver, settings } = context;
  const lookups = new Map<ts.Node, boolean>();
  const flags = new Map<ts.Node, number>();
  const stack: { node: ts.Node; exit: boolean }[] = [{ node: body, exit: false }];
  while (stack.length > 0) {
    const { node, exit } = stack.pop() as { node: ts.Node; exit: boolean };
    if (!exit) {
      stack.push({ node, exit: true });
      // Children in reverse, so nodes finish in source order: a declaration before its uses.
      const children: ts.Node[] = [];
      forEachChild(node, (child) => {
        if (child.pos < limit && !isTypeNode(child)) children.push(child);
      });
      for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i] as ts.Node, exit: false });
      continue;
    }
    let flag = 0;
    forEachChild(node, (child) => {
      flag |= flags.get(child) ?? 0;
    });
    if (isReference(node)) {
      const value = resolver.value(node as ts.Expression);
      const { base } = chainOf(value);
      // A record looked up by the input or by the user: the lookup call's own flags when the walk
      // has seen it, else a bounded look at its arguments.
      const lookup = base.kind === 'call' && base.node !== node ? base.node : undefined;
      const seen = lookup && flags.get(lookup);
      if (!(flag & KEY)) {
        if (sameInput(requestInput(value, resolver), input, false)) flag |= KEY;
        else if (lookup && (seen !== undefined ? seen & KEY : lookedUpBy(value, input, resolver, lookups))) flag |= KEY;
      }
      if (!(flag & USER)) {
        if (isUserValue(value, resolver, 1) || isUserExpression(node as ts.Expression)) flag |= USER;
        else if (lookup && (seen !== undefined ? seen & USER : isUserValue(value, resolver))) flag |= USER;
      }
    }
    if (isCallExpression(node)) {
      const name = callName(node);
      if (context.requestCalls.has(node) || name === undefined || NON_CHECKS.has(name)) {
        flag = 0;
      } else if (node.end <= limit && (isAuthorizerName(name, settings) || (settings.authorizers.length > 0 && isAuthorizerName(calleeText(node), settings)))) {
        if (node.arguments.some((arg) => mentions(arg, resolver, (v) => coversInput(v, input, resolver)))) return true;
      } else if (node.end <= limit && flag === (KEY | USER)) {
        return true;
      }
    } else if (isBinaryExpression(node) && EQUALITY.has(node.operatorToken.kind) && node.end <= limit && flag === (KEY | USER)) {
      return true;
    }
    flags.set(node, flag);
  }
  return false;
}

function calleeText(call: ts.CallExpression): string {
  return skipOuter(call.expression).getText().replace(/^this\./, '');
}

function sameInput(found: RequestInput | undefined, input: RequestInput, prefix: boolean): boolean {
  if (!found || found.root !== input.root || found.source !== input.source) return false;
  if (prefix ? found.path.length > input.path.length : found.path.length !== input.path.length) return false;
  return found.path.every((key, i) => key === input.path[i]);
}

/** The input itself, a part of the input it sits in, or the whole request it was read from (`authorize(req)`). */
function coversInput(value: Value, input: RequestInput, resolver: ValueResolver): boolean {
  if (sameInput(requestInput(value, resolver), input, true)) return true;
  const { base, steps } = chainOf(value);
  return steps.length === 0 && parameterOf(base) === input.root;
}

/** A record looked up by the input (`await Account.findById(req.body.accountId)`). */
function lookedUpBy(value: Value, input: RequestInput, resolver: ValueResolver, cache: Map<ts.Node, boolean>): boolean {
  const { base } = chainOf(value);
  if (base.kind !== 'call' || !isCallExpression(base.node)) return false;
  let found = cache.get(base.node);
  if (found === undefined) {
    found = base.node.arguments.some((arg) => mentions(arg, resolver, (v) => sameInput(requestInput(v, resolver), input, false)));
    cache.set(base.node, found);
  }
  return found;
}

/** Authorizers attached to the route rather than called in the handler. */
function routeIsAuthorized(handler: ts.FunctionLikeDeclaration, settings: TangoSettings): boolean {
  const owners: ts.Node[] = [handler];
  if (isMethodDeclaration(handler) && isClassLike(handler.parent)) owners.push(handler.parent);
  for (const owner of owners) {
    for (const decorator of decoratorNames(owner)) {
      if (decorator.name !== 'UseGuards' && decorator.name !== 'CheckPolicies') continue;
      if (decorator.name === 'CheckPolicies') return true;
      if (decorator.call?.arguments.some((arg) => argumentNameIs(arg, settings))) return true;
    }
  }
  const sourceFile = handler.getSourceFile();
  if (!registeredHandlers(sourceFile).has(handler)) return false;
  for (const registration of routeRegistrations(sourceFile)) {
    const index = registration.arguments.findIndex((arg) => refersToFunction(arg, handler));
    if (index > 0 && registration.arguments.slice(0, index).some((arg) => argumentNameIs(arg, settings))) return true;
  }
  return false;
}

function argumentNameIs(arg: ts.Expression, settings: TangoSettings): boolean {
  const inner = skipOuter(arg);
  const target = isCallExpression(inner) || isNewExpression(inner) ? inner.expression : inner;
  const name = lastName(target);
  return name !== undefined && isAuthorizerName(name, settings);
}

function refersToFunction(arg: ts.Expression, fn: ts.Node): boolean {
  const inner = skipOuter(arg);
  if (inner === fn) return true;
  if (!isIdentifier(inner)) return false;
  const declaration = findDeclaration(inner);
  if (declaration === fn) return true;
  const initializer = declaration && isVariableDeclaration(declaration) ? declaration.initializer : undefined;
  return initializer !== undefined && skipOuter(initializer) === fn;
}

/**
 * True when some expression inside `node` (an identifier, member access or call) has a value
 * that passes `test`. Bounded, iterative.
 */
export function mentions(node: ts.Node, resolver: ValueResolver, test: (value: Value, node: ts.Expression) => boolean): boolean {
  const stack: ts.Node[] = [node];
  let budget = MENTION_BUDGET;
  while (stack.length > 0 && budget-- > 0) {
    const current = stack.pop() as ts.Node;
    if (isReference(current) && test(resolver.value(current as ts.Expression), current as ts.Expression)) return true;
    forEachChild(current, (child) => {
      if (!isTypeNode(child)) stack.push(child);
    });
  }
  return false;
}

function isReference(node: ts.Node): boolean {
  if (isPropertyAccessExpression(node) || isElementAccessExpression(node) || isCallExpression(node)) return true;
  if (!isIdentifier(node)) return false;
  const parent = node.parent;
  if (isPropertyAccessExpression(parent) && parent.name === node) return false;
  if ((isPropertyAssignment(parent) || isBindingElement(parent) || isParameter(parent) || isVariableDeclaration(parent)) && parent.name === node) {
    return false;
  }
  return true;
}
