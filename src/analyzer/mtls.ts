import type ts from 'typescript';
import type { FileAnalysis } from './analysis.js';
import { browserContext } from './browser.js';
import { indexFile } from './file-index.js';
import type { HttpClient, HttpRequest } from './requests.js';
import { instanceOf, requestOption } from './requests.js';
import { joinUrl } from './strings.js';
import { hostOf, TANGO_MTLS_HOSTS } from './tango.js';
import { isTokenEndpoint, TANGO_AUTH_HOSTS } from './tokens.js';
import type { Value, ValueResolver } from './values.js';
import { objectsOf, skipOuter } from './values.js';
import { isIdentifier, isPropertyAccessExpression } from './syntax.js';

/** A Tango request that mTLS would reject. */
export interface MtlsFinding {
  /** `missing-certificate`: no client certificate; `standard-host`: a standard host while `settings.tango.mtls` is on. */
  readonly problem: 'missing-certificate' | 'standard-host';
  readonly client: HttpClient;
  /** The host the request goes to, when known. */
  readonly host: string | undefined;
  readonly range: readonly [number, number];
}

/** Whether TLS options present a client certificate: `cert` and `key`, or `pfx`. */
type Certificate = 'present' | 'missing' | 'unknown';

/** The standard (non-mTLS) API hosts, which reject requests once mTLS is on for the platform. */
const STANDARD_HOSTS: readonly string[] = ['integration-api.tangocard.com', 'api.tangocard.com'];
const UNDICI_DISPATCHERS = new Set(['Agent', 'Pool', 'Client']);

/**
 * Tango requests that must present a client certificate and do not: requests to the mTLS hosts,
 * and (with `settings.tango.mtls`) every Tango API request, where requests to the standard hosts
 * are reported as such. Token endpoint requests are left out.
 */
export function mtlsFindings(analysis: FileAnalysis): readonly MtlsFinding[] {
  return analysis.memo('mtls:findings', () => {
    const { resolver, settings } = analysis;
    const findings: MtlsFinding[] = [];
    for (const { request } of analysis.tangoRequests) {
      const hosts = requestHosts(request, resolver);
      const mtlsHost = hosts.find((host) => TANGO_MTLS_HOSTS.includes(host));
      const standardHost = hosts.find((host) => STANDARD_HOSTS.includes(host));
      if (!mtlsHost && !settings.mtls) continue;
      if (hosts.length > 0 && hosts.every((host) => TANGO_AUTH_HOSTS.includes(host))) continue;
      if (isTokenEndpoint(request, { resolver, settings })) continue;
      const callee = request.node.expression;
      const range = [callee.getStart(), callee.end] as const;
      if (settings.mtls && standardHost && !mtlsHost) {
        findings.push({ problem: 'standard-host', client: request.client, host: standardHost, range });
        continue;
      }
      if (!mtlsHost && hosts.length > 0) continue;
      if (clientCertificate(request, resolver) === 'missing') {
        findings.push({ problem: 'missing-certificate', client: request.client, host: mtlsHost, range });
      }
    }
    if (findings.length === 0 || browserContext(analysis).browser) return [];
    return findings;
  });
}

function requestHosts(request: HttpRequest, resolver: ValueResolver): string[] {
  const hosts = new Set<string>();
  for (const form of joinUrl(request.base, request.url, resolver)) {
    const first = form[0];
    const host = typeof first === 'string' ? hostOf(first) : undefined;
    if (host) hosts.add(host);
  }
  return [...hosts];
}

/** The client certificate a request presents, per client. */
function clientCertificate(request: HttpRequest, resolver: ValueResolver): Certificate {
  const own = ownCertificate(request, resolver);
  if (own !== 'missing' || request.client === 'fetch' || request.client === 'undici' || request.client === 'ky') return own;
  // Node's own clients fall back to `https.globalAgent`.
  return globalAgent(request.node.getSourceFile(), resolver);
}

function ownCertificate(request: HttpRequest, resolver: ValueResolver): Certificate {
  const option = (name: string): Value | undefined => requestOption(request, name)?.value;
  switch (request.client) {
    case 'axios':
      return agentCertificate(option('httpsAgent'), resolver);
    case 'got': {
      const https = option('https');
      const agent = option('agent');
      return combine([
        https ? tlsCertificate(https, resolver, 'certificate') : 'missing',
        agent ? agentCertificate(resolver.property(agent, 'https'), resolver) : 'missing',
      ]);
    }
    case 'fetch':
    case 'ky':
    case 'undici':
      return combine([
        dispatcherCertificate(option('dispatcher'), resolver),
        option('agent') ? agentCertificate(option('agent'), resolver) : 'missing',
        option('connect') ? tlsCertificate(option('connect') as Value, resolver) : 'missing',
        globalDispatcher(request.node.getSourceFile(), resolver),
      ]);
    case 'http':
    case 'request':
      return combine([
        ...request.layers.map((layer) => (layer.object ? tlsCertificate(layer.object, resolver) : 'missing')),
        option('agentOptions') ? tlsCertificate(option('agentOptions') as Value, resolver) : 'missing',
        option('agent') ? agentCertificate(option('agent'), resolver) : 'missing',
      ]);
    case 'superagent':
      return superagentCertificate(request, resolver);
  }
}

/** Present if any source presents one; unknown if any cannot be read; missing otherwise. */
function combine(parts: readonly Certificate[]): Certificate {
  if (parts.includes('present')) return 'present';
  return parts.includes('unknown') ? 'unknown' : 'missing';
}

/** `new https.Agent({ cert, key })`, or an undici dispatcher given where an agent goes. */
function agentCertificate(value: Value | undefined, resolver: ValueResolver): Certificate {
  if (!value || value.kind === 'nullish') return 'missing';
  if (value.kind === 'alternatives') return alternativesCertificate(value.options, (option) => agentCertificate(option, resolver));
  if (value.kind !== 'call') return 'unknown';
  const callee = value.callee;
  if (callee.kind === 'import' && (callee.module === 'https' || callee.module === 'http') && callee.path[callee.path.length - 1] === 'Agent') {
    const options = value.args[0];
    return options ? tlsCertificate(resolver.value(options, value.env), resolver) : 'missing';
  }
  return dispatcherCertificate(value, resolver);
}

/** undici `new Agent({ connect: { cert, key } })`, `new Pool(origin, { connect })`. */
function dispatcherCertificate(value: Value | undefined, resolver: ValueResolver): Certificate {
  if (!value || value.kind === 'nullish') return 'missing';
  if (value.kind === 'alternatives') return alternativesCertificate(value.options, (option) => dispatcherCertificate(option, resolver));
  if (value.kind !== 'call' || value.callee.kind !== 'import' || value.callee.module !== 'undici') return 'unknown';
  const name = value.callee.path[value.callee.path.length - 1] ?? '';
  if (!UNDICI_DISPATCHERS.has(name)) return 'unknown';
  const instance = instanceOf(value, resolver);
  const connect = instance?.layers.map((layer) => layer.get('connect')).find((v) => v !== undefined);
  if (!connect) return 'missing';
  return connect.kind === 'function' ? 'unknown' : tlsCertificate(connect, resolver);
}

/** `setGlobalDispatcher(new Agent({ connect: { cert, key } }))` in the same file covers every fetch. */
function globalDispatcher(sourceFile: ts.SourceFile, resolver: ValueResolver): Certificate {
  const parts: Certificate[] = [];
  for (const call of indexFile(sourceFile).calls) {
    const callee = skipOuter(call.expression);
    const name = isIdentifier(callee) ? callee.text : isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (name !== 'setGlobalDispatcher' || !call.arguments[0]) continue;
    parts.push(dispatcherCertificate(resolver.value(call.arguments[0]), resolver));
  }
  return parts.length === 0 ? 'missing' : combine(parts);
}

/** `https.globalAgent = new https.Agent({ cert, key })` or `https.globalAgent.options.cert = ...` in the same file. */
function globalAgent(sourceFile: ts.SourceFile, resolver: ValueResolver): Certificate {
  const parts: Certificate[] = [];
  for (const assignment of indexFile(sourceFile).memberAssignments) {
    const left = assignment.left as ts.AccessExpression;
    const name = isPropertyAccessExpression(left) ? left.name.text : undefined;
    if (name !== 'globalAgent' && name !== 'cert' && name !== 'pfx') continue;
    const owner = resolver.value(left.expression);
    if (owner.kind !== 'import' || (owner.module !== 'https' && owner.module !== 'http')) continue;
    const path = owner.path.filter((step) => step !== 'default');
    if (name === 'globalAgent' && path.length === 0) parts.push(agentCertificate(resolver.value(assignment.right), resolver));
    else if (name !== 'globalAgent' && path.join('.') === 'globalAgent.options') parts.push('present');
  }
  return parts.length === 0 ? 'missing' : combine(parts);
}

/** TLS options with `cert` (got: `certificate`) and `key`, or `pfx`. */
function tlsCertificate(value: Value, resolver: ValueResolver, certName = 'cert'): Certificate {
  if (value.kind === 'nullish') return 'missing';
  if (value.kind === 'alternatives') return alternativesCertificate(value.options, (option) => tlsCertificate(option, resolver, certName));
  const objects = objectsOf(value);
  if (objects.length === 0) return 'unknown';
  return combine(
    objects.map((object) => {
      const { entries, open } = resolver.entries(object);
      const has = (name: string): boolean => entries.some((entry) => entry.name === name && entry.value().kind !== 'nullish');
      if (has('pfx') || (has(certName) && has('key'))) return 'present';
      return open ? 'unknown' : 'missing';
    }),
  );
}

/** A conditional agent: missing only when every branch is. */
function alternativesCertificate(options: readonly Value[], judge: (value: Value) => Certificate): Certificate {
  const parts = options.map(judge);
  if (parts.includes('present')) return 'present';
  return parts.every((part) => part === 'missing') ? 'missing' : 'unknown';
}

/** superagent: `.cert(c).key(k)`, `.pfx(p)`, or `.agent(agent)`. */
function superagentCertificate(request: HttpRequest, resolver: ValueResolver): Certificate {
  const methods = new Map<string, ts.CallExpression>();
  for (const link of request.chain) methods.set((link.expression as ts.PropertyAccessExpression).name.text, link);
  if (methods.has('pfx') || (methods.has('cert') && methods.has('key'))) return 'present';
  const agent = methods.get('agent')?.arguments[0];
  return agent ? agentCertificate(resolver.value(agent), resolver) : 'missing';
}
