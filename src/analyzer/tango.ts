import type ts from 'typescript';
import type { HttpRequest } from './requests.js';
import { requestBody } from './requests.js';
import type { TangoSettings } from './settings.js';
import type { StringForm } from './strings.js';
import { joinUrl } from './strings.js';
import type { Value, ValueResolver } from './values.js';
import { objectsOf } from './values.js';
import { isElementAccessExpression, isIdentifier, isParameter, isPropertyAccessExpression } from './syntax.js';

/** Tango's API and OAuth hosts. */
export const TANGO_HOSTS: readonly string[] = [
  'integration-api.tangocard.com',
  'api.tangocard.com',
  'mtls.tango-api.bhn.com',
  'mtls.sandbox-tango-api.bhn.com',
  'auth.tangocard.com',
  'sandbox-auth.tangocard.com',
];

export const TANGO_MTLS_HOSTS: readonly string[] = ['mtls.tango-api.bhn.com', 'mtls.sandbox-tango-api.bhn.com'];

/** Why a request is taken to go to Tango. */
export type TangoEvidence =
  | { readonly kind: 'host'; readonly host: string }
  | { readonly kind: 'env'; readonly name: string }
  | { readonly kind: 'config'; readonly name: string }
  | { readonly kind: 'path' }
  | { readonly kind: 'order-body' };

/** The fields that together identify a Tango order body. */
export const ORDER_FINGERPRINT: readonly string[] = ['accountIdentifier', 'customerIdentifier', 'utid', 'amount'];

const URL_WORDS = new Set(['url', 'uri', 'host', 'hostname', 'endpoint', 'base', 'baseurl', 'origin', 'domain', 'server']);
const TANGO_WORDS = new Set(['tango', 'tangocard', 'raas']);
/** Words that may sit between "tango" and the URL word in a name that still means the API's address. */
const FILLER_WORDS = new Set([
  'api', 'base', 'raas', 'v2', 'card', 'server', 'service', 'prod', 'production', 'sandbox', 'integration',
  'live', 'test', 'staging', 'env', 'config', 'settings', 'client', 'http', 'rest', 'root', 'auth', 'oauth', 'token', 'mtls',
]);

const hostSets = new WeakMap<TangoSettings, ReadonlySet<string>>();

/** The hosts that count as Tango for these settings (one set per settings object: every file asks). */
export function tangoHosts(settings: TangoSettings): ReadonlySet<string> {
  let hosts = hostSets.get(settings);
  if (!hosts) {
    hosts = new Set([...TANGO_HOSTS, ...settings.hosts.map((h) => h.toLowerCase())]);
    hostSets.set(settings, hosts);
  }
  return hosts;
}

/**
 * Why a request goes to Tango, or undefined when nothing says it does. The word "tango" alone is
 * never enough: it takes a Tango host, a Tango-named URL variable, a `/raas/v2` path, or an order
 * body.
 */
export function tangoEvidence(request: HttpRequest, resolver: ValueResolver, settings: TangoSettings): TangoEvidence | undefined {
  const forms = joinUrl(request.base, request.url, resolver);
  const hosts = tangoHosts(settings);
  for (const form of forms) {
    const evidence = urlEvidence(form, hosts);
    if (evidence) return evidence;
  }
  const body = requestBody(request, resolver);
  if (body && hasOrderFingerprint(body.value, resolver)) return { kind: 'order-body' };
  return undefined;
}

/** What a single URL form says about its target. */
export function urlEvidence(form: StringForm, hosts: ReadonlySet<string>): TangoEvidence | undefined {
  let first = form[0];
  if (typeof first === 'string' && /^\s*https?:\/\/$/i.test(first)) {
    // `https://${TANGO_HOST}/...`: the host is the hole after the scheme.
    first = form[1];
  }
  if (typeof first === 'string') {
    const host = hostOf(first);
    if (host && hosts.has(host)) return { kind: 'host', host };
  } else if (first) {
    const named = holeName(first);
    if (named && isTangoUrlName(named.name)) return named.kind === 'env' ? { kind: 'env', name: named.name } : { kind: 'config', name: named.name };
  }
  if (form.some((part) => typeof part === 'string' && /(?:^|\/)raas\/v2(?:\/|$|\?)/i.test(part))) return { kind: 'path' };
  return undefined;
}

/** Lower-case host of an absolute http(s) URL text, if the text starts with one. */
export function hostOf(text: string): string | undefined {
  const match = /^\s*https?:\/\/([^/:?#\s]+)/i.exec(text);
  return match?.[1]?.toLowerCase();
}

/** The name a hole stands for: an environment variable, or the source text of a config access. */
export function holeName(value: Value): { kind: 'env' | 'config'; name: string } | undefined {
  if (value.kind === 'env') return { kind: 'env', name: value.name };
  if ((value.kind === 'unknown' || value.kind === 'member' || value.kind === 'global') && value.node) {
    const node = value.node;
    if (isIdentifier(node) || isPropertyAccessExpression(node) || isElementAccessExpression(node) || isParameter(node)) {
      const text = isParameter(node) ? node.name.getText() : safeText(node);
      if (text && text.length <= 120) return { kind: 'config', name: text };
    }
  }
  return undefined;
}

function safeText(node: ts.Node): string | undefined {
  try {
    return node.getText();
  } catch {
    return undefined;
  }
}

/** Splits `TANGO_BASE_URL`, `tangoApiUrl` and `config.tango.baseUrl` into lower-case words. */
export function nameWords(name: string): string[] {
  // A single pass instead of regex replacements: `([A-Z]+)([A-Z][a-z])` backtracks quadratically
  // on long runs of capitals.
  const words: string[] = [];
  let word = '';
  const isUpper = (c: string | undefined): boolean => c !== undefined && c >= 'A' && c <= 'Z';
  const isLowerLetter = (c: string | undefined): boolean => c !== undefined && c >= 'a' && c <= 'z';
  const isLower = (c: string | undefined): boolean => isLowerLetter(c) || (c !== undefined && c >= '0' && c <= '9');
  for (let i = 0; i < name.length; i++) {
    const c = name[i] as string;
    if (!isUpper(c) && !isLower(c)) {
      if (word) words.push(word.toLowerCase());
      word = '';
      continue;
    }
    const previous = name[i - 1];
    // A capital starts a word after a lower-case letter or digit (`apiUrl`), or when it begins a
    // capitalised word after a run of capitals (`APIUrl`).
    const startsWord = isUpper(c) && word !== '' && (isLower(previous) || (isUpper(previous) && isLowerLetter(name[i + 1])));
    if (startsWord) {
      words.push(word.toLowerCase());
      word = '';
    }
    word += c;
  }
  if (word) words.push(word.toLowerCase());
  return words;
}

/** True for names that mean "the address of the Tango API": `TANGO_API_URL`, `config.tango.baseUrl`. */
export function isTangoUrlName(name: string): boolean {
  const words = nameWords(name);
  const tangoAt = words.findIndex((w) => TANGO_WORDS.has(w));
  if (tangoAt < 0) return false;
  const after = words.slice(tangoAt + 1);
  const last = after[after.length - 1];
  if (!last || !URL_WORDS.has(last)) return false;
  return after.slice(0, -1).every((w) => FILLER_WORDS.has(w) || URL_WORDS.has(w) || TANGO_WORDS.has(w));
}

/** True when a value is an object carrying every field of the Tango order fingerprint. */
export function hasOrderFingerprint(value: Value, resolver: ValueResolver): boolean {
  const body = value.kind === 'call' && value.callee.kind === 'global' && value.callee.name === 'JSON.stringify' && value.args[0]
    ? resolver.value(value.args[0], value.env)
    : value;
  return objectsOf(body).some((object) => {
    const names = new Set(resolver.entries(object).entries.map((e) => e.name));
    return ORDER_FINGERPRINT.every((field) => names.has(field));
  });
}
