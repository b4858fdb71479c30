import type ts from 'typescript';
import { credentialForms } from './credential-forms.js';
import type { CredentialName } from './credential-names.js';
import { credentialName } from './credential-names.js';
import { indexFile } from './file-index.js';
import type { HttpRequest } from './requests.js';
import { requestBody } from './requests.js';
import { nameWords } from './tango.js';
import type { Value, ValueResolver } from './values.js';
import { accessName, envVarName, objectsOf, propertyName, skipOuter } from './values.js';
import { isBindingElement, isCallExpression, isConstructorDeclaration, isElementAccessExpression, isIdentifier, isNewExpression, isObjectLiteralExpression, isParameter, isPropertyAccessExpression, isPropertyAssignment, isSpreadElement, isStringLiteralLike, isTemplateExpression } from './syntax.js';

/** How a credential sits in a sink's value: the whole value, after an `Authorization` scheme, or after `user:`. */
export type Shape = 'whole' | 'authorization' | 'basic-pair';

/** A place whose value is a credential: a credential name, a header, an auth option, a signing key. */
export interface Sink {
  readonly value: () => Value;
  /** Where a literal from another file is reported. */
  readonly holder: ts.Node;
  /** The place as code, for messages: "`apiKey`", "the `Authorization` header". */
  readonly where: string;
  readonly name: CredentialName;
  readonly shape: Shape;
  /** The variable of a `process.env.X || fallback` sink. */
  readonly envName?: string;
  /** For a literal written directly at a named place: the expression and the variable a fix would read. */
  readonly direct?: { readonly expression: ts.Expression; readonly envName: string };
}

/** The file whose sinks are gathered. */
export interface SinkScope {
  readonly sourceFile: ts.SourceFile;
  readonly resolver: ValueResolver;
  readonly requests: () => readonly HttpRequest[];
  /**
   * Text pre-checks over the file and the project modules it imports (see `mayReachCredentialParameter`):
   * can a parameter this file's calls reach, or a header name it sets, name a credential?
   */
  readonly mayName?: { readonly parameter: () => boolean; readonly header: () => boolean };
  /**
   * How many more callees may be resolved only to look for credential-named parameters. Each can
   * cost a whole value resolution; a generated bundle has tens of thousands of calls.
   */
  readonly calleeBudget?: { left: number };
}

export const PASSWORD: CredentialName = { context: 'password', strength: 'strong', label: 'a password', privateKey: false, words: [] };
export const ACCESS_TOKEN: CredentialName = { context: 'key', strength: 'strong', label: 'an access token', privateKey: false, words: [] };
const SIGNING_KEY: CredentialName = { context: 'key', strength: 'strong', label: 'a signing key', privateKey: false, words: [] };
const PRIVATE_KEY: CredentialName = { context: 'key', strength: 'strong', label: 'a private key', privateKey: true, words: [] };
const AUTHORIZATION_HEADERS = new Set(['authorization', 'proxy-authorization']);
const HEADER_SETTERS = new Set(['set', 'setHeader', 'header', 'append']);
const JOSE_SIGNERS = new Set(['SignJWT', 'CompactSign', 'FlattenedSign', 'GeneralSign']);
/** Library functions taking a key (see `librarySinks`). */
const LIBRARY_SINKS = new Set(['sign', 'verify', 'importPKCS8', 'createPrivateKey', 'createSecretKey', 'createHmac']);

/** Every credential sink of the file, in the order their findings should win. */
export function sinksOf(scope: SinkScope): Sink[] {
  const { resolver, sourceFile } = scope;
  const index = indexFile(sourceFile);
  const sinks: Sink[] = [];
  for (const binary of index.fallbacks) {
    const left = skipOuter(binary.left);
    const envName = isPropertyAccessExpression(left) || isElementAccessExpression(left) ? envVarName(left) : undefined;
    const name = credentialName(envName ?? expressionName(left) ?? '');
    if (!name) continue;
    const where = envName ? `the fallback of \`process.env.${envName}\`` : `the default of \`${expressionName(left)}\``;
    sinks.push({ value: () => resolver.value(binary.right), holder: binary.right, where, name, shape: 'whole', ...(envName ? { envName } : {}) });
  }
  for (const call of [...index.calls, ...index.news]) sinks.push(...callSinks(call, scope));
  for (const property of index.properties) {
    const name = propertyName(property.name);
    const value = isPropertyAssignment(property) ? property.initializer : property.name;
    if (name !== undefined) sinks.push(...namedSinks(name, value, scope));
  }
  for (const assignment of index.memberAssignments) {
    const left = assignment.left as ts.AccessExpression;
    const name = envVarName(left) ?? accessName(left);
    if (name !== undefined) sinks.push(...namedSinks(name, assignment.right, scope));
  }
  for (const variable of index.variables) {
    if (isIdentifier(variable.name) && variable.initializer) sinks.push(...namedSinks(variable.name.text, variable.initializer, scope));
  }
  for (const declaration of index.initialized) {
    const name = isBindingElement(declaration) || isParameter(declaration)
      ? isIdentifier(declaration.name) ? declaration.name.text : undefined
      : propertyName(declaration.name);
    if (name !== undefined && declaration.initializer) sinks.push(...namedSinks(name, declaration.initializer, scope));
  }
  for (const request of formRequests(scope)) sinks.push(request);
  return sinks;
}

/** Sinks for a value written under a name: a credential name, an `Authorization` header, an `auth` option. */
function namedSinks(name: string, expression: ts.Expression, scope: SinkScope): Sink[] {
  const { resolver } = scope;
  const value = (): Value => resolver.value(expression);
  const lower = name.toLowerCase();
  if (AUTHORIZATION_HEADERS.has(lower)) {
    return [{ value, holder: expression, where: `the \`${name}\` header`, name: ACCESS_TOKEN, shape: 'authorization' }];
  }
  if (name === 'auth') return authOptionSinks(expression, scope);
  const credential = credentialName(name);
  if (!credential) return [];
  return [{ value, holder: expression, where: `\`${name}\``, name: credential, shape: 'whole', direct: { expression, envName: envNameFor(name) } }];
}

/** `auth: 'user:password'` (node http), `auth: { username, password }` (axios), `{ user, pass, bearer }` (request). */
function authOptionSinks(expression: ts.Expression, scope: SinkScope): Sink[] {
  const { resolver } = scope;
  const value = resolver.value(expression);
  const objects = objectsOf(value);
  if (objects.length === 0) {
    return [{ value: () => value, holder: expression, where: 'the `auth` option', name: PASSWORD, shape: 'basic-pair' }];
  }
  const sinks: Sink[] = [];
  for (const object of objects) {
    for (const entry of resolver.entries(object).entries) {
      const name = entry.name === 'pass' || entry.name === 'password' ? PASSWORD : entry.name === 'bearer' ? ACCESS_TOKEN : undefined;
      const property = entry.property;
      const holder = isPropertyAssignment(property) && property.getSourceFile() === scope.sourceFile ? property.initializer : expression;
      if (name) sinks.push({ value: entry.value, holder, where: `\`auth.${entry.name}\``, name, shape: 'whole' });
    }
  }
  return sinks;
}

/** Sinks among a call's arguments: Basic encodings, signing keys, `.auth()`, header and form setters, credential parameters. */
function callSinks(call: ts.CallExpression | ts.NewExpression, scope: SinkScope): Sink[] {
  const args = call.arguments ?? [];
  if (args.length === 0) return [];
  const { resolver } = scope;
  const arg = (i: number): ts.Expression | undefined => {
    const expression = args[i];
    return expression && !isSpreadElement(expression) ? expression : undefined;
  };
  const sink = (i: number, where: string, name: CredentialName, shape: Shape = 'whole'): Sink[] => {
    const expression = arg(i);
    return expression ? [{ value: () => resolver.value(expression), holder: expression, where, name, shape }] : [];
  };
  const callee = skipOuter(call.expression);
  const method = isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (method === 'auth' && isCallExpression(call)) {
    const second = arg(1);
    const bearer = args.length === 1 || (second !== undefined && isObjectLiteralExpression(second));
    return bearer ? sink(0, 'the token of `.auth()`', ACCESS_TOKEN) : sink(1, 'the password of `.auth()`', PASSWORD);
  }
  if (method !== undefined && HEADER_SETTERS.has(method) && args.length >= 2 && scope.mayName?.header() !== false) {
    const key = resolver.value(arg(0) ?? callee);
    if (key.kind === 'string') {
      if (AUTHORIZATION_HEADERS.has(key.value.toLowerCase())) return sink(1, `the \`${key.value}\` header`, ACCESS_TOKEN, 'authorization');
      const name = credentialName(key.value);
      if (name?.strength === 'strong') return sink(1, `\`${key.value}\``, name);
    }
  }
  if (method !== undefined && /^set[A-Z]/.test(method)) {
    const name = credentialName(method.slice(3));
    if (name?.strength === 'strong') return sink(0, `\`${method}()\``, name);
  }
  if (method === 'sign' && isPropertyAccessExpression(callee) && isCallExpression(call) && joseSigner(callee.expression, resolver)) {
    return sink(0, 'the key of a JWS signature', SIGNING_KEY);
  }
  // Resolving a callee can parse the module it comes from: only do it for calls that can be sinks.
  const calleeName = isIdentifier(callee) ? callee.text : method;
  const named = calleeName !== undefined && (calleeName === 'btoa' || (calleeName === 'from' && isBase64Encoded(call)) || LIBRARY_SINKS.has(calleeName));
  if (!named && !args.some((a) => mayCarryLiteral(a))) return [];
  // Unnamed callees can only be sinks through credential-named parameters (or an aliased
  // library function, which is rare enough not to resolve every call of every file for).
  if (!named && scope.mayName?.parameter() === false) return [];
  if (!named && scope.calleeBudget && scope.calleeBudget.left-- <= 0) return [];
  const target = resolver.value(call.expression);
  if (target.kind === 'global') {
    if (target.name === 'btoa') return sink(0, 'a Basic credential (`user:password`)', PASSWORD, 'basic-pair');
    if (target.name === 'Buffer.from' && isBase64Encoded(call)) return sink(0, 'a Basic credential (`user:password`)', PASSWORD, 'basic-pair');
    return [];
  }
  if (target.kind === 'import') return librarySinks(target, sink);
  return parameterSinks(call, target, scope);
}

function librarySinks(target: Extract<Value, { kind: 'import' }>, sink: (i: number, where: string, name: CredentialName) => Sink[]): Sink[] {
  const path = target.path[0] === 'default' ? target.path.slice(1) : target.path;
  const member = path.length === 1 ? path[0] : undefined;
  switch (target.module) {
    case 'jsonwebtoken':
      return member === 'sign' || member === 'verify' ? sink(1, `the key of \`jwt.${member}\``, SIGNING_KEY) : [];
    case 'jose':
      return member === 'importPKCS8' ? sink(0, 'the key given to `importPKCS8`', PRIVATE_KEY) : [];
    case 'crypto':
      if (member === 'createPrivateKey') return sink(0, 'the key given to `createPrivateKey`', PRIVATE_KEY);
      if (member === 'createSecretKey') return sink(0, 'the key given to `createSecretKey`', SIGNING_KEY);
      if (member === 'createHmac') return sink(1, 'the key given to `createHmac`', SIGNING_KEY);
      return [];
    default:
      return [];
  }
}

/** An argument that can be a string written somewhere: a literal, a template, or a reference to a value. */
function mayCarryLiteral(argument: ts.Expression): boolean {
  const inner = skipOuter(argument);
  return isStringLiteralLike(inner) || isTemplateExpression(inner) || isIdentifier(inner) || isPropertyAccessExpression(inner) || isElementAccessExpression(inner);
}

/** Arguments bound to credential-named parameters of a function or class of the project (`new TangoClient(name, apiKey)`). */
function parameterSinks(call: ts.CallExpression | ts.NewExpression, target: Value, scope: SinkScope): Sink[] {
  let parameters: readonly ts.ParameterDeclaration[] | undefined;
  let callee: string | undefined;
  if (target.kind === 'function' && isCallExpression(call)) {
    parameters = target.node.parameters;
    callee = target.node.name && isIdentifier(target.node.name) ? target.node.name.text : undefined;
  } else if (target.kind === 'class' && isNewExpression(call)) {
    parameters = target.node.members.find(isConstructorDeclaration)?.parameters;
    callee = target.node.name?.text;
  }
  if (!parameters) return [];
  const sinks: Sink[] = [];
  const args = call.arguments ?? [];
  parameters.forEach((parameter, i) => {
    const arg = args[i];
    if (!arg || isSpreadElement(arg) || !isIdentifier(parameter.name)) return;
    const name = credentialName(parameter.name.text);
    if (name?.strength !== 'strong') return;
    const where = `parameter \`${parameter.name.text}\`${callee ? ` of \`${callee}\`` : ''}`;
    sinks.push({ value: () => scope.resolver.value(arg), holder: arg, where, name, shape: 'whole' });
  });
  return sinks;
}

/** `client_secret=${secret}` in the body of a request: the value after a credential key of a form string. */
function formRequests(scope: SinkScope): Sink[] {
  const sinks: Sink[] = [];
  // A form key is a credential only under a strong credential name, which the header check looks for too.
  if (scope.mayName?.header() === false) return sinks;
  const { resolver } = scope;
  for (const request of scope.requests()) {
    const body = requestBody(request, resolver);
    if (!body?.expression) continue;
    const expression = body.expression;
    for (const form of credentialForms(body.value, resolver)) {
      for (let i = 0; i + 1 < form.length; i++) {
        const segment = form[i];
        if (!segment || !('text' in segment)) continue;
        const key = /(?:^|&)([\w.-]+)=$/.exec(segment.text)?.[1];
        const name = key ? credentialName(key) : undefined;
        const next = form[i + 1];
        if (!name || name.strength !== 'strong' || !next) continue;
        // The value runs to the next `&`: a hole (a variable from elsewhere) or the text of another literal.
        const value: Value = 'text' in next ? { kind: 'string', value: next.text.split('&')[0] ?? '', node: next.node } : next.hole;
        sinks.push({ value: () => value, holder: expression, where: `\`${key}\` in a form body`, name, shape: 'whole' });
      }
    }
  }
  return sinks;
}

/** A jose signer object (`new SignJWT(payload)...`), through chained setters and variables. */
function joseSigner(expression: ts.Expression, resolver: ValueResolver): boolean {
  let current: ts.Expression = skipOuter(expression);
  for (let steps = 0; steps < 32; steps++) {
    if (isCallExpression(current) && isPropertyAccessExpression(skipOuter(current.expression))) {
      current = skipOuter((skipOuter(current.expression) as ts.PropertyAccessExpression).expression);
      continue;
    }
    if (isNewExpression(current)) {
      const callee = resolver.value(current.expression);
      return callee.kind === 'import' && callee.module === 'jose' && JOSE_SIGNERS.has(callee.path[callee.path.length - 1] ?? '');
    }
    if (isIdentifier(current)) {
      const value = resolver.value(current);
      if (value.kind !== 'call') return false;
      current = value.node;
      continue;
    }
    return false;
  }
  return false;
}

/** `Buffer.from(x).toString('base64')`. */
function isBase64Encoded(call: ts.CallExpression | ts.NewExpression): boolean {
  const access = call.parent;
  if (!access || !isPropertyAccessExpression(access) || access.name.text !== 'toString') return false;
  const outer = access.parent;
  const encoding = outer && isCallExpression(outer) ? outer.arguments[0] : undefined;
  return encoding !== undefined && isStringLiteralLike(encoding) && encoding.text === 'base64';
}

/** The name of an identifier or member access: `apiKey`, `options.apiKey` → `apiKey`. */
function expressionName(expression: ts.Expression): string | undefined {
  if (isIdentifier(expression)) return expression.text;
  if (isPropertyAccessExpression(expression) || isElementAccessExpression(expression)) return accessName(expression);
  return undefined;
}

/** `apiKey` → `API_KEY`, `x-api-key` → `X_API_KEY`. */
function envNameFor(name: string): string {
  return nameWords(name).join('_').toUpperCase();
}
