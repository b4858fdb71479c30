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
   * Text pre-checks: can the file's own text name a sink (see `writesSinkName`)? Over the file and
   * the project modules it imports (see `mayReachCredentialParameter`): can a parameter this
   * file's calls reach, or a header name it sets, name a credential?
   */
  readonly mayName?: { readonly own: () => boolean; readonly parameter: () => boolean; readonly header: () => boolean };
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
  const { resolver, sourceFile, mayName } = scope;
  const sinks: Sink[] = [];
  // Every sink is named in the file itself, or by a parameter or header name another module writes.
  if (mayName && !mayName.own() && !mayName.header() && !mayName.parameter()) return sinks;
  const index = indexFile(sourceFile);
  for (const binary of index.fallbacks) {
    const left = skipOuter(binary.left);
    const envName = isPropertyAccessExpression(left) || isElementAccessExpression(left) ? envVarName(left) : undefined;
    const name = credentialName(envName ?? expressionName(left) ?? '');
    if (!name) continue;
    const where = envName ? `the fallback of \`process.env.${envName}\`` : `the default of \`${expressionName(left)}\``;
    sinks.push({ value: () => resolver.value(binary.right), holder: binary.right, where, name, shape: 'whole', ...(envName ? { envName } : {}) });
  }
  const add = (found: readonly Sink[]): void => {
    for (const sink of found) sinks.push(sink);
  };
  for (const call of index.calls) add(callSinks(call, scope));
  for (const expression of index.news) add(callSinks(expression, scope));
  for (const property of index.properties) {
    const name = propertyName(property.name);
    const value = isPropertyAssignment(property) ? property.initializer : property.name;
    if (name !== undefined) add(namedSinks(name, value, scope));
  }
  for (const assignment of index.memberAssignments) {
    const left = assignment.left as ts.AccessExpression;
    const name = envVarName(left) ?? accessName(left);
    if (name !== undefined) add(namedSinks(name, assignment.right, scope));
  }
  for (const variable of index.variables) {
    if (isIdentifier(variable.name) && variable.initializer) add(namedSinks(variable.name.text, variable.initializer, scope));
  }
  for (const declaration of index.initialized) {
    const name = isBindingElement(declaration) || isParameter(declaration)
      ? isIdentifier(declaration.name) ? declaration.name.text : undefined
      : propertyName(declaration.name);
    if (name !== undefined && declaration.initializer) add(namedSinks(name, declaration.initializer, scope));
  }
  for (const request of formRequests(scope)) sinks.push(request);
  return sinks;
}

/** No sink: shared, since most calls and names give none. */
const NONE: readonly Sink[] = Object.freeze([]);
const NO_ARGUMENTS: readonly ts.Expression[] = Object.freeze([]);

/** Sinks for a value written under a name: a credential name, an `Authorization` header, an `auth` option. */
function namedSinks(name: string, expression: ts.Expression, scope: SinkScope): readonly Sink[] {
  const { resolver } = scope;
  // `Authorization` and `Proxy-Authorization`, in any case, without lower-casing every name.
  if ((name.length === 13 || name.length === 19) && AUTHORIZATION_HEADERS.has(name.toLowerCase())) {
    return [{ value: () => resolver.value(expression), holder: expression, where: `the \`${name}\` header`, name: ACCESS_TOKEN, shape: 'authorization' }];
  }
  if (name === 'auth') return authOptionSinks(expression, scope);
  const credential = credentialName(name);
  if (!credential) return NONE;
  return [{ value: () => resolver.value(expression), holder: expression, where: `\`${name}\``, name: credential, shape: 'whole', direct: { expression, envName: envNameFor(name) } }];
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
function callSinks(call: ts.CallExpression | ts.NewExpression, scope: SinkScope): readonly Sink[] {
  const args = call.arguments ?? NO_ARGUMENTS;
  if (args.length === 0) return NONE;
  const { resolver } = scope;
  const callee = skipOuter(call.expression);
  const method = isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (method === 'auth' && isCallExpression(call)) {
    const second = argumentAt(args, 1);
    const bearer = args.length === 1 || (second !== undefined && isObjectLiteralExpression(second));
    return bearer ? argumentSink(args, 0, resolver, 'the token of `.auth()`', ACCESS_TOKEN) : argumentSink(args, 1, resolver, 'the password of `.auth()`', PASSWORD);
  }
  if (method !== undefined && HEADER_SETTERS.has(method) && args.length >= 2 && scope.mayName?.header() !== false) {
    const key = resolver.value(argumentAt(args, 0) ?? callee);
    if (key.kind === 'string') {
      if (AUTHORIZATION_HEADERS.has(key.value.toLowerCase())) return argumentSink(args, 1, resolver, `the \`${key.value}\` header`, ACCESS_TOKEN, 'authorization');
      const name = credentialName(key.value);
      if (name?.strength === 'strong') return argumentSink(args, 1, resolver, `\`${key.value}\``, name);
    }
  }
  if (method !== undefined && /^set[A-Z]/.test(method)) {
    const name = credentialName(method.slice(3));
    if (name?.strength === 'strong') return argumentSink(args, 0, resolver, `\`${method}()\``, name);
  }
  if (method === 'sign' && isPropertyAccessExpression(callee) && isCallExpression(call) && joseSigner(callee.expression, resolver)) {
    return argumentSink(args, 0, resolver, 'the key of a JWS signature', SIGNING_KEY);
  }
  // Resolving a callee can parse the module it comes from: only do it for calls that can be sinks.
  const calleeName = isIdentifier(callee) ? callee.text : method;
  const named = calleeName !== undefined && (calleeName === 'btoa' || (calleeName === 'from' && isBase64Encoded(call)) || LIBRARY_SINKS.has(calleeName));
  if (!named && !args.some(mayCarryLiteral)) return NONE;
  // Unnamed callees can only be sinks through credential-named parameters (or an aliased
  // library function, which is rare enough not to resolve every call of every file for).
  if (!named && scope.mayName?.parameter() === false) return NONE;
  if (!named && scope.calleeBudget && scope.calleeBudget.left-- <= 0) return NONE;
  // Callees that give sinks are declared functions, classes and imports, found in a few steps.
  const target = resolver.quickValue(call.expression);
  if (target.kind === 'global') {
    if (target.name === 'btoa') return argumentSink(args, 0, resolver, 'a Basic credential (`user:password`)', PASSWORD, 'basic-pair');
    if (target.name === 'Buffer.from' && isBase64Encoded(call)) return argumentSink(args, 0, resolver, 'a Basic credential (`user:password`)', PASSWORD, 'basic-pair');
    return NONE;
  }
  if (target.kind === 'import') return librarySinks(target, (i, where, name) => argumentSink(args, i, resolver, where, name, 'whole'));
  return parameterSinks(call, target, scope);
}

/** The argument at `i`, unless it is missing or spread. */
function argumentAt(args: readonly ts.Expression[], i: number): ts.Expression | undefined {
  const expression = args[i];
  return expression && !isSpreadElement(expression) ? expression : undefined;
}

/** The sink of the argument at `i`, if there is one. */
function argumentSink(args: readonly ts.Expression[], i: number, resolver: ValueResolver, where: string, name: CredentialName, shape: Shape = 'whole'): readonly Sink[] {
  const expression = argumentAt(args, i);
  return expression ? [{ value: () => resolver.value(expression), holder: expression, where, name, shape }] : NONE;
}

function librarySinks(target: Extract<Value, { kind: 'import' }>, sink: (i: number, where: string, name: CredentialName) => readonly Sink[]): readonly Sink[] {
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
function parameterSinks(call: ts.CallExpression | ts.NewExpression, target: Value, scope: SinkScope): readonly Sink[] {
  let parameters: readonly ts.ParameterDeclaration[] | undefined;
  let callee: string | undefined;
  if (target.kind === 'function' && isCallExpression(call)) {
    parameters = target.node.parameters;
    callee = target.node.name && isIdentifier(target.node.name) ? target.node.name.text : undefined;
  } else if (target.kind === 'class' && isNewExpression(call)) {
    parameters = target.node.members.find(isConstructorDeclaration)?.parameters;
    callee = target.node.name?.text;
  }
  if (!parameters) return NONE;
  const sinks: Sink[] = [];
  const args = call.arguments ?? NO_ARGUMENTS;
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
