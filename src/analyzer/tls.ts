import path from 'node:path';
import type ts from 'typescript';
import type { FileAnalysis } from './analysis.js';
import type { TextEdit } from './edits.js';
import { removeProperty, removeStatement } from './edits.js';
import { indexFile, sourceFileOf } from './file-index.js';
import type { HttpRequest } from './requests.js';
import { instanceOf } from './requests.js';
import { joinUrl, leadingText } from './strings.js';
import { mayReachTlsOption } from './text-hints.js';
import type { Value, ValueOf, ValueResolver } from './values.js';
import { accessName, envVarName, objectsOf, propertyName, skipOuter } from './values.js';
import { Kind, forEachChild, isBinaryExpression, isBlock, isCallExpression, isConditionalExpression, isElementAccessExpression, isExpressionStatement, isFunctionLike, isIdentifier, isIfStatement, isPropertyAccessExpression, isPropertyAssignment, isReturnStatement, isStringLiteralLike, isThrowStatement, isVoidExpression } from './syntax.js';

export type TlsProblem =
  | 'reject-unauthorized'
  | 'strict-ssl'
  | 'insecure'
  | 'check-server-identity'
  | 'min-version'
  | 'env-reject-unauthorized'
  | 'disable-tls-certs'
  | 'insecure-agent';

/** A place where TLS peer verification is turned off or weakened. */
export interface TlsFinding {
  readonly problem: TlsProblem;
  readonly range: readonly [number, number];
  /** The option as written, e.g. `rejectUnauthorized`. */
  readonly option: string;
  /** For `insecure-agent`: the file, relative to the linted one, where the agent disables verification. */
  readonly definedIn?: string;
  readonly removal?: TextEdit;
}

const WEAK_TLS_VERSIONS = new Set(['TLSv1', 'TLSv1.1', 'SSLv3']);
const WEAK_PROTOCOL_METHODS = /^(?:SSLv2|SSLv3|TLSv1|TLSv1_1)_(?:client_|server_)?method$/;
/** Options that carry an agent or nested TLS options: got's `https`, undici's `connect`. */
const AGENT_OPTIONS = new Set(['agent', 'httpsAgent', 'dispatcher', 'https', 'connect', 'tls']);
const MAX_AGENT_DEPTH = 8;

/** Every TLS weakening in a file, including agents imported from other files. */
export function tlsFindings(analysis: FileAnalysis): readonly TlsFinding[] {
  return analysis.memo('tls:findings', () => {
    const { resolver, sourceFile } = analysis;
    // Every option judged here is written by name, in this file or in a module it imports (the
    // pre-check searches both); superagent's `disableTLSCerts()` is a call of this file.
    const foreign = mayReachTlsOption(analysis);
    if (!foreign && !sourceFile.text.includes('disableTLSCerts')) return [];
    const index = indexFile(sourceFile);
    const found: [ts.Node, TlsFinding][] = [];
    for (const property of index.properties) {
      const finding = propertyFinding(property, resolver) ?? (foreign ? importedAgentFinding(property, analysis) : undefined);
      if (finding) found.push([property, finding]);
    }
    for (const method of index.objectMethods) {
      // `checkServerIdentity() {}` written as a method.
      if (propertyName(method.name) !== 'checkServerIdentity' || !isNoOpFunction({ kind: 'function', node: method }, resolver)) continue;
      found.push([method, { problem: 'check-server-identity', range: [method.getStart(), method.end], option: 'checkServerIdentity', removal: removeProperty(method) }]);
    }
    for (const assignment of index.memberAssignments) {
      const finding = assignmentFinding(assignment, resolver);
      if (finding) found.push([assignment, finding]);
    }
    for (const call of index.calls) {
      const callee = skipOuter(call.expression);
      if (isPropertyAccessExpression(callee) && callee.name.text === 'disableTLSCerts' && call.arguments?.length === 0) {
        found.push([call, { problem: 'disable-tls-certs', range: [callee.name.getStart(), call.end], option: 'disableTLSCerts()' }]);
      }
    }
    // Agents and options from other modules matter only where such a module can set a TLS option.
    for (const request of foreign ? analysis.requests : []) {
      const finding = importedOptionsFinding(request, analysis);
      if (finding && request.optionsNode) found.push([request.optionsNode, finding]);
    }
    const findings: TlsFinding[] = [];
    for (const [node, finding] of found) if (!isLocalOnly(node, finding, analysis)) findings.push(finding);
    return findings.sort((a, b) => a.range[0] - b.range[0]);
  });
}

/** A URL whose host is this machine. */
const LOOPBACK_URL = /^\s*https?:\/\/(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?=[:/?#]|$)/i;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);
/** Flags and helpers named for local connections: `trustLocalhost`, `isLoopback(host)`. */
const LOCAL_NAME = /localhost|loopback/i;
/** Names that say the opposite: `allowNonLocalhost`, `isNotLoopback`, `skipLocalhost`. */
const NOT_LOCAL_NAME = /(?:non|not|no|skip|except|without|remote)[-_]?(?:localhost|loopback)/i;

/**
 * Whether a weakening can only take effect where it exposes nothing: in the options of a request
 * whose URL is always a loopback address, or in a branch taken only when the host is this machine
 * (`if (isLocalhost)`, `host === '127.0.0.1' ? … : …`) or when the caller's own options already
 * turn the check off (`if (options.rejectUnauthorized === false) this.disableTLSCerts()` passes the
 * caller's choice on). `NODE_TLS_REJECT_UNAUTHORIZED` and the global agent apply to every
 * connection of the process, so no branch makes them local.
 */
function isLocalOnly(node: ts.Node, finding: TlsFinding, analysis: FileAnalysis): boolean {
  if (finding.problem === 'env-reject-unauthorized' || /\bglobalAgent\b/.test(node.getText())) return false;
  const { resolver } = analysis;
  // Up to the body of the enclosing function: a test outside it does not decide when it runs.
  for (let current = node, parent = node.parent; parent && !(isFunctionLike(parent) && (parent as ts.FunctionLikeDeclaration).body === current); current = parent, parent = parent.parent) {
    if (isIfStatement(parent) && parent.thenStatement === current && guardsLocally(parent.expression, resolver)) return true;
    if (isConditionalExpression(parent) && parent.whenTrue === current && guardsLocally(parent.condition, resolver)) return true;
    if (isBinaryExpression(parent) && parent.operatorToken.kind === Kind.AmpersandAmpersandToken && parent.right === current && guardsLocally(parent.left, resolver)) return true;
  }
  return analysis.requests.some((request) => isWithinArguments(node, request.node) && isLoopbackRequest(request, resolver));
}

/** Whether one of the `&&`-joined tests of a condition keeps its branch local (see `isLocalOnly`). */
function guardsLocally(condition: ts.Expression, resolver: ValueResolver): boolean {
  const test = skipOuter(condition);
  if (isBinaryExpression(test) && test.operatorToken.kind === Kind.AmpersandAmpersandToken) {
    return guardsLocally(test.left, resolver) || guardsLocally(test.right, resolver);
  }
  if (isIdentifier(test)) return isLocalName(test.text);
  if (isPropertyAccessExpression(test)) return isLocalName(test.name.text);
  if (isCallExpression(test)) {
    const callee = skipOuter(test.expression);
    return (isIdentifier(callee) && isLocalName(callee.text)) || (isPropertyAccessExpression(callee) && isLocalName(callee.name.text));
  }
  if (!isBinaryExpression(test)) return false;
  const operator = test.operatorToken.kind;
  if (operator !== Kind.EqualsEqualsEqualsToken && operator !== Kind.EqualsEqualsToken) return false;
  return comparesLocally(test.left, test.right, resolver) || comparesLocally(test.right, test.left, resolver);
}

function isLocalName(name: string): boolean {
  return LOCAL_NAME.test(name) && !NOT_LOCAL_NAME.test(name);
}

/** `host === 'localhost'`, or `options.rejectUnauthorized === false` (the option already off). */
function comparesLocally(subject: ts.Expression, other: ts.Expression, resolver: ValueResolver): boolean {
  const literal = skipOuter(other);
  if (isStringLiteralLike(literal) && LOOPBACK_HOSTS.has(literal.text.toLowerCase())) return true;
  const inner = skipOuter(subject);
  if (!isPropertyAccessExpression(inner) && !isElementAccessExpression(inner)) return false;
  const name = accessName(inner);
  return name !== undefined && name !== 'NODE_TLS_REJECT_UNAUTHORIZED' && propertyProblem(name, () => resolver.value(literal), resolver) !== undefined;
}

/** Whether `node` is in the arguments of `call`, outside any function written there. */
function isWithinArguments(node: ts.Node, call: ts.CallExpression): boolean {
  if (node.pos < call.arguments.pos || node.end > call.end) return false;
  for (let current = node.parent; current && current !== call; current = current.parent) {
    if (isFunctionLike(current)) return false;
  }
  return true;
}

function isLoopbackRequest(request: HttpRequest, resolver: ValueResolver): boolean {
  const forms = joinUrl(request.base, request.url, resolver);
  return forms.length > 0 && forms.every((form) => LOOPBACK_URL.test(leadingText(form)));
}

function propertyFinding(property: ts.PropertyAssignment | ts.ShorthandPropertyAssignment, resolver: ValueResolver): TlsFinding | undefined {
  const name = propertyName(property.name);
  if (name === undefined) return undefined;
  const problem = propertyProblem(name, () => resolver.value(isPropertyAssignment(property) ? property.initializer : property.name), resolver);
  if (!problem) return undefined;
  return { problem, range: [property.getStart(), property.end], option: name, removal: removeProperty(property) };
}

/** What is wrong with an option, given its name and (lazily) its value. */
function propertyProblem(name: string, value: () => Value, resolver: ValueResolver): TlsProblem | undefined {
  switch (name) {
    case 'rejectUnauthorized':
      return isFalsy(value()) ? 'reject-unauthorized' : undefined;
    case 'strictSSL':
      return isFalsy(value()) ? 'strict-ssl' : undefined;
    case 'insecure':
      return isTrue(value()) ? 'insecure' : undefined;
    case 'checkServerIdentity':
      return isNoOpFunction(value(), resolver) ? 'check-server-identity' : undefined;
    case 'minVersion':
      return isOneOf(value(), (text) => WEAK_TLS_VERSIONS.has(text)) ? 'min-version' : undefined;
    case 'secureProtocol':
      return isOneOf(value(), (text) => WEAK_PROTOCOL_METHODS.test(text)) ? 'min-version' : undefined;
    case 'NODE_TLS_REJECT_UNAUTHORIZED':
      return isOneOf(value(), (text) => text === '0') ? 'env-reject-unauthorized' : undefined;
    default:
      return undefined;
  }
}

function assignmentFinding(assignment: ts.BinaryExpression, resolver: ValueResolver): TlsFinding | undefined {
  const left = assignment.left as ts.AccessExpression;
  // Built only for a finding: most member assignments set no TLS option. A statement is removed
  // only from a list of statements: as the body of an `if` or a loop, the next one would take its place.
  const statement = assignment.parent;
  const removal = (): { removal?: TextEdit } =>
    isExpressionStatement(statement) && 'statements' in statement.parent ? { removal: removeStatement(statement) } : {};
  if (envVarName(left) === 'NODE_TLS_REJECT_UNAUTHORIZED') {
    const value = resolver.value(assignment.right);
    if (!isOneOf(value, (text) => text === '0')) return undefined;
    return { problem: 'env-reject-unauthorized', range: [assignment.getStart(), assignment.end], option: 'NODE_TLS_REJECT_UNAUTHORIZED', ...removal() };
  }
  const name = accessName(left);
  if (name === undefined || name === 'NODE_TLS_REJECT_UNAUTHORIZED') return undefined;
  const problem = propertyProblem(name, () => resolver.value(assignment.right), resolver);
  if (!problem) return undefined;
  return { problem, range: [assignment.getStart(), assignment.end], option: name, ...removal() };
}

/**
 * An agent option (`agent`, `httpsAgent`, `dispatcher`, got's `https`, undici's `connect`) holding
 * an agent or TLS options defined in another file that turn verification off. The other file's
 * own finding is reported when that file is linted; here the report says where it comes from.
 */
function importedAgentFinding(property: ts.PropertyAssignment | ts.ShorthandPropertyAssignment, analysis: FileAnalysis): TlsFinding | undefined {
  const name = propertyName(property.name);
  if (name === undefined || !AGENT_OPTIONS.has(name)) return undefined;
  const { resolver, sourceFile } = analysis;
  const value = resolver.value(isPropertyAssignment(property) ? property.initializer : property.name);
  const foreign = foreignWeakness(value, resolver, sourceFile, 0, new Set());
  if (!foreign) return undefined;
  return { problem: 'insecure-agent', range: [property.getStart(), property.end], option: name, definedIn: relativeTo(sourceFile, foreign) };
}

/** A request whose options argument (or what it spreads) comes from another file and turns verification off. */
function importedOptionsFinding(request: HttpRequest, analysis: FileAnalysis): TlsFinding | undefined {
  const { resolver, sourceFile } = analysis;
  const options = request.optionsNode;
  if (!options || sourceFileOf(options) !== sourceFile) return undefined;
  const foreign = foreignWeakness(resolver.value(options), resolver, sourceFile, 0, new Set());
  if (!foreign) return undefined;
  const inner = skipOuter(options);
  const text = isIdentifier(inner) || isPropertyAccessExpression(inner) || isCallExpression(inner) ? inner.getText() : 'options';
  return {
    problem: 'insecure-agent',
    range: [options.getStart(), options.end],
    option: text.length <= 40 ? text : 'options',
    definedIn: relativeTo(sourceFile, foreign),
  };
}

function relativeTo(sourceFile: ts.SourceFile, file: string): string {
  return path.relative(path.dirname(sourceFile.fileName), file).split(path.sep).join('/');
}

/**
 * The file defining a weakened agent or TLS option reachable from a value, when it is not `here`.
 * Properties written in `here` are skipped: they are reported where they stand.
 */
function foreignWeakness(value: Value, resolver: ValueResolver, here: ts.SourceFile, depth: number, seen: Set<ts.Node>): string | undefined {
  if (depth > MAX_AGENT_DEPTH) return undefined;
  const objects: ValueOf<'object'>[] = [...objectsOf(value)];
  if (value.kind === 'call') {
    for (const arg of value.args) objects.push(...objectsOf(resolver.value(arg, value.env)));
    const instance = instanceOf(value, resolver);
    if (instance) for (const layer of instance.layers) if (layer.object) objects.push(...objectsOf(layer.object));
  }
  for (const object of objects) {
    if (seen.has(object.node)) continue;
    seen.add(object.node);
    for (const entry of resolver.entries(object).entries) {
      const file = sourceFileOf(entry.property);
      if (file === here) continue;
      if (propertyProblem(entry.name, entry.value, resolver)) return file.fileName;
      if (AGENT_OPTIONS.has(entry.name)) {
        const nested = foreignWeakness(entry.value(), resolver, here, depth + 1, seen);
        if (nested) return nested;
      }
    }
  }
  return undefined;
}

function isFalsy(value: Value): boolean {
  if (value.kind === 'alternatives') return value.options.every(isFalsy);
  return (value.kind === 'boolean' && !value.value) || (value.kind === 'number' && value.value === 0);
}

function isTrue(value: Value): boolean {
  if (value.kind === 'alternatives') return value.options.every(isTrue);
  return value.kind === 'boolean' && value.value;
}

function isOneOf(value: Value, test: (text: string) => boolean): boolean {
  if (value.kind === 'alternatives') return value.options.every((o) => isOneOf(o, test));
  if (value.kind === 'number') return test(String(value.value));
  return value.kind === 'string' && test(value.value);
}

/** A `checkServerIdentity` that accepts every certificate: it never returns an error nor throws. */
function isNoOpFunction(value: Value, resolver: ValueResolver): boolean {
  if (value.kind !== 'function') return false;
  const body = value.node.body;
  if (!body) return false;
  if (!isBlock(body)) return resolver.value(body).kind === 'nullish' || isVoidExpression(body);
  // An explicit stack: the body may nest deeply.
  const stack: ts.Node[] = [body];
  while (stack.length > 0) {
    const node = stack.pop() as ts.Node;
    if (node !== body && isFunctionLike(node)) continue;
    if (isThrowStatement(node) || isCallExpression(node)) return false;
    if (isReturnStatement(node) && node.expression && resolver.value(node.expression).kind !== 'nullish') return false;
    forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return true;
}
