import type ts from 'typescript';
import type { FileAnalysis } from './analysis.js';
import { browserContext } from './browser.js';
import { indexFile } from './file-index.js';
import { calledFunctions, chainOf, insideInputScope, parameterOf } from './frameworks.js';
import type { InputContext } from './inputs.js';
import { describeSource, isAuthorized, requestInput } from './inputs.js';
import type { HttpRequest } from './requests.js';
import { findRequests, requestBody, requestOption } from './requests.js';
import type { TangoSettings } from './settings.js';
import { joinUrl } from './strings.js';
import { tangoEvidence } from './tango.js';
import { mayReachTango } from './text-hints.js';
import type { Value, ValueOf, ValueResolver } from './values.js';
import { objectsOf, propertyName } from './values.js';
import { forEachChild, isCallExpression, isIdentifier, isPropertyAccessExpression, isSpreadAssignment, isSpreadElement } from './syntax.js';

/** A Tango request whose account or customer is chosen by the client. */
export interface AccountInputFinding {
  /** `field`: an identifier in the body or query; `body`: the whole body (or a spread of it); `url`: an `/accounts/{id}` style path. */
  readonly problem: 'field' | 'body' | 'url';
  /** `accountIdentifier`, `customerIdentifier`, `body`, or for URLs `account` or `customer`. */
  readonly field: string;
  /** Where the value comes from, for messages: "the request body". */
  readonly source: string;
  readonly range: readonly [number, number];
}

/** Where an account identifier enters a Tango request. */
interface AccountUse {
  readonly kind: AccountInputFinding['problem'];
  readonly field: string;
  readonly value: Value;
  /** The expression or property written at the request, where a finding goes. */
  readonly node: ts.Node | undefined;
}

/** A parameter of a helper function that ends up as an account identifier (or the body) of a Tango request it sends. */
interface Sink {
  readonly index: number;
  readonly path: readonly string[];
  readonly kind: AccountUse['kind'];
  readonly field: string;
}

const ACCOUNT_FIELDS: readonly string[] = ['accountIdentifier', 'customerIdentifier'];
const QUERY_OPTIONS: readonly string[] = ['params', 'searchParams', 'query'];
const URL_SEGMENT = /(?:^|\/)(accounts|customers)\/$/i;
const URL_QUERY = /[?&](accountIdentifier|customerIdentifier)=$/i;
const MAX_HELPER_DEPTH = 3;

const sinkCaches = new WeakMap<TangoSettings, WeakMap<ts.Node, readonly Sink[]>>();
const requestCaches = new WeakMap<TangoSettings, WeakMap<ts.SourceFile, readonly HttpRequest[]>>();

/**
 * Tango requests in the file whose account or customer identifier (or whole body) comes from
 * request input with no authorization step in between, and calls that pass such input to a
 * helper (in this file or another) that sends it to Tango.
 */
export function accountInputFindings(analysis: FileAnalysis): readonly AccountInputFinding[] {
  return analysis.memo('account-access:findings', () => {
    // Requests here and in the helpers this file calls go to Tango only if its import closure says so.
    if (!mayReachTango(analysis)) return [];
    const { resolver, settings, sourceFile } = analysis;
    const context: InputContext = { resolver, settings, requestCalls: new Set(analysis.requests.map((r) => r.node)) };
    const findings = new Map<string, AccountInputFinding>();
    const add = (use: AccountUse, node: ts.Node, source: string): void => {
      const range: [number, number] = [node.getStart(), node.end];
      findings.set(`${range[0]}:${range[1]}:${use.field}`, { problem: use.kind, field: use.field, source, range });
    };
    for (const { request } of analysis.tangoRequests) {
      for (const use of accountUses(request, resolver)) {
        const input = requestInput(use.value, resolver);
        if (!input || isAuthorized(input, use.node ?? request.node, context)) continue;
        const node = use.node && use.node.getSourceFile() === sourceFile ? use.node : request.node.expression;
        add(use, node, describeSource(input.source));
      }
    }
    for (const call of indexFile(sourceFile).calls) {
      if (call.arguments.length === 0 || context.requestCalls.has(call) || !insideInputScope(call)) continue;
      if (!call.arguments.some((arg) => !isSpreadElement(arg) && carriesInput(resolver.value(arg), resolver, 0))) continue;
      for (const fn of calledFunctions(call, resolver)) {
        for (const sink of sinksOf(fn, context, 0)) {
          for (const use of usesAtCall(call, sink, resolver)) {
            const input = requestInput(use.value, resolver);
            if (!input || isAuthorized(input, call, context)) continue;
            const node = use.node && use.node.getSourceFile() === sourceFile && within(use.node, call) ? use.node : call.arguments[sink.index] ?? call;
            add(use, node, describeSource(input.source));
          }
        }
      }
    }
    // A browser module's Tango requests are no-browser-calls' subject.
    if (findings.size === 0 || browserContext(analysis).browser) return [];
    return [...findings.values()].sort((a, b) => a.range[0] - b.range[0]);
  });
}

/** The account identifiers, body and account URLs of a Tango request. */
function accountUses(request: HttpRequest, resolver: ValueResolver): AccountUse[] {
  const uses: AccountUse[] = [];
  const body = requestBody(request, resolver);
  if (body) uses.push(...bodyUses(body.value, body.expression, resolver));
  for (const name of QUERY_OPTIONS) {
    const option = requestOption(request, name);
    if (option) for (const object of objectsOf(option.value)) uses.push(...fieldUses(object, resolver));
  }
  for (const form of joinUrl(request.base, request.url, resolver)) {
    form.forEach((part, i) => {
      const before = form[i - 1];
      if (typeof part === 'string' || typeof before !== 'string') return;
      const match = URL_SEGMENT.exec(before) ?? URL_QUERY.exec(before);
      if (!match?.[1]) return;
      // The hole as written in the URL (`${id}`), rather than where its value was read.
      const node = (request.url?.node && locate(request.url.node, part, resolver)) ?? part.node;
      uses.push({ kind: 'url', field: match[1].toLowerCase().startsWith('account') ? 'account' : 'customer', value: part, node });
    });
  }
  return uses;
}

/** The expression inside `container` whose value is `target` (values are cached per node, so identity holds). */
function locate(container: ts.Node, target: Value, resolver: ValueResolver): ts.Node | undefined {
  const stack: ts.Node[] = [container];
  for (let budget = 200; stack.length > 0 && budget > 0; budget--) {
    const node = stack.pop() as ts.Node;
    if (node !== container && (isIdentifier(node) || isPropertyAccessExpression(node) || isCallExpression(node)) && resolver.value(node) === target) {
      return node;
    }
    const children: ts.Node[] = [];
    forEachChild(node, (child) => {
      children.push(child);
    });
    stack.push(...children.reverse());
  }
  return undefined;
}

function bodyUses(value: Value, expression: ts.Node | undefined, resolver: ValueResolver): AccountUse[] {
  const body = unwrapBody(value, resolver);
  const uses: AccountUse[] = [{ kind: 'body', field: 'body', value: body, node: expression ?? body.node }];
  for (const object of objectsOf(body)) uses.push(...fieldUses(object, resolver));
  return uses;
}

/** `JSON.stringify(x)` and `new URLSearchParams(x)` send `x`. */
function unwrapBody(value: Value, resolver: ValueResolver): Value {
  if (value.kind !== 'call' || value.callee.kind !== 'global' || !value.args[0]) return value;
  const name = value.callee.name;
  return name === 'JSON.stringify' || name === 'URLSearchParams' ? resolver.value(value.args[0], value.env) : value;
}

function fieldUses(object: ValueOf<'object'>, resolver: ValueResolver): AccountUse[] {
  const uses: AccountUse[] = [];
  const { entries } = resolver.entries(object);
  for (const field of ACCOUNT_FIELDS) {
    const entry = entries.findLast((e) => e.name === field);
    if (entry) uses.push({ kind: 'field', field, value: entry.value(), node: entry.property });
  }
  // A spread of input brings in whatever identifiers the client sent, unless both are set after it.
  const properties = object.node.properties;
  properties.forEach((property, index) => {
    if (!isSpreadAssignment(property)) return;
    const later = new Set(properties.slice(index + 1).map((p) => propertyName(p.name)));
    if (ACCOUNT_FIELDS.every((field) => later.has(field))) return;
    uses.push({ kind: 'body', field: 'body', value: resolver.value(property.expression, object.env), node: property });
  });
  return uses;
}

/** True when a value is request input or an object literal holding some. */
function carriesInput(value: Value, resolver: ValueResolver, depth: number): boolean {
  if (requestInput(value, resolver)) return true;
  if (depth > 1) return false;
  return objectsOf(value).some(
    (object) =>
      resolver.entries(object).entries.some((entry) => carriesInput(entry.value(), resolver, depth + 1)) ||
      object.node.properties.some((p) => isSpreadAssignment(p) && requestInput(resolver.value(p.expression, object.env), resolver)),
  );
}

/** What a call passes into a helper's sink. */
function usesAtCall(call: ts.CallExpression, sink: Sink, resolver: ValueResolver): AccountUse[] {
  const arg = call.arguments[sink.index];
  if (!arg || isSpreadElement(arg)) return [];
  const value = applyPath(resolver.value(arg), sink.path, resolver);
  if (!value) return [];
  if (sink.kind === 'body') return bodyUses(value, sink.path.length === 0 ? arg : undefined, resolver);
  return [{ kind: sink.kind, field: sink.field, value, node: sink.path.length === 0 ? arg : value.node }];
}

function applyPath(value: Value, path: readonly string[], resolver: ValueResolver): Value | undefined {
  let current: Value | undefined = value;
  for (const name of path) {
    if (!current) return undefined;
    current = resolver.property(current, name);
  }
  return current;
}

/**
 * The sinks of a function: its parameters that reach an account identifier, body or account URL
 * of a Tango request it sends, directly or through helpers it calls (a few levels deep).
 */
function sinksOf(fn: ts.FunctionLikeDeclaration, context: InputContext, depth: number): readonly Sink[] {
  let cache = sinkCaches.get(context.settings);
  if (!cache) {
    cache = new WeakMap();
    sinkCaches.set(context.settings, cache);
  }
  const cached = cache.get(fn);
  if (cached) return cached;
  cache.set(fn, []);
  const { resolver } = context;
  const sinks: Sink[] = [];
  const sourceFile = fn.getSourceFile();
  for (const request of tangoRequestsIn(sourceFile, context)) {
    if (!within(request.node, fn)) continue;
    for (const use of accountUses(request, resolver)) {
      const root = parameterPath(use.value, fn);
      if (root) sinks.push({ ...root, kind: use.kind, field: use.field });
    }
  }
  if (depth < MAX_HELPER_DEPTH) {
    for (const call of indexFile(sourceFile).calls) {
      if (!within(call, fn) || call.arguments.length === 0) continue;
      for (const helper of calledFunctions(call, resolver)) {
        if (helper === fn) continue;
        for (const sink of sinksOf(helper, context, depth + 1)) {
          for (const use of usesAtCall(call, sink, resolver)) {
            const root = parameterPath(use.value, fn);
            if (root) sinks.push({ ...root, kind: use.kind, field: use.field });
          }
        }
      }
    }
  }
  cache.set(fn, sinks);
  return sinks;
}

/** The parameter of `fn` a value is read from, with the member path: `order.accountIdentifier` is (0, ['accountIdentifier']). */
function parameterPath(value: Value, fn: ts.FunctionLikeDeclaration): { index: number; path: string[] } | undefined {
  if (value.kind === 'alternatives' || value.kind === 'concat') {
    for (const option of value.kind === 'alternatives' ? value.options : value.parts) {
      const found = parameterPath(option, fn);
      if (found) return found;
    }
    return undefined;
  }
  const { base, steps } = chainOf(value);
  const parameter = parameterOf(base);
  if (!parameter || parameter.parent !== fn) return undefined;
  return { index: fn.parameters.indexOf(parameter), path: steps.filter((step) => !step.call).map((step) => step.name) };
}

/** The Tango requests of any project file, found once per file and settings. */
function tangoRequestsIn(sourceFile: ts.SourceFile, context: InputContext): readonly HttpRequest[] {
  let cache = requestCaches.get(context.settings);
  if (!cache) {
    cache = new WeakMap();
    requestCaches.set(context.settings, cache);
  }
  let requests = cache.get(sourceFile);
  if (!requests) {
    const { resolver, settings } = context;
    requests = findRequests(sourceFile, resolver).filter((request) => tangoEvidence(request, resolver, settings) !== undefined);
    cache.set(sourceFile, requests);
  }
  return requests;
}

function within(node: ts.Node, container: ts.Node): boolean {
  return node.getSourceFile() === container.getSourceFile() && node.pos >= container.pos && node.end <= container.end;
}
