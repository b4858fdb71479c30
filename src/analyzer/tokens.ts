import type ts from 'typescript';
import { calledFunctions, chainOf } from './frameworks.js';
import type { HttpRequest } from './requests.js';
import { requestAt } from './requests.js';
import type { TangoSettings } from './settings.js';
import { joinUrl } from './strings.js';
import { holeName, hostOf, isTangoUrlName, nameWords, tangoHosts } from './tango.js';
import type { Value, ValueResolver } from './values.js';
import { isCallExpression, isSpreadElement } from './syntax.js';

/** Tango's OAuth hosts: every request to them is a token request. */
export const TANGO_AUTH_HOSTS: readonly string[] = ['auth.tangocard.com', 'sandbox-auth.tangocard.com'];

const TOKEN_PATH = /\/oauth2?\/token(?:$|[/?#])/i;
const AUTH_WORDS = new Set(['auth', 'oauth', 'token']);
/** Steps from a token response to the token that keep carrying it: `res.data.access_token`, `(await r.json()).access_token`. */
const TOKEN_STEPS = new Set(['data', 'body', 'json', 'text', 'access_token', 'accessToken', 'token', 'toString', 'trim']);
/** Calls that carry their argument into their result (`JSON.stringify(token)`, `encodeURIComponent(token)`). */
const WRAPPERS = new Set(['JSON.stringify', 'String', 'encodeURIComponent', 'encodeURI', 'btoa', 'Buffer.from', 'URL', 'URLSearchParams']);

const tokenCalls = new WeakMap<TangoSettings, WeakMap<ts.Node, boolean>>();

/** What token tracking needs. */
export interface TokenContext {
  readonly resolver: ValueResolver;
  readonly settings: TangoSettings;
}

/**
 * True for a request to Tango's token endpoint: a Tango OAuth host, `/oauth/token` on a Tango
 * host, or a URL from an env variable or config value named for Tango's auth or token URL.
 */
export function isTokenEndpoint(request: HttpRequest, context: TokenContext): boolean {
  const hosts = tangoHosts(context.settings);
  for (const form of joinUrl(request.base, request.url, context.resolver)) {
    const text = form.filter((part): part is string => typeof part === 'string').join('');
    const first = form[0];
    if (typeof first === 'string') {
      const host = hostOf(first);
      if (host && (TANGO_AUTH_HOSTS.includes(host) || (hosts.has(host) && TOKEN_PATH.test(text)))) return true;
    } else if (first) {
      const named = holeName(first);
      if (named && isTangoUrlName(named.name) && (TOKEN_PATH.test(text) || nameWords(named.name).some((word) => AUTH_WORDS.has(word)))) return true;
    }
  }
  return false;
}

/** True when a call sends a request to Tango's token endpoint (so its response holds an access token). */
export function isTokenCall(call: ts.CallExpression, context: TokenContext): boolean {
  let cache = tokenCalls.get(context.settings);
  if (!cache) {
    cache = new WeakMap();
    tokenCalls.set(context.settings, cache);
  }
  let known = cache.get(call);
  if (known === undefined) {
    const request = requestAt(call, context.resolver);
    known = request !== undefined && isTokenEndpoint(request, context);
    cache.set(call, known);
  }
  return known;
}

/**
 * True when a value holds a Tango access token: the response of a token request, its body, its
 * `access_token`, or an object, string or call result built from one (`{ token }`,
 * `` `Bearer ${token}` ``, `getTangoToken()` in another module, `this.auth.token()`).
 * `data.expires_in` and other fields of the response are not the token.
 */
export function carriesTangoToken(value: Value, context: TokenContext, depth = 0): boolean {
  if (depth > 6) return false;
  const { resolver } = context;
  switch (value.kind) {
    case 'alternatives':
      return value.options.some((option) => carriesTangoToken(option, context, depth + 1));
    case 'concat':
      return value.parts.some((part) => carriesTangoToken(part, context, depth + 1));
    case 'object':
      return resolver.entries(value).entries.some((entry) => carriesTangoToken(entry.value(), context, depth + 1));
    case 'array':
      return value.node.elements.some((element) => !isSpreadElement(element) && carriesTangoToken(resolver.value(element, value.env), context, depth + 1));
    case 'member':
    case 'call':
      return chainCarriesToken(value, context, depth);
    default:
      return false;
  }
}

function chainCarriesToken(value: Value, context: TokenContext, depth: number): boolean {
  const { resolver } = context;
  // Methods the resolver does not follow by itself: injected services, class instances.
  if (value.kind === 'call' && isCallExpression(value.node)) {
    const call = value.node;
    if (calledFunctions(call, resolver).some((fn) => carriesTangoToken(resolver.returnValue(fn, call, value.env), context, depth + 1))) return true;
  }
  const { base, steps } = chainOf(value);
  if (!steps.every((step) => TOKEN_STEPS.has(step.name)) || base.kind !== 'call') return false;
  const callee = base.callee;
  if (callee.kind === 'global' && WRAPPERS.has(callee.name)) {
    const first = base.args[0];
    return first !== undefined && carriesTangoToken(resolver.value(first, base.env), context, depth + 1);
  }
  return isCallExpression(base.node) && isTokenCall(base.node, context);
}
