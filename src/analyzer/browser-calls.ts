import type ts from 'typescript';
import type { FileAnalysis } from './analysis.js';
import type { BrowserReason, PublicEnvRead } from './browser.js';
import { browserContext, nodeAt, publicEnvReads } from './browser.js';
import { credentialName } from './credential-names.js';
import { indexFile } from './file-index.js';
import type { HttpClient, HttpRequest } from './requests.js';
import { requestAt, requestHeader } from './requests.js';
import { leadingText, joinUrl } from './strings.js';
import { nameWords, tangoEvidence } from './tango.js';
import type { Value, ValueResolver } from './values.js';
import { propertyName, skipOuter } from './values.js';
import type { SecretContext } from './secrets.js';
import { judgeSecret, maskSecret } from './secrets.js';
import { isBlock, isCallExpression, isExpressionStatement, isFunctionLike, isIdentifier, isNewExpression, isPropertyAccessExpression, isPropertyAssignment, isStringLiteral, isStringLiteralLike, isVariableDeclaration } from './syntax.js';

export type BrowserCallProblem = 'request' | 'server-token' | 'public-env-credential' | 'credential-literal';

/** Tango traffic or a Tango credential in code that runs in a browser. */
export interface BrowserCallFinding {
  readonly problem: BrowserCallProblem;
  readonly range: readonly [number, number];
  /** Why the module runs in the browser. */
  readonly reason: BrowserReason;
  /** For requests: the HTTP client. */
  readonly client?: HttpClient;
  /** For `server-token`: the endpoint the access token is fetched from (`/api/tango-token`). */
  readonly endpoint?: string;
  /** For credentials: the env variable or the name the literal is written under. */
  readonly name?: string;
  /** For `public-env-credential`: the public prefix (`NEXT_PUBLIC_`). */
  readonly prefix?: string;
  /** For `credential-literal`: the value masked (first 4 characters and the length). */
  readonly masked?: string;
}

const TANGO_WORDS = new Set(['tango', 'tangocard', 'raas']);
/** What may follow "tango" in a credential's name: `TANGO_PLATFORM_API_KEY`, `tango.oauth.clientSecret`. */
const CREDENTIAL_NAME_WORDS = new Set([
  'api', 'apikey', 'platform', 'client', 'raas', 'v2', 'card', 'prod', 'production', 'sandbox', 'integration', 'live',
  'staging', 'env', 'config', 'settings', 'options', 'opts', 'sdk', 'basic', 'oauth', 'access', 'private', 'signing',
  'dpop', 'account', 'service', 'auth', 'key', 'keys', 'secret', 'token', 'password', 'passwd', 'credential', 'credentials',
]);
/** "The Tango key": a bare word after "tango" that `credentialName` needs a qualifier for. */
const BARE_CREDENTIAL_WORDS = new Set(['key', 'auth']);
const SERVER_ONLY_FUNCTIONS = new Set(['getServerSideProps', 'getStaticProps', 'getStaticPaths']);

/**
 * What `no-browser-calls` reports in a file: Tango requests, public env variables named for a
 * Tango credential, and Tango credential literals, when the module runs in a browser. A request
 * whose only sign of Tango is an order-shaped body is left out: a browser posting an order to
 * its own backend is the design the guide asks for. Code inside server actions (`'use server'`
 * functions) and Next.js `getServerSideProps`/`getStaticProps`/`getStaticPaths` runs on the
 * server even in a browser module. The module's browser context is only computed (and the
 * project's import graph only read) when the file has one of these candidates.
 */
export function browserCallFindings(analysis: FileAnalysis): readonly BrowserCallFinding[] {
  return analysis.memo('browser:findings', () => {
    const requests = analysis.tangoRequests.filter(({ request, evidence }) => evidence.kind !== 'order-body' && !inServerOnlyFunction(request.node));
    const envs = publicEnvReads(analysis).filter(isCredentialEnv);
    const literals = tangoCredentialLiterals(analysis.sourceFile);
    if (requests.length === 0 && envs.length === 0 && literals.length === 0) return [];
    const context = browserContext(analysis);
    if (!context.browser) return [];
    const reason = context.reason;
    const findings: BrowserCallFinding[] = [];
    for (const { request } of requests) {
      const callee = request.node.expression;
      const range = [callee.getStart(), callee.end] as const;
      const endpoint = tokenEndpoint(request, analysis);
      findings.push(endpoint === undefined
        ? { problem: 'request', range, reason, client: request.client }
        : { problem: 'server-token', range, reason, client: request.client, endpoint });
    }
    for (const read of envs) {
      if (inServerOnlyFunction(nodeAt(analysis.sourceFile, read.range[0]))) continue;
      findings.push({ problem: 'public-env-credential', range: read.range, reason, name: read.name, prefix: read.prefix });
    }
    for (const literal of literals) {
      if (inServerOnlyFunction(literal.node)) continue;
      const range = [literal.node.getStart(), literal.node.end] as const;
      findings.push({ problem: 'credential-literal', range, reason, name: literal.name, masked: maskSecret(literal.node.text) });
    }
    return findings.sort((a, b) => a.range[0] - b.range[0]);
  });
}

/**
 * The kind of secret a name holds when it names a Tango credential: `TANGO_PLATFORM_KEY`,
 * `VITE_TANGO_KEY`'s `TANGO_KEY`, `tangoClientSecret`, `tango.apiKey`; undefined for
 * `TANGO_ENABLED`, `TANGO_CLIENT_ID`, `TANGO_PUBLIC_KEY`, and for names where something else
 * sits between "tango" and the credential (`TANGO_DANCE_API_KEY` is another API's key).
 */
export function tangoCredentialContext(name: string): SecretContext | undefined {
  const words = nameWords(name);
  let tangoAt = -1;
  words.forEach((word, i) => {
    if (TANGO_WORDS.has(word)) tangoAt = i;
  });
  const after = words.slice(tangoAt + 1);
  if (tangoAt < 0 || after.length === 0 || !after.every((word) => CREDENTIAL_NAME_WORDS.has(word))) return undefined;
  const named = credentialName(after.join('_'));
  if (named) return named.context;
  return after.length === 1 && BARE_CREDENTIAL_WORDS.has(after[0] as string) ? 'key' : undefined;
}

/** True when a name names a Tango credential (see {@link tangoCredentialContext}). */
export function isTangoCredentialName(name: string): boolean {
  return tangoCredentialContext(name) !== undefined;
}

function isCredentialEnv(read: PublicEnvRead): boolean {
  return isTangoCredentialName(read.name.slice(read.prefix.length));
}

/** Inside a `'use server'` function or Next.js data function: runs on the server whatever the module. */
function inServerOnlyFunction(node: ts.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (!isFunctionLike(current)) continue;
    const fn = current as ts.FunctionLikeDeclaration;
    if (fn.body && isBlock(fn.body) && hasUseServer(fn.body)) return true;
    const name = fn.name ?? (isVariableDeclaration(fn.parent) ? fn.parent.name : undefined);
    if (name && isIdentifier(name) && SERVER_ONLY_FUNCTIONS.has(name.text)) return true;
  }
  return false;
}

function hasUseServer(body: ts.Block): boolean {
  for (const statement of body.statements) {
    if (!isExpressionStatement(statement) || !isStringLiteral(statement.expression)) return false;
    if (statement.expression.text === 'use server') return true;
  }
  return false;
}

/**
 * The endpoint a Tango request's `Authorization` value was fetched from, when it comes from the
 * response of another (non-Tango) request: `const { token } = await (await fetch('/api/token')).json()`.
 */
function tokenEndpoint(request: HttpRequest, analysis: FileAnalysis): string | undefined {
  const { resolver } = analysis;
  const header = requestHeader(request, 'authorization', resolver);
  const source = header && responseSource(header, resolver, analysis);
  if (!source) return undefined;
  const text = joinUrl(source.base, source.url, resolver).map(leadingText).find((t) => t !== '');
  return text ?? 'a server endpoint';
}

function responseSource(value: Value, resolver: ValueResolver, analysis: FileAnalysis): HttpRequest | undefined {
  const stack: Value[] = [value];
  for (let steps = 0; stack.length > 0 && steps < 64; steps++) {
    const current = stack.pop() as Value;
    switch (current.kind) {
      case 'concat':
        stack.push(...current.parts);
        break;
      case 'alternatives':
        stack.push(...current.options);
        break;
      case 'member':
        stack.push(current.object);
        break;
      case 'call': {
        const node = current.node;
        const request = isCallExpression(node) ? requestAt(node, resolver) : undefined;
        if (request && !tangoEvidence(request, resolver, analysis.settings)) return request;
        stack.push(current.callee);
        break;
      }
      default:
        break;
    }
  }
  return undefined;
}

interface CredentialLiteral {
  readonly name: string;
  readonly node: ts.StringLiteralLike;
}

const MENTIONS_TANGO = /tango|raas/i;

/**
 * String literals written under a Tango credential name: `const TANGO_API_KEY = '...'`,
 * `{ tango: { platformKey: '...' } }`, `new TangoClient({ apiKey: '...' })`. The name path runs
 * from the enclosing variable or call through the object keys to the literal.
 */
function tangoCredentialLiterals(sourceFile: ts.SourceFile): readonly CredentialLiteral[] {
  if (!MENTIONS_TANGO.test(sourceFile.text)) return [];
  const found: CredentialLiteral[] = [];
  const index = indexFile(sourceFile);
  for (const variable of index.variables) {
    const literal = variable.initializer && stringLiteral(variable.initializer);
    if (literal && isIdentifier(variable.name) && isSecretUnder(variable.name.text, literal.text)) {
      found.push({ name: variable.name.text, node: literal });
    }
  }
  for (const property of index.properties) {
    if (!isPropertyAssignment(property)) continue;
    const literal = stringLiteral(property.initializer);
    const path = literal && namePath(property);
    if (literal && path && isSecretUnder(path.join(' '), literal.text)) {
      found.push({ name: path[path.length - 1] as string, node: literal });
    }
  }
  return found;
}

function stringLiteral(expression: ts.Expression): ts.StringLiteralLike | undefined {
  const inner = skipOuter(expression);
  return isStringLiteralLike(inner) ? inner : undefined;
}

/** The names leading to a property: enclosing property keys, then the variable or callee holding the object. */
function namePath(property: ts.PropertyAssignment): string[] | undefined {
  const own = propertyName(property.name);
  if (own === undefined) return undefined;
  const path = [own];
  let object: ts.Node = property.parent;
  for (let depth = 0; depth < 8; depth++) {
    const holder = object.parent;
    if (!holder) break;
    if (isPropertyAssignment(holder) && holder.initializer === object) {
      const name = propertyName(holder.name);
      if (name === undefined) break;
      path.unshift(name);
      object = holder.parent;
      continue;
    }
    if (isVariableDeclaration(holder) && isIdentifier(holder.name)) path.unshift(holder.name.text);
    else if ((isCallExpression(holder) || isNewExpression(holder)) && holder.arguments?.includes(object as ts.Expression)) {
      const callee = skipOuter(holder.expression);
      const name = isIdentifier(callee) ? callee.text : isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      if (name) path.unshift(name);
    }
    break;
  }
  return path;
}

/** A value under a Tango credential name that is neither a placeholder nor plainly no secret (a URL, a name). */
function isSecretUnder(name: string, value: string): boolean {
  const context = tangoCredentialContext(name);
  if (!context) return false;
  const look = judgeSecret(value, context).look;
  return look === 'random' || look === 'weak';
}
