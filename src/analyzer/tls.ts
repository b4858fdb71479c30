import path from 'node:path';
import ts from 'typescript';
import type { FileAnalysis } from './analysis.js';
import type { TextEdit } from './edits.js';
import { removeProperty, removeStatement } from './edits.js';
import { indexFile } from './file-index.js';
import type { HttpRequest } from './requests.js';
import { instanceOf } from './requests.js';
import type { Value, ValueOf, ValueResolver } from './values.js';
import { accessName, envVarName, objectsOf, propertyName, skipOuter } from './values.js';

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
const AGENT_OPTIONS = new Set(['agent', 'httpsAgent', 'dispatcher', 'https']);

/** Every TLS weakening in a file, including agents imported from other files. */
export function tlsFindings(analysis: FileAnalysis): readonly TlsFinding[] {
  return analysis.memo('tls:findings', () => {
    const { resolver, sourceFile } = analysis;
    const index = indexFile(sourceFile);
    const findings: TlsFinding[] = [];
    for (const property of index.properties) {
      const finding = propertyFinding(property, resolver);
      if (finding) findings.push(finding);
    }
    for (const assignment of index.memberAssignments) {
      const finding = assignmentFinding(assignment, resolver);
      if (finding) findings.push(finding);
    }
    for (const call of index.calls) {
      const callee = skipOuter(call.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'disableTLSCerts' && call.arguments?.length === 0) {
        findings.push({ problem: 'disable-tls-certs', range: [callee.name.getStart(), call.end], option: 'disableTLSCerts()' });
      }
    }
    for (const request of analysis.requests) findings.push(...importedAgentFindings(request, analysis));
    return findings.sort((a, b) => a.range[0] - b.range[0]);
  });
}

function propertyFinding(property: ts.PropertyAssignment | ts.ShorthandPropertyAssignment, resolver: ValueResolver): TlsFinding | undefined {
  const name = propertyName(property.name);
  if (name === undefined) return undefined;
  const problem = propertyProblem(name, () => resolver.value(ts.isPropertyAssignment(property) ? property.initializer : property.name), resolver);
  if (!problem) return undefined;
  const removable = problem !== 'env-reject-unauthorized';
  return {
    problem,
    range: [property.getStart(), property.end],
    option: name,
    ...(removable ? { removal: removeProperty(property) } : {}),
  };
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
  const statement = ts.isExpressionStatement(assignment.parent) ? assignment.parent : undefined;
  const removal = statement ? { removal: removeStatement(statement) } : {};
  if (envVarName(left) === 'NODE_TLS_REJECT_UNAUTHORIZED') {
    const value = resolver.value(assignment.right);
    if (!isOneOf(value, (text) => text === '0')) return undefined;
    return { problem: 'env-reject-unauthorized', range: [assignment.getStart(), assignment.end], option: 'NODE_TLS_REJECT_UNAUTHORIZED', ...removal };
  }
  const name = accessName(left);
  if (name === undefined || name === 'NODE_TLS_REJECT_UNAUTHORIZED') return undefined;
  const problem = propertyProblem(name, () => resolver.value(assignment.right), resolver);
  if (!problem) return undefined;
  return { problem, range: [assignment.getStart(), assignment.end], option: name, ...removal };
}

/**
 * A request whose agent option holds an agent defined in another file that disables
 * verification. The other file's own finding is reported when that file is linted.
 */
function importedAgentFindings(request: HttpRequest, analysis: FileAnalysis): TlsFinding[] {
  const findings: TlsFinding[] = [];
  const { resolver, sourceFile } = analysis;
  for (const layer of request.layers) {
    for (const object of objectsOf(layer.object ?? { kind: 'unknown', node: undefined })) {
      if (object.node.getSourceFile() !== sourceFile) continue;
      for (const entry of resolver.entries(object).entries) {
        if (!AGENT_OPTIONS.has(entry.name) || entry.property.getSourceFile() !== sourceFile) continue;
        const foreign = foreignWeakness(entry.value(), resolver, sourceFile);
        if (foreign) {
          findings.push({
            problem: 'insecure-agent',
            range: [entry.property.getStart(), entry.property.end],
            option: entry.name,
            definedIn: path.relative(path.dirname(sourceFile.fileName), foreign).split(path.sep).join('/'),
          });
        }
      }
    }
  }
  return findings;
}

/** The file defining a weakened agent or options object, when it is not `here`. */
function foreignWeakness(value: Value, resolver: ValueResolver, here: ts.SourceFile): string | undefined {
  const objects: ValueOf<'object'>[] = [...objectsOf(value)];
  if (value.kind === 'call') {
    const args = value.args;
    for (const arg of args) objects.push(...objectsOf(resolver.value(arg, value.env)));
    const instance = instanceOf(value, resolver);
    if (instance) for (const layer of instance.layers) if (layer.object) objects.push(...objectsOf(layer.object));
  }
  for (const object of objects) {
    const file = object.node.getSourceFile();
    if (file === here) continue;
    for (const entry of resolver.entries(object).entries) {
      if (propertyProblem(entry.name, entry.value, resolver)) return file.fileName;
      if (entry.name === 'connect' || entry.name === 'https' || entry.name === 'httpsAgent' || entry.name === 'agent') {
        const nested = foreignWeakness(entry.value(), resolver, here);
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
  if (!ts.isBlock(body)) return resolver.value(body).kind === 'nullish' || ts.isVoidExpression(body);
  let accepts = true;
  const visit = (node: ts.Node): void => {
    if (!accepts || ts.isFunctionLike(node)) return;
    if (ts.isThrowStatement(node)) accepts = false;
    else if (ts.isReturnStatement(node) && node.expression && resolver.value(node.expression).kind !== 'nullish' && !ts.isVoidExpression(node.expression)) {
      accepts = false;
    } else if (ts.isCallExpression(node)) accepts = false;
    else ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return accepts;
}
