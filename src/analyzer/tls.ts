import path from 'node:path';
import type ts from 'typescript';
import type { FileAnalysis } from './analysis.js';
import type { TextEdit } from './edits.js';
import { removeProperty, removeStatement } from './edits.js';
import { indexFile, sourceFileOf } from './file-index.js';
import type { HttpRequest } from './requests.js';
import { instanceOf } from './requests.js';
import { mayReachTlsOption } from './text-hints.js';
import type { Value, ValueOf, ValueResolver } from './values.js';
import { accessName, envVarName, objectsOf, propertyName, skipOuter } from './values.js';
import { forEachChild, isBlock, isCallExpression, isExpressionStatement, isFunctionLike, isIdentifier, isPropertyAccessExpression, isPropertyAssignment, isReturnStatement, isThrowStatement, isVoidExpression } from './syntax.js';

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
    const index = indexFile(sourceFile);
    const findings: TlsFinding[] = [];
    // Agents and options from other modules matter only where such a module can set a TLS option.
    const foreign = mayReachTlsOption(analysis);
    for (const property of index.properties) {
      const finding = propertyFinding(property, resolver) ?? (foreign ? importedAgentFinding(property, analysis) : undefined);
      if (finding) findings.push(finding);
    }
    for (const method of index.objectMethods) {
      // `checkServerIdentity() {}` written as a method.
      if (propertyName(method.name) !== 'checkServerIdentity' || !isNoOpFunction({ kind: 'function', node: method }, resolver)) continue;
      findings.push({ problem: 'check-server-identity', range: [method.getStart(), method.end], option: 'checkServerIdentity', removal: removeProperty(method) });
    }
    for (const assignment of index.memberAssignments) {
      const finding = assignmentFinding(assignment, resolver);
      if (finding) findings.push(finding);
    }
    for (const call of index.calls) {
      const callee = skipOuter(call.expression);
      if (isPropertyAccessExpression(callee) && callee.name.text === 'disableTLSCerts' && call.arguments?.length === 0) {
        findings.push({ problem: 'disable-tls-certs', range: [callee.name.getStart(), call.end], option: 'disableTLSCerts()' });
      }
    }
    for (const request of foreign ? analysis.requests : []) {
      const finding = importedOptionsFinding(request, analysis);
      if (finding) findings.push(finding);
    }
    return findings.sort((a, b) => a.range[0] - b.range[0]);
  });
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
  // Built only for a finding: most member assignments set no TLS option.
  const removal = (): { removal?: TextEdit } => (isExpressionStatement(assignment.parent) ? { removal: removeStatement(assignment.parent) } : {});
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
