import type ts from 'typescript';
import type { FileAnalysis } from './analysis.js';
import { browserContext } from './browser.js';
import type { TextEdit } from './edits.js';
import { addArgument, addProperty } from './edits.js';
import { indexFile } from './file-index.js';
import {
  chainOf,
  decoratorNames,
  exportedName,
  hasDirective,
  isServerAction,
  NEST_ROUTE_DECORATORS,
  parameterOf,
  parameterRole,
  registeredHandlers,
} from './frameworks.js';
import { requestInput } from './inputs.js';
import type { HttpRequest } from './requests.js';
import { requestHeader } from './requests.js';
import { stringForms } from './strings.js';
import type { TokenContext } from './tokens.js';
import { carriesTangoToken } from './tokens.js';
import type { Value, ValueResolver } from './values.js';
import { objectsOf, propertyName, skipOuter } from './values.js';
import { mayReachTango } from './text-hints.js';
import { forEachChild, isArrowFunction, isBlock, isCallExpression, isClassDeclaration, isClassLike, isExportAssignment, isExpression, isExpressionStatement, isFunctionDeclaration, isFunctionExpression, isFunctionLike, isIdentifier, isMethodDeclaration, isObjectLiteralExpression, isPropertyAccessExpression, isPropertyAssignment, isReturnStatement, isShorthandPropertyAssignment, isSpreadAssignment, isSpreadElement, isVariableStatement } from './syntax.js';

export type TokenExposureProblem = 'response' | 'cookie' | 'redirect' | 'header' | 'relay';

/** A Tango access token sent to a client, or a client's credential relayed to Tango. */
export interface TokenExposureFinding {
  readonly problem: TokenExposureProblem;
  readonly range: readonly [number, number];
  /** How the token leaves: `res.json`, `NextResponse.json`, `cookies().set`, a returned value. */
  readonly sink: string;
  /** For readable cookies: set `httpOnly: true`. */
  readonly fix?: TextEdit;
}

const SEND_METHODS = new Set(['json', 'send', 'jsonp', 'end', 'write']);
const HEADER_METHODS = new Set(['setHeader', 'set', 'header', 'append']);
const REDIRECT_METHODS = new Set(['redirect', 'location']);
const RESPONSE_METHODS = new Set([...SEND_METHODS, ...HEADER_METHODS, ...REDIRECT_METHODS, 'cookie', 'setCookie', 'writeHead']);
const CHAINABLE = new Set(['status', 'code', 'type', 'set', 'header', 'append', 'cookie', 'vary', 'setHeader', 'contentType']);

type HttpOnly = 'on' | 'off' | 'absent' | 'unknown';

/**
 * Where server code hands a Tango access token to a client: response bodies (Express, Fastify,
 * Koa, Next.js route handlers and pages API routes, server action and NestJS controller return
 * values), cookies without `httpOnly`, other response headers, and redirect URLs; and Tango
 * requests whose `Authorization` header (or all headers) come from the incoming request.
 */
export function tokenExposureFindings(analysis: FileAnalysis): readonly TokenExposureFinding[] {
  return analysis.memo('token-exposure:findings', () => {
    // A Tango token comes from a Tango token request, which needs a Tango mention in reach.
    if (!mayReachTango(analysis)) return [];
    const { resolver, settings, sourceFile } = analysis;
    const context: TokenContext = { resolver, settings };
    const findings: TokenExposureFinding[] = [];
    const index = indexFile(sourceFile);
    for (const call of index.calls) findings.push(...callFindings(call, context));
    for (const expression of index.news) {
      const name = expression.expression.getText();
      if (name !== 'Response' && name !== 'NextResponse') continue;
      const callee = resolver.value(expression.expression);
      const isResponse = (callee.kind === 'global' && callee.name === 'Response') || isNextImport(callee, ['NextResponse']);
      const body = expression.arguments?.[0];
      if (isResponse && body && carriesTangoToken(resolver.value(body), context)) {
        findings.push(finding('response', body, `new ${expression.expression.getText()}`, context));
      }
    }
    for (const assignment of index.memberAssignments) {
      const left = assignment.left;
      // Koa: ctx.body = token
      if (!isPropertyAccessExpression(left) || left.name.text !== 'body' || responseKind(left.expression, resolver) !== 'context') continue;
      if (carriesTangoToken(resolver.value(assignment.right), context)) findings.push(finding('response', assignment.right, 'ctx.body', context));
    }
    for (const fn of respondingFunctions(sourceFile)) {
      for (const returned of returnedExpressions(fn)) {
        if (carriesTangoToken(resolver.value(returned), context)) findings.push(finding('response', returned, 'the returned value', context));
      }
    }
    for (const { request } of analysis.tangoRequests) findings.push(...relayFindings(request, resolver));
    if (findings.length === 0 || browserContext(analysis).browser) return [];
    return findings.sort((a, b) => a.range[0] - b.range[0]);
  });
}

/**
 * The receiver's text up to its first `.` or `(` (`res` for `res.status(200)`), read in place:
 * copying and splitting the whole text of every receiver is quadratic on long call chains.
 */
function firstSegment(receiver: ts.Expression): string {
  const text = receiver.getSourceFile().text;
  const start = receiver.getStart();
  let end = start;
  while (end < receiver.end && text[end] !== '.' && text[end] !== '(') end++;
  return text.slice(start, end);
}

function callFindings(call: ts.CallExpression, context: TokenContext): TokenExposureFinding[] {
  const { resolver } = context;
  const callee = skipOuter(call.expression);
  const args = call.arguments;
  const carries = (arg: ts.Expression | undefined): arg is ts.Expression => arg !== undefined && carriesTangoToken(resolver.value(arg), context);
  if (isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    const receiver = callee.expression;
    const response = RESPONSE_METHODS.has(method) ? responseKind(receiver, resolver) : undefined;
    if (response) {
      const sink = `${firstSegment(receiver)}.${method}`;
      if (SEND_METHODS.has(method)) return carries(args[0]) ? [finding('response', args[0], sink, context)] : [];
      if (method === 'cookie' || method === 'setCookie') return cookieFindings(call, args[1], args[2], false, sink, context);
      if (HEADER_METHODS.has(method)) return headerFindings(args[0], args[1], sink, context);
      if (REDIRECT_METHODS.has(method)) {
        const url = args[args.length - 1];
        return carries(url) ? [finding('redirect', url, sink, context)] : [];
      }
      if (method === 'writeHead') {
        const headers = args.find((arg) => isObjectLiteralExpression(skipOuter(arg)));
        return headers ? objectHeaderFindings(headers, sink, context) : [];
      }
      return [];
    }
    if (method === 'set') {
      const store = cookieStore(receiver, resolver);
      if (store) {
        const sink = `${store.name}.set`;
        // `cookies().set({ name, value, httpOnly })` or `cookies().set(name, value, options)`.
        const object = args.length === 1 ? args[0] : undefined;
        if (object) return cookieFindings(call, object, object, store.httpOnlyByDefault, sink, context, 'value');
        return cookieFindings(call, args[1], args[2], store.httpOnlyByDefault, sink, context);
      }
    }
  }
  const name = isPropertyAccessExpression(callee) ? callee.name.text : isIdentifier(callee) ? callee.text : undefined;
  if (name !== 'json' && name !== 'redirect' && name !== 'permanentRedirect') return [];
  const value = resolver.value(call.expression);
  if (name === 'json' && (isNextImport(value, ['NextResponse', 'json']) || (value.kind === 'global' && value.name === 'Response.json'))) {
    return carries(args[0]) ? [finding('response', args[0], callee.getText(), context)] : [];
  }
  const isRedirect =
    isNextImport(value, ['NextResponse', 'redirect']) ||
    isNextImport(value, ['redirect']) ||
    isNextImport(value, ['permanentRedirect']) ||
    (value.kind === 'global' && value.name === 'Response.redirect');
  return isRedirect && carries(args[0]) ? [finding('redirect', args[0], callee.getText(), context)] : [];
}

function isNextImport(value: Value, path: readonly string[]): boolean {
  if (value.kind !== 'import' || value.module !== 'next') return false;
  const own = value.path[0] === 'default' ? value.path.slice(1) : value.path;
  return own.length === path.length && own.every((name, i) => name === path[i]);
}

/** `response` for `res`/`reply` (also `res.status(200)`), `context` for Koa's `ctx`, which is the response too. */
function responseKind(expression: ts.Expression, resolver: ValueResolver): 'response' | 'context' | undefined {
  const { base, steps } = chainOf(resolver.value(expression));
  const parameter = parameterOf(base);
  if (!parameter || !steps.every((step) => step.call && CHAINABLE.has(step.name))) return undefined;
  const role = parameterRole(parameter);
  if (role?.kind === 'response') return 'response';
  return role?.kind === 'request' && role.context ? 'context' : undefined;
}

/** Next.js `cookies()` and `response.cookies`, Koa `ctx.cookies` (which default to `httpOnly`). */
function cookieStore(receiver: ts.Expression, resolver: ValueResolver): { name: string; httpOnlyByDefault: boolean } | undefined {
  const value = resolver.value(receiver);
  if (value.kind === 'call' && isNextImport(value.callee, ['cookies'])) return { name: 'cookies()', httpOnlyByDefault: false };
  if (value.kind !== 'member' || value.name !== 'cookies') return undefined;
  const owner = value.object;
  const parameter = parameterOf(owner);
  const role = parameter && parameterRole(parameter);
  if (role?.kind === 'request' && role.context) return { name: 'ctx.cookies', httpOnlyByDefault: true };
  const { base } = chainOf(owner);
  // `NextResponse.json(...)`, `NextResponse.next()`, `new NextResponse(...)`.
  const callee = base.kind === 'call' ? base.callee : undefined;
  const made = callee?.kind === 'import' && callee.module === 'next' && callee.path.includes('NextResponse');
  return made ? { name: 'response.cookies', httpOnlyByDefault: false } : undefined;
}

/** A cookie carrying the token that scripts can read: no `httpOnly: true` (where the framework does not default to it). */
function cookieFindings(
  call: ts.CallExpression,
  valueArg: ts.Expression | undefined,
  optionsArg: ts.Expression | undefined,
  httpOnlyByDefault: boolean,
  sink: string,
  context: TokenContext,
  valueProperty?: string,
): TokenExposureFinding[] {
  const { resolver } = context;
  if (!valueArg) return [];
  const whole = resolver.value(valueArg);
  const value = valueProperty ? objectsOf(whole).map((o) => resolver.property(o, valueProperty)).find((v) => v !== undefined) : whole;
  if (!value || !carriesTangoToken(value, context)) return [];
  const httpOnly = optionsArg ? httpOnlyOf(resolver.value(optionsArg), resolver) : 'absent';
  if (httpOnly === 'on' || httpOnly === 'unknown' || (httpOnly === 'absent' && httpOnlyByDefault)) return [];
  const written = skipOuter(valueArg);
  const at = valueProperty && isObjectLiteralExpression(written) ? (propertyNode(written, valueProperty) ?? valueArg) : valueArg;
  const fix = httpOnlyFix(call, optionsArg);
  return [{ ...finding('cookie', at, sink, context, false), ...(fix ? { fix } : {}) }];
}

function httpOnlyOf(options: Value, resolver: ValueResolver): HttpOnly {
  if (options.kind === 'nullish') return 'absent';
  const objects = objectsOf(options);
  if (objects.length === 0) return 'unknown';
  const states = objects.map((object): HttpOnly => {
    const flag = resolver.property(object, 'httpOnly');
    if (flag === undefined) return 'absent';
    if (flag.kind === 'boolean') return flag.value ? 'on' : 'off';
    return flag.kind === 'nullish' ? 'off' : 'unknown';
  });
  return states.find((s) => s === 'off') ?? states.find((s) => s === 'absent') ?? states[0] ?? 'unknown';
}

/** Sets `httpOnly: true` where the options are written at the call. */
function httpOnlyFix(call: ts.CallExpression, optionsArg: ts.Expression | undefined): TextEdit | undefined {
  if (!optionsArg) return call.arguments.length === 2 ? addArgument(call, '{ httpOnly: true }') : undefined;
  const options = skipOuter(optionsArg);
  if (!isObjectLiteralExpression(options)) return undefined;
  const existing = options.properties.find((p) => propertyName(p.name) === 'httpOnly');
  if (existing && isPropertyAssignment(existing)) return { range: [existing.initializer.getStart(), existing.initializer.end], text: 'true' };
  return existing ? undefined : addProperty(options, 'httpOnly: true');
}

function headerFindings(nameArg: ts.Expression | undefined, valueArg: ts.Expression | undefined, sink: string, context: TokenContext): TokenExposureFinding[] {
  if (!nameArg) return [];
  if (!valueArg) return isObjectLiteralExpression(skipOuter(nameArg)) ? objectHeaderFindings(nameArg, sink, context) : [];
  const name = context.resolver.value(nameArg);
  if (name.kind !== 'string') return [];
  return headerFinding(name.value, valueArg, valueArg, sink, context);
}

function objectHeaderFindings(headers: ts.Expression, sink: string, context: TokenContext): TokenExposureFinding[] {
  const object = skipOuter(headers);
  if (!isObjectLiteralExpression(object)) return [];
  return object.properties.flatMap((property) => {
    const name = propertyName(property.name);
    if (name === undefined || !isPropertyAssignment(property)) return [];
    return headerFinding(name, property.initializer, property, sink, context);
  });
}

function headerFinding(name: string, valueExpression: ts.Expression, at: ts.Node, sink: string, context: TokenContext): TokenExposureFinding[] {
  const lower = name.toLowerCase();
  const value = context.resolver.value(valueExpression);
  if (lower === 'set-cookie') return readableCookieHeader(value, context) ? [finding('cookie', at, sink, context, false)] : [];
  if (!carriesTangoToken(value, context)) return [];
  return [finding(lower === 'location' ? 'redirect' : 'header', at, sink, context, false)];
}

/** A `Set-Cookie` value holding the token without the `HttpOnly` attribute (written out or through `cookie.serialize`). */
function readableCookieHeader(value: Value, context: TokenContext): boolean {
  const { resolver } = context;
  if (value.kind === 'alternatives') return value.options.some((option) => readableCookieHeader(option, context));
  if (value.kind === 'array') return value.node.elements.some((e) => !isSpreadElement(e) && readableCookieHeader(resolver.value(e, value.env), context));
  if (value.kind === 'call' && value.callee.kind === 'import' && value.callee.module === 'cookie' && value.callee.path.includes('serialize')) {
    const [, cookieValue, options] = value.args;
    if (!cookieValue || !carriesTangoToken(resolver.value(cookieValue, value.env), context)) return false;
    const httpOnly = options ? httpOnlyOf(resolver.value(options, value.env), resolver) : 'absent';
    return httpOnly === 'off' || httpOnly === 'absent';
  }
  if (!carriesTangoToken(value, context)) return false;
  return !stringForms(value, resolver).some((form) => form.some((part) => typeof part === 'string' && /httponly/i.test(part)));
}

/** Tango requests whose `Authorization` header, or whole headers, come from the incoming request. */
function relayFindings(request: HttpRequest, resolver: ValueResolver): TokenExposureFinding[] {
  const findings: TokenExposureFinding[] = [];
  const sourceFile = request.node.getSourceFile();
  const at = (node: ts.Node | undefined): readonly [number, number] =>
    node && node.getSourceFile() === sourceFile ? [node.getStart(), node.end] : [request.node.expression.getStart(), request.node.expression.end];
  const authorization = requestHeader(request, 'authorization', resolver);
  if (authorization && requestInput(authorization, resolver)) findings.push({ problem: 'relay', range: at(authorization.node), sink: 'Authorization' });
  for (const layer of request.layers) {
    const headers = layer.get('headers');
    if (!headers) continue;
    const whole = requestInput(headers, resolver);
    if (whole?.source === 'headers' && whole.path.length === 0) findings.push({ problem: 'relay', range: at(headers.node), sink: 'headers' });
    for (const object of objectsOf(headers)) {
      const properties = object.node.properties;
      properties.forEach((property, i) => {
        if (!isSpreadAssignment(property)) return;
        const spread = requestInput(resolver.value(property.expression, object.env), resolver);
        const overridden = properties.slice(i + 1).some((p) => propertyName(p.name)?.toLowerCase() === 'authorization');
        if (spread?.source === 'headers' && spread.path.length === 0 && !overridden) findings.push({ problem: 'relay', range: at(property), sink: 'headers' });
      });
    }
  }
  return findings;
}

/** Functions whose return value is sent to the client: server actions, NestJS routes, Fastify handlers. */
function respondingFunctions(sourceFile: ts.SourceFile): ts.FunctionLikeDeclaration[] {
  const found = new Set<ts.FunctionLikeDeclaration>();
  for (const literal of indexFile(sourceFile).strings) {
    if (literal.text !== 'use server' || !isExpressionStatement(literal.parent) || !isBlock(literal.parent.parent)) continue;
    const fn = literal.parent.parent.parent;
    if (isFunctionLike(fn) && hasDirective(literal.parent.parent.statements, 'use server')) found.add(fn as ts.FunctionLikeDeclaration);
  }
  if (hasDirective(sourceFile.statements, 'use server')) {
    for (const statement of sourceFile.statements) {
      const candidates: ts.Node[] = isVariableStatement(statement)
        ? statement.declarationList.declarations.flatMap((d) => (d.initializer ? [skipOuter(d.initializer)] : []))
        : isExportAssignment(statement) ? [skipOuter(statement.expression)] : [statement];
      for (const candidate of candidates) {
        const isFunction = isFunctionDeclaration(candidate) || isArrowFunction(candidate) || isFunctionExpression(candidate);
        if (isFunction && isServerAction(candidate) && exportedName(candidate) !== undefined) found.add(candidate);
      }
    }
  }
  for (const statement of sourceFile.statements) {
    if (!isClassDeclaration(statement)) continue;
    for (const member of statement.members) {
      if (!isMethodDeclaration(member) || !member.body) continue;
      const isRoute = decoratorNames(member).some((d) => NEST_ROUTE_DECORATORS.has(d.name));
      const usesResponse = member.parameters.some((p) => parameterRole(p)?.kind === 'response');
      if (isRoute && !usesResponse) found.add(member);
    }
  }
  for (const handler of registeredHandlers(sourceFile)) {
    const fn = handler as ts.FunctionLikeDeclaration;
    const reply = fn.parameters[1];
    const fastify = reply && ((isIdentifier(reply.name) && reply.name.text === 'reply') || reply.type?.getText().endsWith('FastifyReply'));
    if (fastify) found.add(fn);
  }
  return [...found];
}

/** The expressions a function returns (not those of nested functions). */
function returnedExpressions(fn: ts.FunctionLikeDeclaration): ts.Expression[] {
  const body = fn.body;
  if (!body) return [];
  if (!isBlock(body)) return [body];
  const found: ts.Expression[] = [];
  const stack: ts.Node[] = [body];
  while (stack.length > 0) {
    const node = stack.pop() as ts.Node;
    if (isReturnStatement(node) && node.expression) found.push(node.expression);
    forEachChild(node, (child) => {
      if (!isFunctionLike(child) && !isClassLike(child)) stack.push(child);
    });
  }
  return found;
}

/**
 * A finding at the most specific place: the property of an object literal (also inside
 * `JSON.stringify(...)`) that holds the token, or the expression itself.
 */
function finding(problem: TokenExposureProblem, node: ts.Node, sink: string, context: TokenContext, narrow = true): TokenExposureFinding {
  let at = node;
  if (narrow) {
    let inner = isExpression(node) ? skipOuter(node) : node;
    if (isCallExpression(inner) && inner.arguments[0] && inner.expression.getText() === 'JSON.stringify') inner = skipOuter(inner.arguments[0]);
    if (isObjectLiteralExpression(inner)) {
      const holder = inner.properties.find((property) => {
        const value = propertyValueNode(property);
        return value !== undefined && carriesTangoToken(context.resolver.value(value), context);
      });
      if (holder) at = holder;
    }
  }
  return { problem, range: [at.getStart(), at.end], sink };
}

function propertyValueNode(property: ts.ObjectLiteralElementLike): ts.Expression | undefined {
  if (isPropertyAssignment(property)) return property.initializer;
  if (isShorthandPropertyAssignment(property)) return property.name;
  return isSpreadAssignment(property) ? property.expression : undefined;
}

function propertyNode(object: ts.ObjectLiteralExpression, name: string): ts.Node | undefined {
  return object.properties.find((p) => propertyName(p.name) === name);
}
