import type ts from 'typescript';
import type { FileAnalysis } from './analysis.js';
import type { Growth, GrowthContext, Term } from './backoff.js';
import {
  calleeName,
  clientErrorsIn,
  forEachInFunction,
  growthOf,
  isInside,
  maxGrowth,
  numbersOf,
  rangeOf,
  sequenceGrowth,
  settle,
  statusesWhere,
} from './backoff.js';
import type { HttpRequest } from './requests.js';
import { enclosingFunction } from './requests.js';
import { appendTo } from './collections.js';
import { clientRetries, helperRetries } from './retry-helpers.js';
import { findDeclaration } from './scope.js';
import { nameWords } from './tango.js';
import { callsIn, functionOf, tangoCalls } from './tango-calls.js';
import { mayReachTango } from './text-hints.js';
import type { ValueResolver } from './values.js';
import { skipOuter } from './values.js';
import { Kind, isArrayLiteralExpression, isBinaryExpression, isBreakStatement, isCallExpression, isCatchClause, isContinueStatement, isDoStatement, isForInStatement, isForOfStatement, isForStatement, isFunctionLike, isIdentifier, isIfStatement, isPostfixUnaryExpression, isPrefixUnaryExpression, isPrivateIdentifier, isReturnStatement, isSwitchStatement, isThrowStatement, isTryStatement, isVariableDeclarationList, isWhileStatement } from './syntax.js';

/** How a retry is written. */
export type RetryKind =
  | 'loop'
  | 'recursion'
  | 'p-retry'
  | 'async-retry'
  | 'promise-retry'
  | 'exponential-backoff'
  | 'axios-retry'
  | 'got'
  | 'ky'
  | 'superagent';

/** A call in the linted file that sends a Tango request: the request itself, or a call into a function that sends one. */
export interface RetriedCall {
  readonly node: ts.CallExpression;
  readonly request: HttpRequest;
}

/** The wait between attempts. */
export interface RetryDelay {
  /** `none` when nothing waits between attempts. */
  readonly growth: 'none' | Growth;
  /** Where the delay (or the option that sets it) is written, or the retry itself when there is none. */
  readonly range: readonly [number, number];
}

/** A retry of Tango requests. */
export interface Retry {
  readonly kind: RetryKind;
  /**
   * The code run once per attempt: the loop body, the recursive function, the function given to
   * the helper. Undefined for client-level retries (axios-retry, got, ky), which resend the same
   * request options.
   */
  readonly attempt: ts.Node | undefined;
  /** Where the retry is written: the loop keyword, the recursive call, the helper's name. */
  readonly range: readonly [number, number];
  /** The Tango requests retried that are sent from the linted file. */
  readonly calls: readonly RetriedCall[];
  readonly delay: RetryDelay;
  /** Client errors (4xx other than 408 and 429) the retry repeats on, and where that is written. */
  readonly clientErrors: { readonly codes: readonly number[]; readonly range: readonly [number, number] } | undefined;
  /** Declarations whose value changes from attempt to attempt: loop counters, recursion parameters. */
  readonly counters: ReadonlySet<ts.Node>;
}

type Loop = ts.ForStatement | ts.ForOfStatement | ts.WhileStatement | ts.DoStatement;

const RETRY_WORDS = new Set(['attempt', 'attempts', 'retry', 'retries', 'retried', 'tries', 'tried', 'try', 'backoff', 'success', 'succeeded']);
const COLLECTION_WORDS = new Set(['length', 'size', 'shift', 'pop', 'next', 'cursor', 'page', 'pages', 'queue', 'items', 'batch']);
const FAILURE_WORDS = /\bok\b|status|err|fail|retry|attempt|throttl|limit/i;
const DELAY_NAME = /^(?:sleep|delay|wait|pause|snooze|backoff|setTimeout)(?:Ms|For|Async|Millis)?$/i;

/** Every retry of Tango requests written in (or reaching requests from) the linted file. */
export function retries(analysis: FileAnalysis): readonly Retry[] {
  return analysis.memo('retries:all', () => {
    // Every retry the rules judge repeats a Tango request, which needs a Tango mention in reach.
    if (!mayReachTango(analysis)) return [];
    const calls = tangoCalls(analysis);
    const loops = new Map<Loop, RetriedCall[]>();
    const functions = new Map<ts.FunctionLikeDeclaration, RetriedCall[]>();
    for (const [node, request] of calls) {
      let child: ts.Node = node;
      for (let current = node.parent; current && !isFunctionLike(current); current = current.parent) {
        if (isLoop(current) && current.statement === child) appendTo(loops, current, { node, request });
        child = current;
      }
      const fn = enclosingFunction(node);
      if (fn) appendTo(functions, fn, { node, request });
    }
    const found: Retry[] = [];
    for (const [loop, work] of loops) {
      const retry = loopRetry(loop, work, analysis);
      if (retry) found.push(retry);
    }
    for (const [fn, work] of functions) {
      const retry = recursionRetry(fn, work, analysis);
      if (retry) found.push(retry);
    }
    found.push(...helperRetries(analysis, calls), ...clientRetries(analysis));
    return found.sort((a, b) => a.range[0] - b.range[0]);
  });
}

/**
 * The innermost retry that repeats `node` once per attempt: a loop, recursive function or retry
 * helper function containing it, or calling (in this file) the function that contains it.
 */
export function retryAround(analysis: FileAnalysis, node: ts.Node): Retry | undefined {
  let best: Retry | undefined;
  for (const retry of retries(analysis)) {
    if (!retry.attempt || !runsPerAttempt(analysis, retry, node)) continue;
    if (!best || (best.attempt && retry.attempt.end - retry.attempt.pos < best.attempt.end - best.attempt.pos)) best = retry;
  }
  return best;
}

/**
 * True when `node` is evaluated again on every attempt of `retry`: it sits in the attempt's code,
 * or in a function that the attempt's code calls (the function around `node`, or one of the two
 * functions around that), in any file.
 */
export function runsPerAttempt(analysis: FileAnalysis, retry: Retry, node: ts.Node): boolean {
  const attempt = retry.attempt;
  if (!attempt) return false;
  if (isInside(node, attempt)) return !isParameterDefault(node, attempt);
  let fn = enclosingFunction(node);
  for (let depth = 0; fn && depth < 3; depth++) {
    if (callsWithin(analysis, attempt, fn)) return true;
    fn = enclosingFunction(fn);
  }
  return false;
}

function loopRetry(loop: Loop, work: RetriedCall[], analysis: FileAnalysis): Retry | undefined {
  if (!isRetryLoop(loop, work, analysis)) return undefined;
  const { resolver } = analysis;
  const counters = loopCounters(loop, resolver);
  const context: GrowthContext = { resolver, attempt: loop.statement, variant: (d) => counters.get(d) };
  const range = keywordRange(loop);
  return {
    kind: 'loop',
    attempt: loop.statement,
    range,
    calls: work,
    delay: delayIn(loop, context, range, analysis),
    clientErrors: retriedClientErrors(loop.statement, resolver, (branch) => containsContinue(branch)),
    counters: new Set(counters.keys()),
  };
}

/** A loop retries when it is not walking a collection and it stops on success or goes round again after a failure. */
function isRetryLoop(loop: Loop, work: RetriedCall[], analysis: FileAnalysis): boolean {
  if (isForOfStatement(loop)) {
    const iterable = skipOuter(loop.expression);
    const numbers = isArrayLiteralExpression(iterable) && numbersOf(analysis.resolver.value(iterable));
    if (!numbers && !hasWord(loop.initializer, RETRY_WORDS)) return false;
  }
  const header = loopHeader(loop);
  if (header.some((node) => hasWord(node, COLLECTION_WORDS))) return false;
  if (header.some((node) => hasWord(node, RETRY_WORDS))) return true;
  return work.some(({ node }) => exitsAfter(loop, node) || (continuesAfterCatch(loop, node) && hasDelayCall(loop, analysis)));
}

function loopHeader(loop: Loop): ts.Node[] {
  if (isForStatement(loop)) return [loop.initializer, loop.condition, loop.incrementor].filter((n): n is ts.Expression => n !== undefined);
  if (isForOfStatement(loop)) return [loop.initializer];
  return [loop.expression];
}

/** A `return` or `break` out of the loop after the request, outside any `catch`: the loop ends once a request succeeds. */
function exitsAfter(loop: Loop, work: ts.Node): boolean {
  let exits = false;
  forEachInFunction(loop.statement, (node) => {
    if (exits || node.end < work.end) return;
    if (!isReturnStatement(node) && !isBreakStatement(node)) return;
    if (isBreakStatement(node) && !node.label && innerBreakTarget(node, loop)) return;
    if (!insideCatch(node, loop)) exits = true;
  });
  return exits;
}

function innerBreakTarget(node: ts.Node, loop: Loop): boolean {
  for (let current = node.parent; current && current !== loop; current = current.parent) {
    if (isLoop(current) || isSwitchStatement(current) || isForInStatement(current)) return true;
  }
  return false;
}

function insideCatch(node: ts.Node, until: ts.Node): boolean {
  for (let current = node.parent; current && current !== until; current = current.parent) if (isCatchClause(current)) return true;
  return false;
}

/** The request sits in a `try` whose `catch` can fall through to the next round. */
function continuesAfterCatch(loop: Loop, work: ts.Node): boolean {
  for (let current: ts.Node = work; current.parent && current !== loop; current = current.parent) {
    const parent = current.parent;
    if (isTryStatement(parent) && parent.tryBlock === current && parent.catchClause) {
      const last = parent.catchClause.block.statements.at(-1);
      return !last || !(isThrowStatement(last) || isReturnStatement(last));
    }
  }
  return false;
}

function hasDelayCall(scope: ts.Node, analysis: FileAnalysis): boolean {
  return callsIn(scope).some((call) => delayArgument(call, analysis.resolver) !== undefined);
}

/**
 * The declarations that change from one round of a loop to the next: the loop's own variables,
 * and variables declared outside its body that it updates (`attempt++`, `delay *= 2`).
 */
function loopCounters(loop: Loop, resolver: ValueResolver): Map<ts.Node, Term> {
  const counters = new Map<ts.Node, Term>();
  if (isForStatement(loop) && loop.initializer && isVariableDeclarationList(loop.initializer)) {
    for (const declaration of loop.initializer.declarations) counters.set(declaration, 'linear');
  }
  if (isForOfStatement(loop) && isVariableDeclarationList(loop.initializer)) {
    const declaration = loop.initializer.declarations[0];
    const numbers = numbersOf(resolver.value(loop.expression));
    if (declaration) counters.set(declaration, numbers ? sequenceGrowth(numbers) : 'linear');
  }
  const assignments: { declaration: ts.Node; right: ts.Expression }[] = [];
  const note = (declaration: ts.Node | undefined, term: Term): void => {
    if (!declaration || isInside(declaration, loop.statement)) return;
    const previous = counters.get(declaration);
    counters.set(declaration, previous === undefined ? term : maxGrowth(settle(previous), settle(term)));
  };
  forEachInFunction(loop, (node) => {
    if ((isPrefixUnaryExpression(node) || isPostfixUnaryExpression(node)) && isIncrement(node.operator) && isIdentifier(node.operand)) {
      note(findDeclaration(node.operand), 'linear');
    } else if (isBinaryExpression(node) && isIdentifier(node.left)) {
      const kind = node.operatorToken.kind;
      if (kind === Kind.PlusEqualsToken || kind === Kind.MinusEqualsToken) note(findDeclaration(node.left), 'linear');
      else if (kind === Kind.AsteriskEqualsToken || kind === Kind.LessThanLessThanEqualsToken || kind === Kind.AsteriskAsteriskEqualsToken) {
        note(findDeclaration(node.left), 'exponential');
      } else if (kind === Kind.EqualsToken) {
        const declaration = findDeclaration(node.left);
        if (declaration) assignments.push({ declaration, right: node.right });
      }
    }
  });
  // Plain assignments are read once the counters they use are known: `wait = base * 2 ** attempt`.
  for (const { declaration, right } of assignments) {
    const context: GrowthContext = {
      resolver,
      attempt: loop.statement,
      variant: (d) => (d === declaration ? 'self' : counters.get(d)),
    };
    note(declaration, growthOf(right, context));
  }
  return counters;
}

function recursionRetry(fn: ts.FunctionLikeDeclaration, work: RetriedCall[], analysis: FileAnalysis): Retry | undefined {
  const { resolver } = analysis;
  const selfCalls = callsIn(fn).filter((call) => functionOf(resolver.value(call.expression)) === fn);
  const retryish = fn.parameters.some((p) => hasWord(p.name, RETRY_WORDS));
  const retrying = selfCalls.filter((call) => retryish || afterFailure(call, fn));
  const first = retrying[0];
  if (!first) return undefined;
  const counters = new Map<ts.Node, Term>();
  fn.parameters.forEach((parameter, index) => {
    for (const call of retrying) {
      const arg = call.arguments[index];
      if (!arg || (isIdentifier(skipOuter(arg)) && findDeclaration(skipOuter(arg) as ts.Identifier) === parameter)) continue;
      const term = growthOf(arg, { resolver, attempt: fn, variant: (d) => (d === parameter ? 'self' : undefined) });
      const previous = counters.get(parameter);
      counters.set(parameter, previous === undefined ? settle(term) : maxGrowth(settle(previous), settle(term)));
    }
  });
  const context: GrowthContext = { resolver, attempt: fn, variant: (d) => counters.get(d) };
  const range = [first.expression.getStart(), first.expression.end] as const;
  const isSelfCall = (branch: ts.Node): boolean => retrying.some((call) => isInside(call, branch));
  return {
    kind: 'recursion',
    attempt: fn,
    range,
    calls: work,
    delay: delayIn(fn, context, range, analysis),
    clientErrors: fn.body ? retriedClientErrors(fn.body, resolver, isSelfCall) : undefined,
    counters: new Set(counters.keys()),
  };
}

/** The recursive call is made after a failure: in a `catch`, a `.catch(...)` handler, or under a failed check. */
function afterFailure(call: ts.CallExpression, fn: ts.FunctionLikeDeclaration): boolean {
  let child: ts.Node = call;
  for (let current = call.parent; current && current !== fn; current = current.parent) {
    if (isCatchClause(current)) return true;
    if (isIfStatement(current) && current.expression !== child && FAILURE_WORDS.test(current.expression.getText())) return true;
    if (isCallExpression(current) && calleeName(current.expression) === 'catch' && child !== current.expression) return true;
    child = current;
  }
  return false;
}

/** Where a retry waits, and how the wait grows: delay calls in its code (`await sleep(ms)`, `setTimeout(fn, ms)`). */
function delayIn(scope: ts.Node, context: GrowthContext, fallback: readonly [number, number], analysis: FileAnalysis): RetryDelay {
  let best: RetryDelay | undefined;
  for (const call of callsIn(scope)) {
    const growth = delayGrowth(call, context, analysis, 0);
    if (growth === undefined) continue;
    const argument = delayArgument(call, analysis.resolver);
    const range = argument?.expression ? rangeOf(argument.expression) : rangeOf(call);
    if (!best || best.growth === 'none' || maxGrowth(best.growth, growth) !== best.growth) best = { growth, range };
  }
  return best ?? { growth: 'none', range: fallback };
}

function delayGrowth(call: ts.CallExpression, context: GrowthContext, analysis: FileAnalysis, depth: number): Growth | undefined {
  const { resolver } = analysis;
  const fn = depth < 2 ? functionOf(resolver.value(call.expression)) : undefined;
  if (fn?.body && !isInside(call, fn)) {
    // A project helper (`await backoff(attempt)`): the delay inside it, its parameters bound to this call's arguments.
    const bound = new Map<ts.Node, Term>();
    fn.parameters.forEach((parameter, index) => {
      const arg = call.arguments[index];
      bound.set(parameter, arg ? growthOf(arg, context) : 'constant');
    });
    const inner: GrowthContext = { resolver, attempt: fn, variant: (d) => bound.get(d) };
    let growth: Growth | undefined;
    for (const innerCall of callsIn(fn)) {
      const found = delayGrowth(innerCall, inner, analysis, depth + 1);
      if (found !== undefined) growth = growth === undefined ? found : maxGrowth(growth, found);
    }
    if (growth !== undefined || !DELAY_NAME.test(calleeName(call.expression) ?? '')) return growth;
  }
  const argument = delayArgument(call, resolver);
  if (!argument) return undefined;
  return argument.expression ? settle(growthOf(argument.expression, context)) : 'constant';
}

/** The wait of a delay call: `sleep(ms)`, `delay(ms)`, `setTimeout(fn, ms)`, `timers/promises` `setTimeout(ms)`. */
function delayArgument(call: ts.CallExpression, resolver: ValueResolver): { expression: ts.Expression | undefined } | undefined {
  const name = calleeName(call.expression);
  if (!name || !DELAY_NAME.test(name)) return undefined;
  const [first, second] = call.arguments;
  if (name === 'setTimeout') {
    const callee = resolver.value(call.expression);
    if (callee.kind === 'global') {
      // A timer that aborts a request is a timeout, not a wait between attempts.
      if (first && /\.abort\s*\(/.test(first.getText())) return undefined;
      return { expression: second };
    }
  }
  return { expression: first };
}

/** Client errors a retry goes round again on: conditions of `if` branches that retry (`continue`, the recursive call). */
function retriedClientErrors(scope: ts.Node, resolver: ValueResolver, retriesIn: (branch: ts.Node) => boolean): Retry['clientErrors'] {
  let found: Retry['clientErrors'];
  forEachInFunction(scope, (node) => {
    if (found || !isIfStatement(node) || !retriesIn(node.thenStatement)) return;
    const statuses = statusesWhere(node.expression, resolver);
    const codes = statuses && clientErrorsIn(statuses);
    if (codes && codes.length > 0) found = { codes, range: rangeOf(node.expression) };
  });
  return found;
}

function containsContinue(branch: ts.Node): boolean {
  let found = false;
  forEachInFunction(branch, (node) => {
    if (isContinueStatement(node)) found = true;
  });
  return found;
}

function callsWithin(analysis: FileAnalysis, attempt: ts.Node, fn: ts.FunctionLikeDeclaration): boolean {
  return callsIn(attempt).some((call) => functionOf(analysis.resolver.value(call.expression)) === fn);
}

/** A parameter default of the recursive function is taken to be computed once and passed on by the recursive call. */
function isParameterDefault(node: ts.Node, attempt: ts.Node): boolean {
  if (!isFunctionLike(attempt)) return false;
  return attempt.parameters.some((parameter) => isInside(node, parameter));
}

function isIncrement(operator: ts.SyntaxKind): boolean {
  return operator === Kind.PlusPlusToken || operator === Kind.MinusMinusToken;
}

function isLoop(node: ts.Node): node is Loop {
  return isForStatement(node) || isForOfStatement(node) || isWhileStatement(node) || isDoStatement(node);
}

/** True when an identifier under `node` has one of `words` among its name words (`maxRetries`, `attemptCount`). */
function hasWord(node: ts.Node, words: ReadonlySet<string>): boolean {
  let found = false;
  forEachInFunction(node, (child) => {
    if (!found && (isIdentifier(child) || isPrivateIdentifier(child))) found = nameWords(child.text).some((w) => words.has(w));
  });
  return found;
}

function keywordRange(loop: Loop): readonly [number, number] {
  const start = loop.getStart();
  const keyword = isDoStatement(loop) ? 'do' : isWhileStatement(loop) ? 'while' : 'for';
  return [start, start + keyword.length];
}

/** A retry of Tango requests that does not back off, or that repeats client errors. */
export interface BackoffFinding {
  readonly problem: 'no-delay' | 'constant-delay' | 'client-errors';
  readonly retry: RetryKind;
  readonly range: readonly [number, number];
  /** For `client-errors`: the 4xx statuses retried. */
  readonly codes?: readonly number[];
}

/** How each kind of retry reads in a message. */
export const RETRY_NAMES: Readonly<Record<RetryKind, string>> = {
  loop: 'a retry loop',
  recursion: 'a recursive retry',
  'p-retry': 'p-retry',
  'async-retry': 'async-retry',
  'promise-retry': 'promise-retry',
  'exponential-backoff': 'exponential-backoff',
  'axios-retry': 'axios-retry',
  got: "got's retry",
  ky: "ky's retry",
  superagent: "superagent's retry",
};

/** Backoff findings for the file's retries: no wait, a wait that never grows, client errors retried. */
export function backoffFindings(analysis: FileAnalysis): readonly BackoffFinding[] {
  return analysis.memo('retries:backoff', () => {
    const findings: BackoffFinding[] = [];
    for (const retry of retries(analysis)) {
      if (retry.delay.growth === 'none') findings.push({ problem: 'no-delay', retry: retry.kind, range: retry.delay.range });
      else if (retry.delay.growth === 'constant') findings.push({ problem: 'constant-delay', retry: retry.kind, range: retry.delay.range });
      if (retry.clientErrors) findings.push({ problem: 'client-errors', retry: retry.kind, range: retry.clientErrors.range, codes: retry.clientErrors.codes });
    }
    return findings.sort((a, b) => a.range[0] - b.range[0]);
  });
}
