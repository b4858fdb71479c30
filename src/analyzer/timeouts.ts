import type ts from 'typescript';
import type { FileAnalysis } from './analysis.js';
import type { TextEdit } from './edits.js';
import { addArgument, addProperty } from './edits.js';
import { indexFile, sourceFileOf } from './file-index.js';
import type { HttpClient, HttpRequest, OptionLayer } from './requests.js';
import { firstOption, requestOption } from './requests.js';
import type { Value, ValueResolver } from './values.js';
import { objectsOf, skipOuter } from './values.js';
import { isCallExpression, isIdentifier, isNumericLiteral, isObjectLiteralExpression, isPropertyAccessExpression } from './syntax.js';

/** How long a request waits before it fails, as far as the analysis can tell. */
export type Timeout =
  | { readonly state: 'missing' }
  /** ky's built-in 10 s applies. */
  | { readonly state: 'default'; readonly ms: number }
  /** Explicitly disabled: `timeout: 0`, ky's `timeout: false`. */
  | { readonly state: 'disabled'; readonly value: Value }
  /** Set; `ms` lists the known candidate durations, `open` whether others are possible. */
  | { readonly state: 'set'; readonly ms: readonly number[]; readonly open: boolean; readonly value: Value };

/** A Tango request whose timeout is missing, disabled or shorter than `minimumMs`. */
export interface TimeoutFinding {
  readonly problem: 'missing' | 'disabled' | 'too-short' | 'default-too-short';
  readonly client: HttpClient;
  readonly range: readonly [number, number];
  /** The shortest known timeout, for `too-short` and `default-too-short`. */
  readonly ms?: number;
  /** A fix in the client's idiom: add a timeout, or raise a literal one. */
  readonly fix?: TextEdit;
}

const KY_DEFAULT_MS = 10_000;
/** got phases that bound the whole exchange or the wait for a response (not lookup or connect). */
const GOT_PHASES = ['request', 'response', 'read', 'send', 'socket'];
const SUPERAGENT_PHASES = ['deadline', 'response'];

/** Timeout findings for the file's Tango requests. */
export function timeoutFindings(analysis: FileAnalysis, minimumMs: number): readonly TimeoutFinding[] {
  return analysis.memo(`timeouts:${minimumMs}`, () => {
    const findings: TimeoutFinding[] = [];
    const seen = new Set<string>();
    for (const { request } of analysis.tangoRequests) {
      const timeout = requestTimeout(request, analysis.resolver);
      const finding = judge(request, timeout, minimumMs);
      // A short literal shared by several requests (an instance's options) is reported once.
      const key = finding && `${finding.range[0]}:${finding.range[1]}`;
      if (finding && key && !seen.has(key)) {
        seen.add(key);
        findings.push(finding);
      }
    }
    return findings;
  });
}

function judge(request: HttpRequest, timeout: Timeout, minimumMs: number): TimeoutFinding | undefined {
  const range = requestRange(request);
  const base = { client: request.client, range };
  switch (timeout.state) {
    case 'missing': {
      const fix = addTimeoutEdit(request, minimumMs);
      return { ...base, problem: 'missing', ...(fix ? { fix } : {}) };
    }
    case 'default': {
      if (timeout.ms >= minimumMs) return undefined;
      const fix = addTimeoutEdit(request, minimumMs);
      return { ...base, problem: 'default-too-short', ms: timeout.ms, ...(fix ? { fix } : {}) };
    }
    case 'disabled':
      return { ...base, problem: 'disabled' };
    case 'set': {
      const short = timeout.ms.filter((ms) => ms < minimumMs);
      if (short.length === 0) return undefined;
      const ms = Math.min(...short);
      if (ms <= 0 && timeout.ms.length === 1 && !timeout.open) return { ...base, problem: 'disabled' };
      const literal = literalNumber(timeout.value, request);
      const fix = literal ? { range: [literal.getStart(), literal.end] as const, text: formatMs(minimumMs) } : undefined;
      return { ...base, range: literal ? [literal.getStart(), literal.end] : range, problem: 'too-short', ms, ...(fix ? { fix } : {}) };
    }
  }
}

/** The timeout that applies to a request, per client. */
export function requestTimeout(request: HttpRequest, resolver: ValueResolver): Timeout {
  const signal = requestOption(request, 'signal');
  if (signal) return signalTimeout(signal.value, request, resolver);
  if (request.interceptors.some(assignsTimeout)) return { state: 'set', ms: [], open: true, value: { kind: 'unknown', node: undefined } };
  switch (request.client) {
    case 'fetch':
      // Without a signal, only a dispatcher's timeouts bound the request.
      return dispatcherTimeout(request.layers.filter((layer) => layer.origin !== 'request'));
    case 'axios':
    case 'request':
    case 'http':
      return numericTimeout(requestOption(request, 'timeout')?.value, request, resolver);
    case 'got':
      return gotTimeout(request, resolver);
    case 'ky': {
      const value = requestOption(request, 'timeout')?.value;
      if (!value) return { state: 'default', ms: KY_DEFAULT_MS };
      if (value.kind === 'boolean' && !value.value) return { state: 'disabled', value };
      return fromValue(value);
    }
    case 'superagent':
      return phasedTimeout(requestOption(request, 'timeout')?.value, resolver, SUPERAGENT_PHASES);
    case 'undici':
      return dispatcherTimeout(request.layers);
  }
}

/** undici's `headersTimeout` and `bodyTimeout`, each from the most specific layer that sets it. */
function dispatcherTimeout(layers: readonly OptionLayer[]): Timeout {
  const values = ['headersTimeout', 'bodyTimeout'].map((name) => firstOption(layers, name)).filter((v): v is Value => v !== undefined);
  if (values.length === 0) return { state: 'missing' };
  return combine(values.map(fromValue));
}

function numericTimeout(value: Value | undefined, request: HttpRequest, resolver: ValueResolver): Timeout {
  if (value) return fromValue(value);
  const later = request.client === 'http' ? laterTimeout(request, resolver) : undefined;
  if (later) return fromValue(later);
  return { state: 'missing' };
}

/**
 * got merges the `timeout` objects of an instance and a request phase by phase; a number (got 11)
 * bounds the whole request.
 */
function gotTimeout(request: HttpRequest, resolver: ValueResolver): Timeout {
  const phases: Timeout[] = [];
  for (const key of GOT_PHASES) {
    for (const layer of request.layers) {
      const timeout = layer.get('timeout');
      if (!timeout) continue;
      const phase = objectsOf(timeout).length > 0 ? resolver.property(timeout, key) : timeout;
      if (phase) {
        phases.push(fromValue(phase));
        break;
      }
    }
  }
  return phases.length === 0 ? { state: 'missing' } : combine(phases);
}

/** got `timeout: { request }` (or the phase timeouts), superagent `timeout({ deadline, response })`, or a number. */
function phasedTimeout(value: Value | undefined, resolver: ValueResolver, keys: readonly string[]): Timeout {
  if (!value) return { state: 'missing' };
  const objects = objectsOf(value);
  if (objects.length === 0) return fromValue(value);
  const phases = objects.flatMap((object) =>
    keys.flatMap((key) => {
      const phase = resolver.property(object, key);
      return phase ? [fromValue(phase)] : [];
    }),
  );
  return phases.length === 0 ? { state: 'missing' } : combine(phases);
}

function fromValue(value: Value): Timeout {
  const { known, open } = numbers(value);
  if (!open && known.length > 0 && known.every((n) => n === 0)) return { state: 'disabled', value };
  return { state: 'set', ms: known, open, value };
}

function combine(parts: Timeout[]): Timeout {
  const ms: number[] = [];
  let open = false;
  for (const part of parts) {
    if (part.state === 'set') {
      ms.push(...part.ms);
      open ||= part.open;
    } else if (part.state === 'disabled') return part;
  }
  return { state: 'set', ms, open, value: { kind: 'unknown', node: undefined } };
}

/** The known numbers a value can be; `open` when it can also be something unknown. */
function numbers(value: Value): { known: number[]; open: boolean } {
  switch (value.kind) {
    case 'number':
      return { known: [value.value], open: false };
    case 'env':
      return value.fallback ? numbers(value.fallback) : { known: [], open: true };
    case 'alternatives': {
      const known: number[] = [];
      let open = false;
      for (const option of value.options) {
        const inner = numbers(option);
        known.push(...inner.known);
        open ||= inner.open;
      }
      return { known, open };
    }
    default:
      return { known: [], open: true };
  }
}

function signalTimeout(value: Value, request: HttpRequest, resolver: ValueResolver): Timeout {
  if (value.kind === 'call' && value.callee.kind === 'global' && value.callee.name === 'AbortSignal.timeout' && value.args[0]) {
    return fromValue(resolver.value(value.args[0], value.env));
  }
  if (value.kind === 'call' && value.callee.kind === 'global' && value.callee.name === 'AbortSignal.any') {
    return { state: 'set', ms: [], open: true, value };
  }
  // `controller.signal` with `setTimeout(() => controller.abort(), ms)` in the same function.
  const delay = abortDelay(request, resolver);
  return delay ? fromValue(delay) : { state: 'set', ms: [], open: true, value };
}

function abortDelay(request: HttpRequest, resolver: ValueResolver): Value | undefined {
  const scope = request.enclosingFunction ?? sourceFileOf(request.node);
  for (const call of indexFile(sourceFileOf(request.node)).calls) {
    if (call.pos < scope.pos || call.end > scope.end) continue;
    const callee = skipOuter(call.expression);
    if (!isIdentifier(callee) || callee.text !== 'setTimeout') continue;
    const [handler, delay] = call.arguments;
    if (!handler || !delay || !/\.abort\s*\(/.test(handler.getText())) continue;
    return resolver.value(delay);
  }
  return undefined;
}

/** The duration of `req.setTimeout(ms)` on the request `http.request` returned, chained or through its variable. */
function laterTimeout(request: HttpRequest, resolver: ValueResolver): Value | undefined {
  const durationOf = (call: ts.CallExpression): Value => {
    const ms = call.arguments[0];
    return ms ? resolver.value(ms) : { kind: 'unknown', node: call };
  };
  const parent = request.node.parent;
  if (parent && isPropertyAccessExpression(parent) && parent.name.text === 'setTimeout' && isCallExpression(parent.parent)) {
    return durationOf(parent.parent);
  }
  const name = request.resultName;
  if (!name) return undefined;
  const scope = request.enclosingFunction ?? sourceFileOf(request.node);
  for (const call of indexFile(sourceFileOf(request.node)).calls) {
    if (call.pos < scope.pos || call.end > scope.end) continue;
    const callee = skipOuter(call.expression);
    if (
      isPropertyAccessExpression(callee) &&
      callee.name.text === 'setTimeout' &&
      isIdentifier(callee.expression) &&
      callee.expression.text === name.text
    ) {
      return durationOf(call);
    }
  }
  return undefined;
}

function assignsTimeout(fn: ts.FunctionLikeDeclaration): boolean {
  return fn.body !== undefined && /\.timeout\s*=|\btimeout\s*:/.test(fn.body.getText());
}

function literalNumber(value: Value, request: HttpRequest): ts.Node | undefined {
  const node = value.node;
  if (value.kind !== 'number' || !node || sourceFileOf(node) !== sourceFileOf(request.node)) return undefined;
  return isNumericLiteral(node) ? node : undefined;
}

/** Where a timeout finding is reported: the callee and its arguments' opening, not the whole body. */
function requestRange(request: HttpRequest): [number, number] {
  const callee = request.node.expression;
  return [callee.getStart(), callee.end];
}

function formatMs(ms: number): string {
  return ms >= 10_000 ? ms.toLocaleString('en-US').replace(/,/g, '_') : String(ms);
}

/** Adds a timeout of `ms` in the client's own idiom, where the options are written in place. */
function addTimeoutEdit(request: HttpRequest, ms: number): TextEdit | undefined {
  const option = timeoutOption(request.client, formatMs(ms));
  if (request.client === 'superagent') {
    // Right after the request call: every builder method returns the request, while a later
    // link may be `.then()` or `.end()`, after which a timeout is too late or not a method.
    return { range: [request.node.end, request.node.end], text: `.timeout(${formatMs(ms)})` };
  }
  const options = request.optionsNode ? skipOuter(request.optionsNode) : undefined;
  if (options && isObjectLiteralExpression(options)) return addProperty(options, option);
  if (request.optionsNode && options) {
    // Options from a variable or a parameter: spread them into a literal that adds the timeout.
    const simple = isIdentifier(options) || isPropertyAccessExpression(options) || isCallExpression(options);
    const text = simple ? options.getText() : `(${request.optionsNode.getText()})`;
    return { range: [request.optionsNode.getStart(), request.optionsNode.end], text: `{ ...${text}, ${option} }` };
  }
  const expected = expectedArgumentsBeforeOptions(request);
  if (expected === undefined || request.node.arguments.length !== expected) return undefined;
  return addArgument(request.node, `{ ${option} }`);
}

function timeoutOption(client: HttpClient, ms: string): string {
  switch (client) {
    case 'fetch':
      return `signal: AbortSignal.timeout(${ms})`;
    case 'got':
      return `timeout: { request: ${ms} }`;
    case 'undici':
      return `headersTimeout: ${ms}, bodyTimeout: ${ms}`;
    default:
      return `timeout: ${ms}`;
  }
}

/** How many arguments come before the options argument, when a fix can append one. */
function expectedArgumentsBeforeOptions(request: HttpRequest): number | undefined {
  const callee = skipOuter(request.node.expression);
  const member = isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  switch (request.client) {
    case 'axios':
      if (member && /^(?:post|put|patch)(?:Form)?$/.test(member)) return 2;
      return 1;
    case 'fetch':
    case 'got':
    case 'ky':
    case 'request':
    case 'undici':
      return 1;
    default:
      return undefined;
  }
}
