import type ts from 'typescript';
import type { FileAnalysis } from './analysis.js';
import { credentialName } from './credential-names.js';
import { indexFile } from './file-index.js';
import { requestAt, requestBody } from './requests.js';
import { judgeSecret } from './secrets.js';
import { mayReachLoggedCredential, writesCredentialName } from './text-hints.js';
import { joinUrl, stringForms } from './strings.js';
import { hostOf } from './tango.js';
import type { Value, ValueResolver } from './values.js';
import { accessName, objectsOf, skipOuter } from './values.js';
import { Kind, isArrayLiteralExpression, isAwaitExpression, isBinaryExpression, isCallExpression, isConditionalExpression, isElementAccessExpression, isIdentifier, isObjectLiteralExpression, isPropertyAccessExpression, isSpreadElement, isTemplateExpression } from './syntax.js';

/** A log call that writes a credential. */
export interface CredentialLogFinding {
  /** The logged expression (or the property of a logged object literal) that holds the credential. */
  readonly range: readonly [number, number];
  /** The log call as written: `console.log`, `logger.info`, `debug`. */
  readonly logger: string;
  /** What is logged, as code and words: "an API key (`apiKey`)". Never a secret's value. */
  readonly what: string;
}

const LOG_METHODS = new Set([
  'log', 'info', 'warn', 'warning', 'error', 'debug', 'trace', 'fatal', 'verbose', 'silly', 'http', 'notice', 'critical',
  'crit', 'alert', 'emerg', 'dir', 'table', 'success', 'fail',
]);
const LOGGER_NAME = /^(?:_?log|_?logger|[A-Za-z_$][\w$]*Logger|LOGGER|LOG)$/;
/** Names a project module may give a `debug` instance it exports. */
const DEBUG_NAME = /debug|dbg|log|trace/i;
const DEBUG_MODULE = /['"]debug['"]/;
const LOGGER_MODULES = new Set(['pino', 'winston', 'bunyan', 'loglevel', 'log4js', 'signale', 'consola', 'npmlog', 'roarr']);
const AUTHORIZATION = new Set(['authorization', 'proxy-authorization']);
/** Calls whose result still carries the credential they are given. */
const PRESERVING_FUNCTIONS = new Set(['String', 'JSON.stringify', 'Buffer.from', 'util.inspect', 'inspect', 'exportJWK', 'exportPKCS8']);
const PRESERVING_METHODS = new Set(['toString', 'trim', 'toUpperCase', 'toLowerCase', 'valueOf', 'export', 'toJSON']);
/** Names of functions that hide a value before it is logged. */
const REDACTING = /mask|redact|hash|digest|fingerprint|truncate|obfuscate|scrub|sanitiz|censor|hide|omit|strip|safe/i;
const TANGO_AUTH_HOSTS = new Set(['auth.tangocard.com', 'sandbox-auth.tangocard.com']);
const MAX_DEPTH = 4;

/** Console and logger calls of the file that log a credential. */
export function credentialLogFindings(analysis: FileAnalysis): readonly CredentialLogFinding[] {
  return analysis.memo('credential-logging:findings', () => {
    const { resolver, sourceFile } = analysis;
    // Without credential words in reach, only names written in the log call can tell: judge
    // those first, and resolve nothing for the calls that log none.
    const deep = mayReachLoggedCredential(analysis);
    if (!deep && !writesCredentialName(analysis)) return [];
    const findings: CredentialLogFinding[] = [];
    const importsDebug = DEBUG_MODULE.test(sourceFile.text);
    for (const call of indexFile(sourceFile).calls) {
      if (call.arguments.length === 0 || !mayBeLogCall(call, importsDebug)) continue;
      let logger = deep ? loggerOf(call, resolver) : undefined;
      if (deep && !logger) continue;
      for (const argument of call.arguments) {
        const found = loggedCredential(isSpreadElement(argument) ? argument.expression : argument, resolver, deep);
        if (!found) continue;
        logger ??= loggerOf(call, resolver);
        if (!logger) break;
        findings.push({ range: [found.node.getStart(), found.node.end], logger, what: found.what });
      }
    }
    return findings;
  });
}

/**
 * Whether the call is written like a log call, judged without resolving anything: a log method
 * of a named object, or a function that can be a `debug` instance (any function of a file that
 * requires or imports `debug`; elsewhere, one named like a debug logger, which a project module
 * may export). `loggerOf` answers only for such calls.
 */
function mayBeLogCall(call: ts.CallExpression, importsDebug: boolean): boolean {
  const callee = skipOuter(call.expression);
  if (isPropertyAccessExpression(callee)) {
    if (!LOG_METHODS.has(callee.name.text)) return false;
    const object = skipOuter(callee.expression);
    return isIdentifier(object) || isPropertyAccessExpression(object);
  }
  return isIdentifier(callee) && (importsDebug || DEBUG_NAME.test(callee.text));
}

/** The name of a log call as written, when the call logs: console, pino/winston/bunyan-style loggers, `debug` instances. */
function loggerOf(call: ts.CallExpression, resolver: ValueResolver): string | undefined {
  const callee = skipOuter(call.expression);
  if (isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    if (!LOG_METHODS.has(method)) return undefined;
    const object = skipOuter(callee.expression);
    const objectName = isIdentifier(object) ? object.text : isPropertyAccessExpression(object) ? object.name.text : undefined;
    if (objectName === undefined) return undefined;
    const written = `${objectName}.${method}`;
    if (objectName === 'console') return resolver.value(object).kind === 'global' ? written : undefined;
    if (LOGGER_NAME.test(objectName)) return written;
    // A logger is a logging library's import or what its factories return: found in a few steps.
    return isLoggerValue(resolver.quickValue(object)) ? written : undefined;
  }
  // A `debug` instance is a plain function.
  if (isIdentifier(callee)) {
    const value = resolver.quickValue(callee);
    if (value.kind === 'call' && value.callee.kind === 'import' && value.callee.module === 'debug') return callee.text;
  }
  return undefined;
}

function isLoggerValue(value: Value): boolean {
  if (value.kind === 'call') return isLoggerValue(value.callee);
  if (value.kind === 'member') return isLoggerValue(value.object);
  return value.kind === 'import' && LOGGER_MODULES.has(value.module);
}

interface Found {
  readonly node: ts.Node;
  readonly what: string;
}

/** The first credential an argument carries into the log, walking the expression with an explicit stack. */
function loggedCredential(argument: ts.Expression, resolver: ValueResolver, deep: boolean): Found | undefined {
  const stack: ts.Expression[] = [argument];
  while (stack.length > 0) {
    const expression = skipOuter(stack.pop() as ts.Expression);
    if (isAwaitExpression(expression)) {
      stack.push(expression.expression);
    } else if (isTemplateExpression(expression)) {
      for (const span of expression.templateSpans) stack.push(span.expression);
    } else if (isBinaryExpression(expression)) {
      const operator = expression.operatorToken.kind;
      if (operator === Kind.PlusToken || operator === Kind.BarBarToken || operator === Kind.QuestionQuestionToken) {
        stack.push(expression.right, expression.left);
      } else if (operator === Kind.AmpersandAmpersandToken || operator === Kind.CommaToken) {
        stack.push(expression.right);
      }
    } else if (isConditionalExpression(expression)) {
      stack.push(expression.whenFalse, expression.whenTrue);
    } else if (isArrayLiteralExpression(expression)) {
      for (const element of [...expression.elements].reverse()) stack.push(isSpreadElement(element) ? element.expression : element);
    } else if (isObjectLiteralExpression(expression)) {
      // Its keys would be credential words in reach.
      if (!deep) continue;
      const found = objectCredential(resolver.value(expression), resolver, 0);
      if (found) return { node: found.node && isWithin(found.node, expression) ? found.node : expression, what: found.what };
    } else if (isCallExpression(expression)) {
      if (!deep) {
        const inner = writtenPreservedArgument(expression);
        if (inner) stack.push(inner);
        continue;
      }
      const header = headerGetter(expression, resolver);
      if (header) return { node: expression, what: `the \`${header}\` header` };
      const inner = preservedArgument(expression, resolver);
      if (inner) stack.push(inner);
      else {
        const what = valueCredential(resolver.value(expression), resolver, 0);
        if (what) return { node: expression, what };
      }
    } else if (isIdentifier(expression) || isPropertyAccessExpression(expression) || isElementAccessExpression(expression)) {
      const what = referenceCredential(expression, resolver, deep);
      if (what) return { node: expression, what };
    }
  }
  return undefined;
}

/** A variable or member logged: by its name, or by what its value is known to be. */
function referenceCredential(expression: ts.Identifier | ts.AccessExpression, resolver: ValueResolver, deep: boolean): string | undefined {
  const name = isIdentifier(expression) ? expression.text : accessName(expression);
  if (name !== undefined && AUTHORIZATION.has(name.toLowerCase())) return `the \`${name}\` header (${codeOf(expression)})`;
  const credential = name === undefined ? undefined : credentialName(name);
  if (!deep && credential?.strength !== 'strong') return undefined;
  const code = codeOf(expression);
  const value = resolver.value(expression);
  if (credential?.strength === 'strong' && !isSafeValue(value, resolver)) return `${credential.label} (${code})`;
  const what = valueCredential(value, resolver, 0);
  return what ? `${what} (${code})` : undefined;
}

/** What a value is known to hold, when that is a credential. */
function valueCredential(value: Value, resolver: ValueResolver, depth: number): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  switch (value.kind) {
    case 'env': {
      const name = credentialName(value.name);
      return name?.strength === 'strong' ? `${name.label} from \`process.env.${value.name}\`` : undefined;
    }
    case 'alternatives':
      for (const option of value.options) {
        const what = valueCredential(option, resolver, depth + 1);
        if (what) return what;
      }
      return undefined;
    case 'object':
      return objectCredential(value, resolver, depth)?.what;
    case 'member': {
      if (AUTHORIZATION.has(value.name.toLowerCase())) return `the \`${value.name}\` header`;
      const name = credentialName(value.name);
      if (name?.strength === 'strong') return name.label;
      if ((value.name === 'data' || value.name === 'body') && isTokenResponse(value.object, resolver)) return 'an OAuth token response';
      return undefined;
    }
    case 'call':
      if (isTokenResponse(value, resolver)) return 'an OAuth token response';
      if (isKeyPair(value)) return 'a key pair with its private key';
      if (isSignedToken(value)) return 'a signed token (JWT)';
      return undefined;
    default:
      return undefined;
  }
}

/** A credential inside an object: a credential-named entry that is not redacted, `auth`, or `headers.Authorization`. */
function objectCredential(value: Value, resolver: ValueResolver, depth: number): { node: ts.Node | undefined; what: string } | undefined {
  if (depth > MAX_DEPTH) return undefined;
  for (const object of objectsOf(value)) {
    const latest = new Map<string, { property: ts.Node; value: () => Value }>();
    for (const entry of resolver.entries(object).entries) latest.set(entry.name, { property: entry.property, value: entry.value });
    for (const [name, entry] of latest) {
      const entryValue = entry.value();
      if (isSafeValue(entryValue, resolver)) continue;
      if (AUTHORIZATION.has(name.toLowerCase())) return { node: entry.property, what: `an object holding the \`${name}\` header` };
      if (name === 'auth') return { node: entry.property, what: 'an object holding credentials in `auth`' };
      const credential = credentialName(name);
      if (credential?.strength === 'strong') return { node: entry.property, what: `an object holding ${credential.label} in \`${name}\`` };
      if (name === 'headers' || name === 'credentials' || name === 'config') {
        const inner = objectCredential(entryValue, resolver, depth + 1);
        if (inner) return { node: entry.property, what: inner.what };
      }
      const known = entryValue.kind === 'object' ? undefined : valueCredential(entryValue, resolver, depth + 1);
      if (known) return { node: entry.property, what: `an object holding ${known} in \`${name}\`` };
    }
  }
  return undefined;
}

/** Values that reveal nothing when logged: booleans, numbers, nothing, non-secret strings, redacted results. */
function isSafeValue(value: Value, resolver: ValueResolver): boolean {
  switch (value.kind) {
    case 'boolean':
    case 'number':
    case 'nullish':
      return true;
    case 'string': {
      const look = judgeSecret(value.value, 'password').look;
      return look === 'placeholder' || look === 'not-secret';
    }
    case 'alternatives':
      return value.options.every((option) => isSafeValue(option, resolver));
    case 'call': {
      const callee = skipOuter(value.node.expression);
      const name = isIdentifier(callee) ? callee.text : isPropertyAccessExpression(callee) ? callee.name.text : '';
      return REDACTING.test(name) || name === 'slice' || name === 'substring' || name === 'substr' || name === 'Boolean';
    }
    default:
      return false;
  }
}

/** `headers.get('authorization')`, `req.get('Authorization')`, `req.header(...)`, `getHeader(...)`. */
function headerGetter(call: ts.CallExpression, resolver: ValueResolver): string | undefined {
  const callee = skipOuter(call.expression);
  const method = isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (method !== 'get' && method !== 'header' && method !== 'getHeader') return undefined;
  const first = call.arguments[0];
  if (!first || isSpreadElement(first)) return undefined;
  const key = resolver.value(first);
  return key.kind === 'string' && AUTHORIZATION.has(key.value.toLowerCase()) ? key.value : undefined;
}

/** The argument of a call that passes its text through (`JSON.stringify(x)`, `x.toString()`, `exportJWK(key)`). */
function preservedArgument(call: ts.CallExpression, resolver: ValueResolver): ts.Expression | undefined {
  const callee = skipOuter(call.expression);
  const first = call.arguments[0];
  const firstArg = first && !isSpreadElement(first) ? first : undefined;
  if (isPropertyAccessExpression(callee) && PRESERVING_METHODS.has(callee.name.text)) return callee.expression;
  const target = resolver.value(call.expression);
  const name =
    target.kind === 'global' ? target.name : target.kind === 'import' ? (target.path[target.path.length - 1] ?? target.module) : undefined;
  return name !== undefined && PRESERVING_FUNCTIONS.has(name) ? firstArg : undefined;
}

/** `preservedArgument` by the names written, without resolving the callee. */
function writtenPreservedArgument(call: ts.CallExpression): ts.Expression | undefined {
  const callee = skipOuter(call.expression);
  if (isPropertyAccessExpression(callee) && PRESERVING_METHODS.has(callee.name.text)) return callee.expression;
  const first = call.arguments[0];
  if (!first || isSpreadElement(first)) return undefined;
  const written = isIdentifier(callee) ? callee.text : isPropertyAccessExpression(callee) && isIdentifier(callee.expression) ? `${callee.expression.text}.${callee.name.text}` : undefined;
  return written !== undefined && (PRESERVING_FUNCTIONS.has(written) || PRESERVING_FUNCTIONS.has(written.slice(written.indexOf('.') + 1))) ? first : undefined;
}

/** A key pair from `generateKeyPair` (jose, node:crypto): logging it logs the private key. */
function isKeyPair(value: Extract<Value, { kind: 'call' }>): boolean {
  const callee = value.callee;
  if (callee.kind !== 'import') return false;
  const member = callee.path[callee.path.length - 1];
  return (callee.module === 'jose' || callee.module === 'crypto') && (member === 'generateKeyPair' || member === 'generateKeyPairSync');
}

/** A token fresh from jsonwebtoken's `sign` or jose's `new SignJWT(...)....sign(key)`: a bearer credential. */
function isSignedToken(value: Extract<Value, { kind: 'call' }>): boolean {
  const callee = value.callee;
  if (callee.kind === 'import') return callee.module === 'jsonwebtoken' && callee.path[callee.path.length - 1] === 'sign';
  if (callee.kind !== 'member' || callee.name !== 'sign') return false;
  let object: Value = callee.object;
  for (let steps = 0; object.kind === 'call' && steps < 32; steps++) {
    const inner: Value = object.callee;
    if (inner.kind === 'import') return inner.module === 'jose' && inner.path[inner.path.length - 1] === 'SignJWT';
    if (inner.kind !== 'member') return false;
    object = inner.object;
  }
  return false;
}

/**
 * The response of an OAuth token request, or its parsed body (`await res.json()`, `res.data`): a
 * request to a token endpoint (`/oauth/token`, `/token`, Tango's auth hosts) or with a
 * `grant_type` in its body.
 */
function isTokenResponse(value: Value, resolver: ValueResolver): boolean {
  if (value.kind === 'member' && (value.name === 'data' || value.name === 'body')) return isTokenResponse(value.object, resolver);
  if (value.kind !== 'call') return false;
  if (value.callee.kind === 'member' && (value.callee.name === 'json' || value.callee.name === 'text')) {
    return isTokenResponse(value.callee.object, resolver);
  }
  const node = value.node;
  if (!isCallExpression(node)) return false;
  const request = requestAt(node, resolver);
  if (!request) return false;
  for (const form of joinUrl(request.base, request.url, resolver)) {
    const text = form.map((part) => (typeof part === 'string' ? part : '\0')).join('');
    const host = hostOf(text);
    if ((host && TANGO_AUTH_HOSTS.has(host)) || /\/(?:oauth2?\/)?token(?:[/?#\0]|$)|\/oauth2?\//i.test(text)) return true;
  }
  const body = requestBody(request, resolver);
  if (!body) return false;
  const payload = body.value.kind === 'call' && body.value.args[0] ? resolver.value(body.value.args[0], body.value.env) : body.value;
  if (objectsOf(payload).some((object) => resolver.entries(object).entries.some((entry) => entry.name === 'grant_type'))) return true;
  return stringForms(payload, resolver).some((form) => form.some((part) => typeof part === 'string' && part.includes('grant_type=')));
}

function isWithin(node: ts.Node, container: ts.Node): boolean {
  return node.getSourceFile() === container.getSourceFile() && node.pos >= container.pos && node.end <= container.end;
}

/** Source text of a reference, short enough for a message. */
function codeOf(node: ts.Node): string {
  const text = node.getText().replace(/\s+/g, '');
  return `\`${text.length > 60 ? `${text.slice(0, 57)}...` : text}\``;
}
