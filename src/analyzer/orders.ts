import type ts from 'typescript';
import type { FileAnalysis } from './analysis.js';
import { calleeName, isInside } from './backoff.js';
import type { TextEdit } from './edits.js';
import { indexFile } from './file-index.js';
import type { HttpRequest } from './requests.js';
import { enclosingFunction, requestBody } from './requests.js';
import type { Retry, RetryKind } from './retries.js';
import { retries, runsPerAttempt } from './retries.js';
import { joinUrl, leadingText } from './strings.js';
import { hasOrderFingerprint, hostOf, tangoHosts } from './tango.js';
import { tangoCalls, tangoRequestsOf } from './tango-calls.js';
import { mayReachTango } from './text-hints.js';
import { findDeclaration } from './scope.js';
import type { Bindings, Value, ValueResolver } from './values.js';
import { objectsOf, skipOuter } from './values.js';
import { forEachChild, isFunctionLike, isIdentifier, isPropertyAccessExpression, isPropertyAssignment, isSpreadElement, isVariableDeclaration } from './syntax.js';

/** Where an order is created, and the body it sends. */
export interface OrderSite {
  /** The call in the linted file: the request, an SDK call, or a call into a function that sends the order. */
  readonly node: ts.CallExpression;
  readonly via: 'request' | 'sdk' | 'wrapper';
  readonly body: Value;
  /** The order request (for `wrapper`, in the called function). */
  readonly request: HttpRequest | undefined;
}

export type OrderProblem = 'missing' | 'misspelled' | 'constant' | 'empty' | 'once-per-process' | 'per-attempt';

/** An order whose `externalRefID` cannot make it idempotent. */
export interface OrderFinding {
  readonly problem: OrderProblem;
  readonly range: readonly [number, number];
  /** For `misspelled`: the key as written. */
  readonly key?: string;
  /** For `per-attempt`: how the retry is written. */
  readonly retry?: RetryKind;
  /** For `misspelled`, when the key is written in this file: rename it. */
  readonly rename?: TextEdit;
}

export const EXTERNAL_REF_ID = 'externalRefID';
/** Keys seen in real code in place of `externalRefID`, lower-cased. */
const MISSPELLINGS = new Set(['externalrefid', 'externalreferenceid', 'external_ref_id', 'externalref', 'referenceorderid', 'external_reference_id']);
const SDK_ORDER_METHOD = /^(?:create|place|submit)(?:Tango)?Order$/;
const ID_GLOBALS = new Set(['Date.now', 'Date', 'Math.random', 'performance.now', 'crypto.randomUUID', 'crypto.getRandomValues', 'process.hrtime']);
const ID_MODULES = new Set(['uuid', 'nanoid', 'ulid', 'ulidx', 'cuid', '@paralleldrive/cuid2', 'short-uuid', 'hyperid', 'uid', 'crypto-random-string']);
const ID_FUNCTIONS = new Set(['randomUUID', 'randomBytes', 'randomInt', 'getRandomValues']);

/** The order creations in a file: Tango order requests, known SDK order calls, and calls into functions that send an order. */
export function orderSites(analysis: FileAnalysis): readonly OrderSite[] {
  return analysis.memo('orders:sites', () => {
    const { resolver } = analysis;
    const sites: OrderSite[] = [];
    const seen = new Set<ts.CallExpression>();
    for (const { request } of analysis.tangoRequests) {
      const body = isOrderCreation(request, analysis) && bodyAtRequest(request, resolver);
      if (!body) continue;
      sites.push({ node: request.node, via: 'request', body, request });
      seen.add(request.node);
    }
    for (const call of tangoCalls(analysis).keys()) {
      if (seen.has(call)) continue;
      for (const site of wrapperSites(call, analysis)) {
        sites.push(site);
        seen.add(call);
      }
    }
    // An SDK order's body carries the order fingerprint, whose `accountIdentifier` the Tango pre-check looks for.
    const sdkCalls = mayReachTango(analysis) ? indexFile(analysis.sourceFile).calls : [];
    for (const call of sdkCalls) {
      if (seen.has(call) || !isSdkOrderCall(call) || !call.arguments[0]) continue;
      // A function of the project is judged by what it sends, not by its name.
      if (resolver.value(call.expression).kind === 'function') continue;
      const body = unwrapJson(resolver.value(call.arguments[0]), resolver);
      if (hasOrderFingerprint(body, resolver)) sites.push({ node: call, via: 'sdk', body, request: undefined });
    }
    return sites;
  });
}

/** `client.createOrder(body)`, `tango.placeOrder(body)`, `client.orders.create(body)`: an SDK's order call (its body must be an order). */
function isSdkOrderCall(call: ts.CallExpression): boolean {
  const name = calleeName(call.expression) ?? '';
  if (SDK_ORDER_METHOD.test(name)) return true;
  const callee = skipOuter(call.expression);
  if (name !== 'create' || !isPropertyAccessExpression(callee)) return false;
  return calleeName(callee.expression) === 'orders';
}

/** Every order in the file whose `externalRefID` is missing, misspelled, constant, or new on every retry attempt. */
export function orderFindings(analysis: FileAnalysis): readonly OrderFinding[] {
  return analysis.memo('orders:findings', () => {
    const findings: OrderFinding[] = [];
    for (const site of orderSites(analysis)) {
      const finding = judge(site, true, analysis);
      if (!finding) continue;
      if (site.via === 'wrapper' && finding.problem !== 'per-attempt' && site.request && reportedAtRequest(site.request, finding.problem, analysis)) continue;
      findings.push(finding);
    }
    return findings.sort((a, b) => a.range[0] - b.range[0]);
  });
}

/**
 * A POST to a path ending in `/orders` (on a Tango request), or a POST of an order body, unless
 * the URL is known to lead elsewhere (a relative path to the app's own backend, another host).
 */
export function isOrderCreation(request: HttpRequest, analysis: FileAnalysis): boolean {
  if (request.method !== 'POST') return false;
  const { resolver } = analysis;
  const forms = joinUrl(request.base, request.url, resolver);
  const hosts = tangoHosts(analysis.settings);
  const elsewhere = forms.length > 0 && forms.every((form) => {
    const lead = leadingText(form);
    const host = hostOf(lead);
    return host ? !hosts.has(host) : lead.startsWith('/') && !/\/raas\/v2(?:\/|$)/i.test(lead);
  });
  if (elsewhere) return false;
  for (const form of forms) {
    const last = form[form.length - 1];
    if (typeof last === 'string' && /\/orders\/?(?:[?#][^/]*)?$/i.test(last)) return true;
  }
  const body = requestBody(request, resolver);
  return body !== undefined && hasOrderFingerprint(unwrapJson(body.value, resolver), resolver);
}

/**
 * The body an order request sends, judged at the request: the parameters of the functions around
 * it are left unknown, so an order passed in by callers is judged at each call instead.
 */
function bodyAtRequest(request: HttpRequest, resolver: ValueResolver): Value | undefined {
  const body = requestBody(request, resolver);
  if (!body) return undefined;
  if (!body.expression) return unwrapJson(body.value, resolver);
  const unbound = new Map<ts.Node, Value>();
  for (let fn = enclosingFunction(request.node); fn; fn = enclosingFunction(fn)) {
    for (const parameter of fn.parameters) unbound.set(parameter, { kind: 'unknown', node: parameter });
  }
  return unwrapJson(resolver.value(body.expression, unbound.size > 0 ? unbound : undefined), resolver);
}

/** Orders sent by the function a call invokes, with the body resolved for this call's arguments. */
function wrapperSites(call: ts.CallExpression, analysis: FileAnalysis): OrderSite[] {
  const { resolver } = analysis;
  const callee = resolver.value(call.expression);
  const fn = callee.kind === 'function' ? callee.node : undefined;
  if (!fn?.body || isInside(call, fn)) return [];
  const sites: OrderSite[] = [];
  for (const request of tangoRequestsOf(analysis, fn.getSourceFile())) {
    if (!isInside(request.node, fn) || !isOrderCreation(request, analysis)) continue;
    const body = requestBody(request, resolver);
    if (!body) continue;
    const bindings = new Map<ts.Node, Value>();
    fn.parameters.forEach((parameter, index) => {
      const arg = call.arguments[index];
      if (arg && !isSpreadElement(arg)) bindings.set(parameter, resolver.value(arg));
    });
    const value = body.expression ? resolver.value(body.expression, bindings as Bindings) : body.value;
    sites.push({ node: call, via: 'wrapper', body: unwrapJson(value, resolver), request });
  }
  return sites;
}

/** True when the request's own file reports the same problem, so the call site need not. */
function reportedAtRequest(request: HttpRequest, problem: OrderProblem, analysis: FileAnalysis): boolean {
  const body = bodyAtRequest(request, analysis.resolver);
  if (!body) return false;
  const own = judge({ node: request.node, via: 'request', body, request }, false, analysis);
  return own?.problem === problem;
}

/** What is wrong with the `externalRefID` of an order body, if anything (looking at retries or not). */
function judge(site: OrderSite, withRetries: boolean, analysis: FileAnalysis): OrderFinding | undefined {
  const { resolver, sourceFile } = analysis;
  const callee: [number, number] = [site.node.expression.getStart(), site.node.expression.end];
  for (const object of objectsOf(site.body)) {
    const { entries, open } = resolver.entries(object);
    const ref = entries.findLast((e) => e.name === EXTERNAL_REF_ID);
    if (!ref) {
      const typo = entries.find((e) => e.name !== EXTERNAL_REF_ID && MISSPELLINGS.has(e.name.toLowerCase()));
      if (typo) {
        const name = typo.property.name;
        const inFile = name !== undefined && typo.property.getSourceFile() === sourceFile;
        return {
          problem: 'misspelled',
          key: typo.name,
          range: inFile ? [name.getStart(), name.end] : callee,
          ...(inFile && isPropertyAssignment(typo.property) ? { rename: { range: [name.getStart(), name.end], text: EXTERNAL_REF_ID } } : {}),
        };
      }
      if (!open) return { problem: 'missing', range: callee };
      continue;
    }
    const value = ref.value();
    const valueRange: [number, number] =
      isPropertyAssignment(ref.property) && ref.property.getSourceFile() === sourceFile
        ? [ref.property.initializer.getStart(), ref.property.initializer.end]
        : callee;
    const retry = withRetries ? enclosingRetry(site.node, analysis) : undefined;
    const counter = retry && isPropertyAssignment(ref.property) ? counterIn(ref.property.initializer, retry) : undefined;
    if (retry && counter) {
      const range: [number, number] = counter.getSourceFile() === sourceFile ? [counter.getStart(), counter.end] : valueRange;
      return { problem: 'per-attempt', range, retry: retry.kind };
    }
    const constant = constantKind(value);
    if (constant) return { problem: constant, range: valueRange };
    for (const generator of generatorCalls(value, resolver)) {
      const inFile = generator.getSourceFile() === sourceFile;
      const range: [number, number] = inFile ? [generator.getStart(), generator.end] : valueRange;
      if (!enclosingFunction(generator) && enclosingFunction(site.node)) return { problem: 'once-per-process', range };
      if (retry && runsPerAttempt(analysis, retry, generator)) return { problem: 'per-attempt', range, retry: retry.kind };
    }
  }
  return undefined;
}

/** The innermost retry whose attempt code contains the call (a call into a function is judged at the call). */
function enclosingRetry(node: ts.Node, analysis: FileAnalysis): Retry | undefined {
  let best: Retry | undefined;
  for (const retry of retries(analysis)) {
    const attempt = retry.attempt;
    if (!attempt || !isInside(node, attempt)) continue;
    if (!best?.attempt || attempt.end - attempt.pos < best.attempt.end - best.attempt.pos) best = retry;
  }
  return best;
}

/** `constant` for a literal id, `empty` for `''`, `null` or `undefined`; undefined when the id varies. */
function constantKind(value: Value): 'constant' | 'empty' | undefined {
  switch (value.kind) {
    case 'string':
      return value.value.trim() === '' ? 'empty' : 'constant';
    case 'number':
    case 'boolean':
      return 'constant';
    case 'nullish':
      return 'empty';
    case 'concat':
      return value.parts.every((part) => part.kind === 'string' || part.kind === 'number') ? 'constant' : undefined;
    case 'alternatives': {
      const kinds = value.options.map(constantKind);
      if (kinds.some((k) => k === undefined)) return undefined;
      return kinds.every((k) => k === 'empty') ? 'empty' : 'constant';
    }
    default:
      return undefined;
  }
}

/** Calls in a value that produce a new id each time they run: `Date.now()`, `randomUUID()`, `Math.random()`, `nanoid()`. */
function generatorCalls(value: Value, resolver: ValueResolver): ts.Node[] {
  const found: ts.Node[] = [];
  const stack: { value: Value; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop() as { value: Value; depth: number };
    if (depth > 8) continue;
    if (current.kind === 'concat') for (const part of current.parts) stack.push({ value: part, depth: depth + 1 });
    else if (current.kind === 'alternatives') for (const option of current.options) stack.push({ value: option, depth: depth + 1 });
    else if (current.kind === 'member') stack.push({ value: current.object, depth: depth + 1 });
    else if (current.kind === 'call') {
      if (isIdGenerator(current.callee) && !isDateOf(current)) found.push(current.node);
      else {
        stack.push({ value: current.callee, depth: depth + 1 });
        for (const arg of current.args) stack.push({ value: resolver.value(arg, current.env), depth: depth + 1 });
      }
    }
  }
  return found;
}

/** `new Date(order.createdAt)` is the order's own time, not a fresh one. */
function isDateOf(call: Extract<Value, { kind: 'call' }>): boolean {
  return call.callee.kind === 'global' && call.callee.name === 'Date' && call.args.length > 0;
}

function isIdGenerator(callee: Value): boolean {
  if (callee.kind === 'global') return ID_GLOBALS.has(callee.name);
  if (callee.kind === 'import') return ID_MODULES.has(callee.module) || ID_FUNCTIONS.has(callee.path.at(-1) ?? '');
  return false;
}

/** A loop counter or recursion parameter the id is built from (`${order.id}-${attempt}`), following local constants. */
function counterIn(expression: ts.Expression, retry: Retry): ts.Identifier | undefined {
  const stack: { node: ts.Node; depth: number }[] = [{ node: expression, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: ts.Node; depth: number };
    if (isIdentifier(node)) {
      const declaration = findDeclaration(node);
      if (declaration && retry.counters.has(declaration)) return node;
      if (declaration && isVariableDeclaration(declaration) && declaration.initializer && depth < 3) stack.push({ node: declaration.initializer, depth: depth + 1 });
      continue;
    }
    if (isFunctionLike(node)) continue;
    forEachChild(node, (child) => {
      if (!(isPropertyAccessExpression(node) && child === node.name)) stack.push({ node: child, depth });
    });
  }
  return undefined;
}

function unwrapJson(value: Value, resolver: ValueResolver): Value {
  if (value.kind === 'call' && value.callee.kind === 'global' && value.callee.name === 'JSON.stringify' && value.args[0]) {
    return resolver.value(value.args[0], value.env);
  }
  return value;
}
