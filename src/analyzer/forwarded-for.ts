import type ts from 'typescript';
import type { FileAnalysis } from './analysis.js';
import { calleeName, forEachInFunction } from './backoff.js';
import { indexFile } from './file-index.js';
import type { HttpRequest } from './requests.js';
import { mayReachTango } from './text-hints.js';
import { stringForms } from './strings.js';
import { nameWords, tangoHosts, urlEvidence } from './tango.js';
import type { Value, ValueResolver } from './values.js';
import { accessName, objectsOf, skipOuter } from './values.js';
import { Kind, isBinaryExpression, isBindingElement, isCallExpression, isElementAccessExpression, isExpression, isIdentifier, isParameter, isPropertyAccessExpression, isPropertyAssignment, isSpreadAssignment, isSpreadElement, isStringLiteralLike, isTemplateExpression, isVariableDeclaration } from './syntax.js';

/**
 * An `X-Forwarded-For` sent to Tango that can carry a port: built with one (`port`), copied
 * from the incoming request (`raw-header`, `incoming-headers`), or added by a proxy with
 * `xfwd: true` (`proxy-xfwd`).
 */
export interface ForwardedForFinding {
  readonly problem: 'port' | 'raw-header' | 'incoming-headers' | 'proxy-xfwd';
  readonly range: readonly [number, number];
}

const XFF = 'x-forwarded-for';
const INCOMING = /^(?:req|request|incoming\w*|inbound\w*|clientReq\w*|originalReq\w*|ctx|event)$/i;
const KEEPS_VALUE = new Set(['trim', 'toString', 'toLowerCase', 'String']);
const PROXY_FACTORIES: Readonly<Record<string, ReadonlySet<string>>> = {
  'http-proxy-middleware': new Set(['', 'createProxyMiddleware', 'legacyCreateProxyMiddleware']),
  'http-proxy': new Set(['createProxyServer', 'createProxy', 'createServer']),
};

/** Every `X-Forwarded-For` header or proxy in the file that can send Tango an `ip:port` value. */
export function forwardedForFindings(analysis: FileAnalysis): readonly ForwardedForFinding[] {
  return analysis.memo('forwarded-for:findings', () => {
    const findings: ForwardedForFinding[] = [];
    const add = (finding: ForwardedForFinding | undefined): void => {
      if (finding && !findings.some((f) => f.range[0] === finding.range[0] && f.range[1] === finding.range[1])) findings.push(finding);
    };
    for (const { request } of analysis.tangoRequests) {
      for (const finding of requestFindings(request, analysis)) add(finding);
      for (const fn of request.interceptors) for (const finding of headerWrites(fn, analysis)) add(finding);
    }
    // A proxy's target must be a Tango URL, which this file or one it imports has to write.
    if (mayReachTango(analysis)) for (const finding of proxyFindings(analysis)) add(finding);
    return findings.sort((a, b) => a.range[0] - b.range[0]);
  });
}

function requestFindings(request: HttpRequest, analysis: FileAnalysis): ForwardedForFinding[] {
  const { resolver, sourceFile } = analysis;
  const callee: [number, number] = [request.node.expression.getStart(), request.node.expression.end];
  const findings: ForwardedForFinding[] = [];
  for (const layer of request.layers) {
    let headers = layer.get('headers');
    if (!headers) continue;
    if (headers.kind === 'call' && headers.args[0]) headers = resolver.value(headers.args[0], headers.env);
    if (isIncomingHeaders(headers.node)) {
      findings.push({ problem: 'incoming-headers', range: inFile(headers.node, sourceFile) ?? callee });
      continue;
    }
    for (const object of objectsOf(headers)) {
      for (const property of object.node.properties) {
        if (isSpreadAssignment(property) && isIncomingHeaders(property.expression)) {
          findings.push({ problem: 'incoming-headers', range: inFile(property, sourceFile) ?? callee });
        }
      }
      for (const entry of resolver.entries(object).entries) {
        if (entry.name.toLowerCase() !== XFF) continue;
        const value = entry.value();
        const initializer = isPropertyAssignment(entry.property) && entry.property.pos >= 0 ? entry.property.initializer : undefined;
        const problem = valueProblem(value, resolver, initializer);
        if (!problem) continue;
        const written = initializer ?? value.node;
        findings.push({ problem, range: inFile(written, sourceFile) ?? callee });
      }
    }
  }
  return findings;
}

/** What makes an `X-Forwarded-For` value unsafe, if anything. */
export function valueProblem(value: Value, resolver: ValueResolver, written?: ts.Expression): 'port' | 'raw-header' | undefined {
  if (written && joinsPortName(written)) return 'port';
  if (value.kind === 'alternatives') {
    for (const option of value.options) {
      const problem = valueProblem(option, resolver);
      if (problem) return problem;
    }
    return undefined;
  }
  const parts = value.kind === 'concat' ? value.parts : [value];
  if (parts.some((part) => isIncomingForwardedFor(part.node))) return 'raw-header';
  if (joinsPort(value, resolver)) return 'port';
  for (const form of stringForms(value, resolver)) {
    for (let i = 0; i < form.length; i++) {
      const part = form[i];
      if (typeof part === 'string') {
        if (/(?:\d{1,3}\.){3}\d{1,3}:\d{1,5}|\]:\d{1,5}/.test(part)) return 'port';
        if (part.endsWith(':') && i + 1 < form.length && typeof form[i + 1] !== 'string') return 'port';
      } else if (part && isPortName(part)) return 'port';
    }
  }
  return undefined;
}

/** A template or `+` chain with a part named for a port, as written: `ip + ':' + client.port`. */
function joinsPortName(expression: ts.Expression): boolean {
  const node = skipOuter(expression);
  if (isTemplateExpression(node)) return node.templateSpans.some((span) => isPortExpression(span.expression));
  const operands: ts.Expression[] = [];
  const stack: ts.Expression[] = [node];
  while (stack.length > 0) {
    const current = skipOuter(stack.pop() as ts.Expression);
    if (isBinaryExpression(current) && current.operatorToken.kind === Kind.PlusToken) stack.push(current.left, current.right);
    else operands.push(current);
  }
  return operands.length > 1 && operands.some(isPortExpression);
}

function isPortExpression(expression: ts.Expression): boolean {
  const node = skipOuter(expression);
  const name = isIdentifier(node) ? node.text : isPropertyAccessExpression(node) ? node.name.text : undefined;
  return name !== undefined && nameWords(name).at(-1) === 'port';
}

/** `[ip, port].join(':')` */
function joinsPort(value: Value, resolver: ValueResolver): boolean {
  if (value.kind !== 'call' || value.callee.kind !== 'member' || value.callee.name !== 'join' || value.callee.object.kind !== 'array') return false;
  const separator = value.args[0] && resolver.value(value.args[0], value.env);
  if (separator?.kind !== 'string' || separator.value !== ':') return false;
  const array = value.callee.object;
  return array.node.elements.some((element) => !isSpreadElement(element) && isPortName(resolver.value(element, array.env)));
}

/** `remotePort`, `port`, `req.socket.remotePort`: a value named for a port. */
function isPortName(value: Value): boolean {
  const node = value.node;
  if (!node) return false;
  const expression = isParameter(node) || isVariableDeclaration(node) || isBindingElement(node) ? node.name : skipOuter(node as ts.Expression);
  let name: string | undefined;
  if (isIdentifier(expression)) name = expression.text;
  else if (isPropertyAccessExpression(expression)) name = expression.name.text;
  return name !== undefined && nameWords(name).at(-1) === 'port';
}

/** `req.headers['x-forwarded-for']`, `req.get('X-Forwarded-For')`, `request.headers.get('x-forwarded-for')`, kept as they are. */
function isIncomingForwardedFor(node: ts.Node | undefined): boolean {
  if (!node || !isExpressionNode(node)) return false;
  let expression = skipOuter(node);
  // `.trim()`, `String(x)` keep the port; `.split(':')[0]` and other rewrites are taken to strip it.
  for (;;) {
    if (isCallExpression(expression) && KEEPS_VALUE.has(calleeName(expression.expression) ?? '')) {
      const callee = skipOuter(expression.expression);
      const inner = isPropertyAccessExpression(callee) ? callee.expression : expression.arguments[0];
      if (!inner) return false;
      expression = skipOuter(inner);
    } else break;
  }
  if (isElementAccessExpression(expression) || isPropertyAccessExpression(expression)) {
    return accessName(expression)?.toLowerCase() === XFF;
  }
  if (isCallExpression(expression)) {
    const name = calleeName(expression.expression);
    const arg = expression.arguments[0];
    return (name === 'get' || name === 'header' || name === 'getHeader') && arg !== undefined && isStringLiteralLike(arg) && arg.text.toLowerCase() === XFF;
  }
  return false;
}

/** `req.headers`, `request.headers`, `ctx.req.headers`: every header of the incoming request. */
function isIncomingHeaders(node: ts.Node | undefined): boolean {
  if (!node || !isExpressionNode(node)) return false;
  const expression = skipOuter(node);
  if (!isPropertyAccessExpression(expression) || expression.name.text !== 'headers') return false;
  const owner = skipOuter(expression.expression);
  if (isIdentifier(owner)) return INCOMING.test(owner.text);
  return isPropertyAccessExpression(owner) && INCOMING.test(owner.name.text);
}

/** Headers set on the outgoing request in an interceptor or proxy hook: `config.headers['X-Forwarded-For'] = v`, `proxyReq.setHeader(...)`. */
function headerWrites(fn: ts.FunctionLikeDeclaration, analysis: FileAnalysis): ForwardedForFinding[] {
  const { resolver, sourceFile } = analysis;
  if (fn.getSourceFile() !== sourceFile || !fn.body) return [];
  const findings: ForwardedForFinding[] = [];
  forEachInFunction(fn.body, (node) => {
    let written: ts.Expression | undefined;
    if (isBinaryExpression(node) && node.operatorToken.kind === Kind.EqualsToken) {
      const left = skipOuter(node.left);
      if ((isElementAccessExpression(left) || isPropertyAccessExpression(left)) && accessName(left)?.toLowerCase() === XFF) written = node.right;
    } else if (isCallExpression(node) && /^(?:set|setHeader|append)$/.test(calleeName(node.expression) ?? '')) {
      const [name, value] = node.arguments;
      if (name && value && isStringLiteralLike(name) && name.text.toLowerCase() === XFF) written = value;
    }
    if (!written) return;
    const problem = valueProblem(resolver.value(written), resolver, written);
    if (problem) findings.push({ problem, range: [written.getStart(), written.end] });
  });
  return findings;
}

/** http-proxy-middleware and http-proxy proxies toward Tango with `xfwd: true`, and the headers their hooks write. */
function proxyFindings(analysis: FileAnalysis): ForwardedForFinding[] {
  const { resolver, sourceFile } = analysis;
  const hosts = tangoHosts(analysis.settings);
  const findings: ForwardedForFinding[] = [];
  for (const call of indexFile(sourceFile).calls) {
    const options = proxyOptions(call, resolver);
    if (options.length === 0) continue;
    const option = (name: string): { value: Value; property: ts.ObjectLiteralElementLike } | undefined => {
      for (const object of options.flatMap(objectsOf)) {
        const entry = resolver.entries(object).entries.findLast((e) => e.name === name);
        if (entry) return { value: entry.value(), property: entry.property };
      }
      return undefined;
    };
    const target = option('target');
    if (!target || !stringForms(target.value, resolver).some((form) => urlEvidence(form, hosts))) continue;
    const xfwd = option('xfwd');
    if (xfwd?.value.kind === 'boolean' && xfwd.value.value) {
      findings.push({ problem: 'proxy-xfwd', range: inFile(xfwd.property, sourceFile) ?? [call.expression.getStart(), call.expression.end] });
    }
    const on = option('on');
    const hook = option('onProxyReq')?.value ?? (on && resolver.property(on.value, 'proxyReq'));
    if (hook?.kind === 'function') findings.push(...headerWrites(hook.node, analysis));
  }
  return findings;
}

/** The option objects of a proxy: the factory's options, plus a server's per-call options (`proxy.web(req, res, options)`). */
function proxyOptions(call: ts.CallExpression, resolver: ValueResolver): Value[] {
  const callee = skipOuter(call.expression);
  if (!isIdentifier(callee) && !isPropertyAccessExpression(callee)) return [];
  const value = resolver.value(call.expression);
  if (isProxyFactory(value)) {
    return call.arguments.map((arg) => resolver.value(arg)).filter((v) => objectsOf(v).length > 0);
  }
  if (value.kind === 'member' && (value.name === 'web' || value.name === 'ws') && value.object.kind === 'call' && isProxyFactory(value.object.callee)) {
    const server = value.object;
    const perCall = call.arguments[2];
    return [...(perCall ? [resolver.value(perCall)] : []), ...server.args.map((arg) => resolver.value(arg, server.env))].filter((v) => objectsOf(v).length > 0);
  }
  return [];
}

function isProxyFactory(value: Value): boolean {
  if (value.kind !== 'import') return false;
  const names = PROXY_FACTORIES[value.module];
  const path = value.path.filter((p) => p !== 'default');
  return names !== undefined && path.length <= 1 && names.has(path[0] ?? '');
}

function inFile(node: ts.Node | undefined, sourceFile: ts.SourceFile): [number, number] | undefined {
  if (!node || node.pos < 0 || node.getSourceFile() !== sourceFile) return undefined;
  return [node.getStart(), node.end];
}

function isExpressionNode(node: ts.Node): node is ts.Expression {
  return isExpression(node) || isIdentifier(node);
}

