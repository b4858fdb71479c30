import type ts from 'typescript';
import type { FileAnalysis } from './analysis.js';
import type { GivenTerms, Growth } from './backoff.js';
import { calleeName, clientErrorsIn, forEachInFunction, functionGrowth, isInside, numbersOf, rangeOf, settle, statusesWhere } from './backoff.js';
import { indexFile } from './file-index.js';
import type { HttpRequest } from './requests.js';
import { instanceOf } from './requests.js';
import type { RetriedCall, Retry, RetryDelay, RetryKind } from './retries.js';
import { joinUrl } from './strings.js';
import { tangoHosts, urlEvidence } from './tango.js';
import { functionOf, tangoRequestsOf } from './tango-calls.js';
import type { ObjectEntry, Value, ValueResolver } from './values.js';
import { objectsOf, skipOuter } from './values.js';
import { Kind, isBlock, isIdentifier, isIfStatement, isPropertyAccessExpression, isReturnStatement } from './syntax.js';

const FN_HELPERS: Readonly<Record<string, RetryKind>> = {
  'p-retry': 'p-retry',
  'async-retry': 'async-retry',
  'promise-retry': 'promise-retry',
};
/** got waits 1 s before its first retry, ky 0.3 s: a `backoffLimit` at or under that pins the delay. */
const FIRST_DELAY_MS = { got: 1000, ky: 300 } as const;

/** Retries by helper packages written in the file: p-retry, async-retry, promise-retry, exponential-backoff, axios-retry. */
export function helperRetries(analysis: FileAnalysis, calls: ReadonlyMap<ts.CallExpression, HttpRequest>): Retry[] {
  const { resolver } = analysis;
  const found: Retry[] = [];
  for (const call of indexFile(analysis.sourceFile).calls) {
    const callee = skipOuter(call.expression);
    if (!isIdentifier(callee) && !isPropertyAccessExpression(callee)) continue;
    const value = resolver.value(call.expression);
    if (value.kind !== 'import') continue;
    const path = value.path.filter((p) => p !== 'default');
    const kind = path.length === 0 ? FN_HELPERS[value.module] : value.module === 'exponential-backoff' && path[0] === 'backOff' ? 'exponential-backoff' : undefined;
    if (kind) {
      const retry = functionHelperRetry(kind, call, analysis, calls);
      if (retry) found.push(retry);
    } else if (value.module === 'axios-retry' && path.length === 0) {
      const retry = axiosRetry(call, analysis);
      if (retry) found.push(retry);
    }
  }
  return found;
}

/** p-retry, async-retry, promise-retry and exponential-backoff: a function run once per attempt. */
function functionHelperRetry(kind: RetryKind, call: ts.CallExpression, analysis: FileAnalysis, calls: ReadonlyMap<ts.CallExpression, HttpRequest>): Retry | undefined {
  const { resolver } = analysis;
  const [fnArg, optionsArg] = call.arguments;
  const fn = fnArg && functionOf(resolver.value(fnArg));
  if (!fn) return undefined;
  const work: RetriedCall[] = [];
  if (fn.getSourceFile() === analysis.sourceFile) {
    for (const [node, request] of calls) if (isInside(node, fn)) work.push({ node, request });
  } else {
    const request = tangoRequestsOf(analysis, fn.getSourceFile()).find((r) => isInside(r.node, fn));
    if (request) work.push({ node: call, request });
  }
  if (work.length === 0) return undefined;
  const options = optionsArg ? resolver.value(optionsArg) : undefined;
  const option = (name: string): Option | undefined => (options ? optionOf(options, name, resolver, analysis.sourceFile) : undefined);
  const backoff = kind === 'exponential-backoff';
  const retriesOption = option(backoff ? 'numOfAttempts' : 'retries');
  if (retriesOption?.value.kind === 'number' && retriesOption.value.value <= (backoff ? 1 : 0)) return undefined;
  const range = rangeOf(call.expression);
  const shouldRetry = option(backoff ? 'retry' : 'shouldRetry');
  return {
    kind,
    attempt: fn,
    range,
    calls: work,
    delay: nodeRetryDelay(option, backoff, range),
    clientErrors: shouldRetry ? clientErrorsOfPredicate(shouldRetry, resolver) : undefined,
    counters: new Set(),
  };
}

/** node-retry's options (`factor`, `minTimeout`, `maxTimeout`; exponential-backoff's `timeMultiple`, `startingDelay`, `maxDelay`): exponential by default. */
function nodeRetryDelay(option: (name: string) => Option | undefined, backoff: boolean, range: readonly [number, number]): RetryDelay {
  const factor = option(backoff ? 'timeMultiple' : 'factor');
  if (factor?.value.kind === 'number' && factor.value.value <= 1) return { growth: 'constant', range: factor.range };
  const min = option(backoff ? 'startingDelay' : 'minTimeout');
  const max = option(backoff ? 'maxDelay' : 'maxTimeout');
  const minMs = min?.value.kind === 'number' ? min.value.value : min ? undefined : backoff ? 100 : 1000;
  if (min && minMs === 0 && (!max || (max.value.kind === 'number' && max.value.value === 0))) return { growth: 'none', range: min.range };
  if (max?.value.kind === 'number' && minMs !== undefined && max.value.value <= minMs) return { growth: 'constant', range: max.range };
  return { growth: 'exponential', range };
}

/** axios-retry on an instance (or axios itself) that sends Tango requests; it waits nothing between attempts unless told. */
function axiosRetry(call: ts.CallExpression, analysis: FileAnalysis): Retry | undefined {
  const { resolver } = analysis;
  const [instanceArg, optionsArg] = call.arguments;
  if (!instanceArg) return undefined;
  const target = resolver.value(instanceArg);
  const instance = instanceOf(target, resolver);
  const sends = (request: HttpRequest): boolean => {
    if (request.client !== 'axios') return false;
    const callee = resolver.value(request.node.expression);
    const owner = callee.kind === 'member' ? callee.object : callee;
    if (instance) return instanceOf(owner, resolver)?.creation === instance.creation;
    return target.kind === 'import' && target.module === 'axios' && owner.kind === 'import' && owner.module === 'axios';
  };
  const work = analysis.tangoRequests.filter(({ request }) => sends(request)).map(({ request }) => ({ node: request.node, request }));
  const hosts = tangoHosts(analysis.settings);
  const tangoBase = instance?.base !== undefined && joinUrl(instance.base, undefined, resolver).some((form) => urlEvidence(form, hosts));
  if (work.length === 0 && !tangoBase) return undefined;
  const options = optionsArg ? resolver.value(optionsArg) : undefined;
  const option = (name: string): Option | undefined => (options ? optionOf(options, name, resolver, analysis.sourceFile) : undefined);
  const retriesOption = option('retries');
  if (retriesOption?.value.kind === 'number' && retriesOption.value.value <= 0) return undefined;
  const range = rangeOf(call.expression);
  const retryDelay = option('retryDelay');
  const condition = option('retryCondition');
  return {
    kind: 'axios-retry',
    attempt: undefined,
    range,
    calls: work,
    delay: retryDelay ? { growth: axiosRetryDelay(retryDelay.value, resolver), range: retryDelay.range } : { growth: 'none', range },
    clientErrors: condition ? clientErrorsOfPredicate(condition, resolver) : undefined,
    counters: new Set(),
  };
}

function axiosRetryDelay(value: Value, resolver: ValueResolver): Growth {
  if (value.kind === 'import' && value.module === 'axios-retry') return /exponential/i.test(value.path.at(-1) ?? '') ? 'exponential' : 'unknown';
  if (value.kind === 'call' && value.callee.kind === 'import' && value.callee.module === 'axios-retry') {
    return /linear/i.test(value.callee.path.at(-1) ?? '') ? 'linear' : 'unknown';
  }
  const fn = functionOf(value);
  if (!fn) return 'unknown';
  return settle(functionGrowth(fn, undefined, { resolver, attempt: fn, variant: () => undefined }, 0, { positional: ['linear', 'unknown', 'unknown'] }));
}

/** got's and ky's `retry` option, on a Tango request or on an instance written in this file with a Tango base. */
export function clientRetries(analysis: FileAnalysis): Retry[] {
  const { resolver, sourceFile } = analysis;
  const byOption = new Map<ts.Node, { client: 'got' | 'ky'; entry: ObjectEntry; calls: RetriedCall[] }>();
  const add = (client: 'got' | 'ky', layerObject: Value | undefined, request: HttpRequest | undefined): void => {
    for (const object of objectsOf(layerObject ?? { kind: 'unknown', node: undefined })) {
      const entry = resolver.entries(object).entries.findLast((e) => e.name === 'retry');
      if (!entry || entry.property.getSourceFile() !== sourceFile) continue;
      const known = byOption.get(entry.property) ?? { client, entry, calls: [] };
      if (request) known.calls.push({ node: request.node, request });
      byOption.set(entry.property, known);
    }
  };
  for (const { request } of analysis.tangoRequests) {
    if (request.client !== 'got' && request.client !== 'ky') continue;
    for (const layer of request.layers) add(request.client, layer.object, request);
  }
  const hosts = tangoHosts(analysis.settings);
  for (const call of indexFile(sourceFile).calls) {
    const callee = skipOuter(call.expression);
    if (!isPropertyAccessExpression(callee) || !/^(?:extend|create)$/.test(callee.name.text)) continue;
    const instance = instanceOf(resolver.value(call), resolver);
    if (!instance || instance.creation !== call || (instance.client !== 'got' && instance.client !== 'ky')) continue;
    if (!instance.base || !joinUrl(instance.base, undefined, resolver).some((form) => urlEvidence(form, hosts))) continue;
    for (const layer of instance.layers) if (layer.origin === 'instance') add(instance.client, layer.object, undefined);
  }
  const found: Retry[] = [];
  for (const { client, entry, calls } of byOption.values()) {
    const retry = clientRetry(client, entry, calls, analysis);
    if (retry) found.push(retry);
  }
  for (const { request } of analysis.tangoRequests) {
    const retry = request.client === 'superagent' ? superagentRetry(request, resolver) : undefined;
    if (retry) found.push(retry);
  }
  return found;
}

/** superagent's `.retry(count)` resends at once, with no wait between attempts. */
function superagentRetry(request: HttpRequest, resolver: ValueResolver): Retry | undefined {
  const link = request.chain.find((call) => calleeName(call.expression) === 'retry');
  if (!link) return undefined;
  const count = link.arguments[0] && resolver.value(link.arguments[0]);
  if (count?.kind === 'number' && count.value <= 0) return undefined;
  const callee = link.expression as ts.PropertyAccessExpression;
  const range = [callee.name.getStart(), link.end] as const;
  return {
    kind: 'superagent',
    attempt: undefined,
    range,
    calls: [{ node: request.node, request }],
    delay: { growth: 'none', range },
    clientErrors: undefined,
    counters: new Set(),
  };
}

function clientRetry(client: 'got' | 'ky', entry: ObjectEntry, calls: RetriedCall[], analysis: FileAnalysis): Retry | undefined {
  const { resolver, sourceFile } = analysis;
  const value = entry.value();
  if (value.kind === 'number' && value.value <= 0) return undefined;
  const range = rangeOf(entry.property);
  const option = (name: string): Option | undefined => optionOf(value, name, resolver, sourceFile);
  const limit = option('limit');
  if (limit?.value.kind === 'number' && limit.value.value <= 0) return undefined;
  let delay: RetryDelay = { growth: 'exponential', range };
  const custom = option(client === 'got' ? 'calculateDelay' : 'delay');
  const fn = custom && functionOf(custom.value);
  if (custom && fn) {
    const given: GivenTerms =
      client === 'got'
        ? { named: { attemptCount: 'linear', computedValue: 'exponential', retryAfter: 'unknown', error: 'unknown', retryOptions: 'constant' } }
        : { positional: ['linear'] };
    delay = { growth: settle(functionGrowth(fn, undefined, { resolver, attempt: fn, variant: () => undefined }, 0, given)), range: custom.range };
  }
  const limitMs = option('backoffLimit');
  if (delay.growth === 'exponential' && limitMs?.value.kind === 'number' && limitMs.value.value <= FIRST_DELAY_MS[client]) {
    delay = { growth: 'constant', range: limitMs.range };
  }
  const statusCodes = option('statusCodes');
  const codes = statusCodes && clientErrorsIn(numbersOf(statusCodes.value) ?? []);
  return {
    kind: client,
    attempt: undefined,
    range,
    calls,
    delay,
    clientErrors: statusCodes && codes && codes.length > 0 ? { codes, range: statusCodes.range } : undefined,
    counters: new Set(),
  };
}

/** Client errors a retry predicate accepts (axios-retry's `retryCondition`, p-retry's `shouldRetry`). */
function clientErrorsOfPredicate(option: Option, resolver: ValueResolver): Retry['clientErrors'] {
  const fn = functionOf(option.value);
  if (!fn?.body) return undefined;
  const statuses = new Set<number>();
  const collect = (expression: ts.Expression): void => {
    for (const status of statusesWhere(expression, resolver) ?? []) statuses.add(status);
  };
  if (!isBlock(fn.body)) collect(fn.body);
  else {
    forEachInFunction(fn.body, (node) => {
      if (!isReturnStatement(node) || !node.expression) return;
      if (node.expression.kind === Kind.TrueKeyword) {
        const branch = enclosingIf(node, fn);
        if (branch) collect(branch.expression);
      } else collect(node.expression);
    });
  }
  const codes = clientErrorsIn(statuses);
  return codes.length > 0 ? { codes, range: option.range } : undefined;
}

function enclosingIf(node: ts.Node, until: ts.Node): ts.IfStatement | undefined {
  let child = node;
  for (let current = node.parent; current && current !== until; current = current.parent) {
    if (isIfStatement(current) && current.thenStatement === child) return current;
    child = current;
  }
  return undefined;
}

interface Option {
  readonly value: Value;
  /** The property in the linted file, or where the value is written. */
  readonly range: readonly [number, number];
}

/** An option of an options object value, with where it is written (its property when that is in the linted file). */
function optionOf(options: Value, name: string, resolver: ValueResolver, sourceFile: ts.SourceFile): Option | undefined {
  for (const object of objectsOf(options)) {
    const entry = resolver.entries(object).entries.findLast((e) => e.name === name);
    if (!entry) continue;
    const value = entry.value();
    const inFile = entry.property.getSourceFile() === sourceFile;
    return { value, range: inFile ? rangeOf(entry.property) : rangeOf(object.node) };
  }
  return undefined;
}
