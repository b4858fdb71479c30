import type ts from 'typescript';
import { findDeclaration } from './scope.js';
import type { Value, ValueResolver } from './values.js';
import { skipOuter } from './values.js';
import { Kind, forEachChild, isAwaitExpression, isBinaryExpression, isBindingElement, isBlock, isCallExpression, isClassLike, isConditionalExpression, isElementAccessExpression, isFunctionLike, isIdentifier, isNumericLiteral, isPrefixUnaryExpression, isPropertyAccessExpression, isReturnStatement, isSpreadElement, isStringLiteralLike, isVariableDeclaration } from './syntax.js';

/** How a retry delay changes from one attempt to the next, least to most growth. */
export type Growth = 'constant' | 'unknown' | 'linear' | 'exponential';

/**
 * A growth while classifying an update of a variable: `self` is the variable's previous value,
 * so `self * 2` is exponential and `self + 500` linear.
 */
export type Term = Growth | 'self';

const RANK: Record<Growth, number> = { constant: 0, unknown: 1, linear: 2, exponential: 3 };
const MAX_CALL_DEPTH = 3;
const MAX_DEPTH = 24;
const PASS_THROUGH = new Set(['Math.min', 'Math.max', 'Math.round', 'Math.floor', 'Math.ceil', 'Math.trunc', 'Math.abs', 'Number', 'parseInt', 'parseFloat']);
const RANDOM = new Set(['Math.random', 'crypto.randomInt', 'randomInt']);

/** What growth classification knows about the names of a retry. */
export interface GrowthContext {
  readonly resolver: ValueResolver;
  /** The growth of a declaration that changes from attempt to attempt (a counter, a doubled delay), if it does. */
  readonly variant: (declaration: ts.Node) => Term | undefined;
  /** The code run once per attempt: a variable declared inside it is followed to its initializer. */
  readonly attempt: ts.Node | undefined;
}

/** The larger of two growths; `self` counts as constant. */
export function maxGrowth(a: Growth, b: Growth): Growth {
  return RANK[a] >= RANK[b] ? a : b;
}

/** A term's growth once the update is known to be applied every attempt. */
export function settle(term: Term): Growth {
  return term === 'self' ? 'constant' : term;
}

/** How an expression's value grows over the attempts of a retry. */
export function growthOf(expression: ts.Expression, context: GrowthContext, depth = 0): Term {
  if (depth > MAX_DEPTH) return 'unknown';
  const node = skipOuter(expression);
  if (isNumericLiteral(node) || isStringLiteralLike(node)) return 'constant';
  if (isAwaitExpression(node)) return growthOf(node.expression, context, depth + 1);
  if (isIdentifier(node)) return identifierGrowth(node, context, depth);
  if (isPropertyAccessExpression(node) || isElementAccessExpression(node)) return accessGrowth(node, context, depth);
  if (isPrefixUnaryExpression(node)) return growthOf(node.operand, context, depth + 1);
  if (isConditionalExpression(node)) {
    return settleMax(growthOf(node.whenTrue, context, depth + 1), growthOf(node.whenFalse, context, depth + 1));
  }
  if (isBinaryExpression(node)) return binaryGrowth(node, context, depth);
  if (isCallExpression(node)) return callGrowth(node, context, depth);
  return 'unknown';
}

function identifierGrowth(identifier: ts.Identifier, context: GrowthContext, depth: number): Term {
  if (identifier.text === 'Infinity' || identifier.text === 'undefined') return 'constant';
  const declaration = findDeclaration(identifier);
  if (!declaration) return 'unknown';
  const variant = context.variant(declaration);
  if (variant !== undefined) return variant;
  if (isVariableDeclaration(declaration) && isInside(declaration, context.attempt)) {
    return declaration.initializer ? growthOf(declaration.initializer, context, depth + 1) : 'unknown';
  }
  if (isBindingElement(declaration) && isInside(declaration, context.attempt)) return 'unknown';
  // Declared outside the attempt and never updated in it: the same value every attempt.
  return 'constant';
}

function accessGrowth(access: ts.AccessExpression, context: GrowthContext, depth: number): Term {
  if (isElementAccessExpression(access)) {
    const index = growthOf(access.argumentExpression, context, depth + 1);
    if (index === 'linear') {
      const sequence = numbersOf(context.resolver.value(access.expression));
      return sequence ? sequenceGrowth(sequence) : 'unknown';
    }
  }
  let root: ts.Expression = access;
  while (isPropertyAccessExpression(root) || isElementAccessExpression(root)) root = skipOuter(root.expression);
  if (root.kind === Kind.ThisKeyword) return 'constant';
  if (!isIdentifier(root)) return 'unknown';
  const growth = identifierGrowth(root, context, depth + 1);
  return growth === 'constant' || growth === 'self' ? 'constant' : 'unknown';
}

function binaryGrowth(binary: ts.BinaryExpression, context: GrowthContext, depth: number): Term {
  const operator = binary.operatorToken.kind;
  const left = growthOf(binary.left, context, depth + 1);
  const right = growthOf(binary.right, context, depth + 1);
  switch (operator) {
    case Kind.AsteriskAsteriskToken:
    case Kind.LessThanLessThanToken:
      return powerGrowth(left, right);
    case Kind.AsteriskToken:
      if ((left === 'self' && scalesUp(binary.right, right)) || (right === 'self' && scalesUp(binary.left, left))) return 'exponential';
      return settleMax(left, right);
    case Kind.PlusToken:
      if (left === 'self' && right === 'self') return 'exponential';
      if (left === 'self' || right === 'self') return maxGrowth('linear', settleMax(left, right));
      return settleMax(left, right);
    case Kind.MinusToken:
      // `retriesLeft - 1` passed to the next attempt is a counter too.
      if (left === 'self' && right !== 'self') return 'linear';
      return settle(left);
    case Kind.SlashToken:
    case Kind.PercentToken:
    case Kind.GreaterThanGreaterThanToken:
      return settle(left);
    case Kind.BarBarToken:
    case Kind.QuestionQuestionToken:
      return settleMax(left, right);
    case Kind.CommaToken:
      return right;
    default:
      return 'unknown';
  }
}

function callGrowth(call: ts.CallExpression, context: GrowthContext, depth: number): Term {
  const name = calleeName(call.expression);
  const args = call.arguments.filter((a) => !isSpreadElement(a));
  if (name === 'Math.pow' && args[0] && args[1]) {
    return powerGrowth(growthOf(args[0], context, depth + 1), growthOf(args[1], context, depth + 1));
  }
  if (name && RANDOM.has(name)) return 'constant';
  if (name && PASS_THROUGH.has(name)) {
    return args.reduce<Growth>((acc, arg) => maxGrowth(acc, settle(growthOf(arg, context, depth + 1))), 'constant');
  }
  if (depth < MAX_DEPTH && callDepth(context) < MAX_CALL_DEPTH) {
    const callee = context.resolver.value(call.expression);
    if (callee.kind === 'function' && callee.node.body) return functionGrowth(callee.node, call, context, depth);
  }
  if (name && /exponential/i.test(name)) return 'exponential';
  return 'unknown';
}

/** Growths given to a function's parameters by the code that calls it (a retry helper). */
export interface GivenTerms {
  readonly positional?: readonly Term[];
  /** By name, for destructured parameters such as got's `({ attemptCount, computedValue })`. */
  readonly named?: Readonly<Record<string, Term>>;
}

/** The growth of what a function returns, its parameters bound to the growth of the call's arguments. */
export function functionGrowth(fn: ts.FunctionLikeDeclaration, call: ts.CallExpression | undefined, context: GrowthContext, depth = 0, given: GivenTerms = {}): Term {
  const bound = new Map<ts.Node, Term>();
  fn.parameters.forEach((parameter, index) => {
    if (!isIdentifier(parameter.name)) {
      for (const element of parameter.name.elements) {
        const term = isBindingElement(element) ? given.named?.[(element.propertyName ?? element.name).getText()] : undefined;
        if (term && isBindingElement(element)) bound.set(element, term);
      }
      return;
    }
    const arg = call?.arguments[index];
    bound.set(parameter, given.positional?.[index] ?? (arg ? growthOf(arg, context, depth + 1) : 'constant'));
  });
  const inner: GrowthContext & { callDepth: number } = {
    resolver: context.resolver,
    attempt: fn,
    variant: (declaration) => bound.get(declaration) ?? (isInside(declaration, fn) ? undefined : context.variant(declaration)),
    callDepth: callDepth(context) + 1,
  };
  const returns = returnedExpressions(fn);
  if (returns.length === 0) return 'unknown';
  return returns.reduce<Term>((acc, expression, index) => {
    const term = growthOf(expression, inner, depth + 1);
    return index === 0 ? term : settleMax(acc, term);
  }, 'constant');
}

function callDepth(context: GrowthContext): number {
  return (context as { callDepth?: number }).callDepth ?? 0;
}

function powerGrowth(base: Term, exponent: Term): Growth {
  if (exponent === 'linear' || exponent === 'exponential' || exponent === 'self') return 'exponential';
  if (exponent === 'unknown') return 'unknown';
  return settle(base);
}

function scalesUp(expression: ts.Expression, term: Term): boolean {
  const node = skipOuter(expression);
  if (isNumericLiteral(node)) return Number(node.text) > 1;
  return term === 'constant';
}

function settleMax(a: Term, b: Term): Growth {
  return maxGrowth(settle(a), settle(b));
}

/** How a list of delays grows: the delays of `for (const ms of [500, 1000, 2000])`. */
export function sequenceGrowth(numbers: readonly number[]): Growth {
  if (numbers.length < 2) return 'constant';
  let growing = false;
  let doubling = true;
  for (let i = 1; i < numbers.length; i++) {
    const previous = numbers[i - 1] as number;
    const current = numbers[i] as number;
    if (current < previous) return 'constant';
    if (current > previous) growing = true;
    if (previous <= 0 || current / previous < 1.5) doubling = false;
  }
  if (!growing) return 'constant';
  return doubling ? 'exponential' : 'linear';
}

/** The numbers of an array value written in source, when every element is a known number. */
export function numbersOf(value: Value): number[] | undefined {
  if (value.kind !== 'array') return undefined;
  const numbers: number[] = [];
  for (const element of value.node.elements) {
    if (!isNumericLiteral(skipOuter(element as ts.Expression))) return undefined;
    numbers.push(Number((skipOuter(element as ts.Expression) as ts.NumericLiteral).text));
  }
  return numbers;
}

/** The expressions a function can return (an arrow's expression body, or its `return`s). */
export function returnedExpressions(fn: ts.FunctionLikeDeclaration): ts.Expression[] {
  const body = fn.body;
  if (!body) return [];
  if (!isBlock(body)) return [body];
  const found: ts.Expression[] = [];
  forEachInFunction(body, (node) => {
    if (isReturnStatement(node) && node.expression) found.push(node.expression);
  });
  return found;
}

/** Visits a function body's nodes without entering nested functions or classes (iteratively). */
export function forEachInFunction(root: ts.Node, visit: (node: ts.Node) => void): void {
  const stack: ts.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as ts.Node;
    if (node !== root && (isFunctionLike(node) || isClassLike(node))) continue;
    visit(node);
    forEachChild(node, (child) => {
      stack.push(child);
    });
  }
}

/** `Math.min` for `Math.min`, `sleep` for `sleep`, `exponentialDelay` for `axiosRetry.exponentialDelay`. */
export function calleeName(expression: ts.Expression): string | undefined {
  const node = skipOuter(expression);
  if (isIdentifier(node)) return node.text;
  if (isPropertyAccessExpression(node)) {
    const object = skipOuter(node.expression);
    if (isIdentifier(object) && (object.text === 'Math' || object.text === 'crypto')) return `${object.text}.${node.name.text}`;
    return node.name.text;
  }
  return undefined;
}

/** The `[start, end]` offsets of a node, without its leading trivia. */
export function rangeOf(node: ts.Node): readonly [number, number] {
  return [node.getStart(), node.end];
}

/** True when `node` lies within `container` in the same file. */
export function isInside(node: ts.Node, container: ts.Node | undefined): boolean {
  if (!container || node.getSourceFile() !== container.getSourceFile()) return false;
  return node.pos >= container.pos && node.end <= container.end;
}

/** Every status in 100–599, for complements. */
const ALL_STATUSES: readonly number[] = Array.from({ length: 500 }, (_, i) => i + 100);

/**
 * The HTTP statuses for which a condition is surely true, when it tests a response status
 * (`status === 429`, `status >= 500`, `[502, 503].includes(status)`); undefined when it does not.
 * A side of `&&` or `||` that does not test the status (`error.response && ...`) is ignored.
 */
export function statusesWhere(expression: ts.Expression, resolver: ValueResolver, depth = 0): Set<number> | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const node = skipOuter(expression);
  if (isPrefixUnaryExpression(node) && node.operator === Kind.ExclamationToken) {
    const inner = statusesWhere(node.operand, resolver, depth + 1);
    return inner && new Set(ALL_STATUSES.filter((s) => !inner.has(s)));
  }
  if (isCallExpression(node)) return membershipStatuses(node, resolver);
  if (!isBinaryExpression(node)) return undefined;
  const operator = node.operatorToken.kind;
  if (operator === Kind.AmpersandAmpersandToken || operator === Kind.BarBarToken) {
    const left = statusesWhere(node.left, resolver, depth + 1);
    const right = statusesWhere(node.right, resolver, depth + 1);
    if (!left || !right) return left ?? right;
    return operator === Kind.BarBarToken
      ? new Set([...left, ...right])
      : new Set([...left].filter((s) => right.has(s)));
  }
  const comparison = statusComparison(node, resolver);
  if (!comparison) return undefined;
  const { operator: op, value } = comparison;
  return new Set(ALL_STATUSES.filter((s) => compare(op, s, value)));
}

function membershipStatuses(call: ts.CallExpression, resolver: ValueResolver): Set<number> | undefined {
  const callee = skipOuter(call.expression);
  const arg = call.arguments[0];
  if (!isPropertyAccessExpression(callee) || !arg || !isStatusExpression(arg)) return undefined;
  if (callee.name.text !== 'includes' && callee.name.text !== 'has') return undefined;
  let list = resolver.value(callee.expression);
  if (list.kind === 'call' && list.callee.kind === 'global' && list.callee.name === 'Set' && list.args[0]) list = resolver.value(list.args[0], list.env);
  const numbers = numbersOf(list);
  return numbers && new Set(numbers);
}

type Comparison = '===' | '!==' | '<' | '<=' | '>' | '>=';

function statusComparison(binary: ts.BinaryExpression, resolver: ValueResolver): { operator: Comparison; value: number } | undefined {
  const operator = comparisonOf(binary.operatorToken.kind);
  if (!operator) return undefined;
  if (isStatusExpression(binary.left)) {
    const value = resolver.value(binary.right);
    return value.kind === 'number' ? { operator, value: value.value } : undefined;
  }
  if (isStatusExpression(binary.right)) {
    const value = resolver.value(binary.left);
    return value.kind === 'number' ? { operator: flip(operator), value: value.value } : undefined;
  }
  return undefined;
}

function comparisonOf(kind: ts.SyntaxKind): Comparison | undefined {
  switch (kind) {
    case Kind.EqualsEqualsEqualsToken:
    case Kind.EqualsEqualsToken:
      return '===';
    case Kind.ExclamationEqualsEqualsToken:
    case Kind.ExclamationEqualsToken:
      return '!==';
    case Kind.LessThanToken:
      return '<';
    case Kind.LessThanEqualsToken:
      return '<=';
    case Kind.GreaterThanToken:
      return '>';
    case Kind.GreaterThanEqualsToken:
      return '>=';
    default:
      return undefined;
  }
}

function flip(operator: Comparison): Comparison {
  const flipped: Record<Comparison, Comparison> = { '===': '===', '!==': '!==', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
  return flipped[operator];
}

function compare(operator: Comparison, status: number, value: number): boolean {
  switch (operator) {
    case '===':
      return status === value;
    case '!==':
      return status !== value;
    case '<':
      return status < value;
    case '<=':
      return status <= value;
    case '>':
      return status > value;
    case '>=':
      return status >= value;
  }
}

/** `res.status`, `error.response?.status`, `err.statusCode`, or a variable named `status`. */
export function isStatusExpression(expression: ts.Expression): boolean {
  let node = skipOuter(expression);
  // `error.response?.status ?? 0`
  while (isBinaryExpression(node) && (node.operatorToken.kind === Kind.QuestionQuestionToken || node.operatorToken.kind === Kind.BarBarToken)) {
    node = skipOuter(node.left);
  }
  if (isPropertyAccessExpression(node)) return node.name.text === 'status' || node.name.text === 'statusCode';
  if (isIdentifier(node)) return /^(?:status|statusCode|httpStatus|responseStatus)$/.test(node.text);
  return false;
}

/** The client errors among statuses that a retry should not repeat: 4xx other than 408 and 429. */
export function clientErrorsIn(statuses: Iterable<number>): number[] {
  return [...statuses].filter((s) => s >= 400 && s <= 499 && s !== 408 && s !== 429).sort((a, b) => a - b);
}
