import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileAnalysis } from '../../src/analyzer/analysis.js';
import { analyze } from '../../src/analyzer/analysis.js';
import type { HttpRequest } from '../../src/analyzer/requests.js';
import { DEFAULT_SETTINGS } from '../../src/analyzer/settings.js';
import { tangoEvidence } from '../../src/analyzer/tango.js';
import type { Timeout } from '../../src/analyzer/timeouts.js';
import { requestTimeout } from '../../src/analyzer/timeouts.js';
import { analyzeFixture, requestLine, urlForms } from './helpers.js';

/** A request summarised for assertions. */
interface Summary {
  readonly line: number;
  readonly client: string;
  readonly method: string | undefined;
  readonly urls: readonly string[];
  readonly timeout: string;
  readonly evidence: string;
}

function showTimeout(timeout: Timeout): string {
  switch (timeout.state) {
    case 'missing':
      return 'missing';
    case 'default':
      return `default ${timeout.ms}`;
    case 'disabled':
      return 'disabled';
    case 'set':
      return `${[...new Set(timeout.ms)].sort((a, b) => a - b).join('|') || '?'}${timeout.open && timeout.ms.length > 0 ? '|?' : ''}`;
  }
}

function summarize(analysis: FileAnalysis, request: HttpRequest): Summary {
  const evidence = tangoEvidence(request, analysis.resolver, analysis.settings);
  return {
    line: requestLine(request),
    client: request.client,
    method: request.method,
    urls: urlForms(request, analysis.resolver),
    timeout: showTimeout(requestTimeout(request, analysis.resolver)),
    evidence: evidence ? `${evidence.kind}${'host' in evidence ? ` ${evidence.host}` : ''}${'name' in evidence ? ` ${evidence.name}` : ''}` : 'none',
  };
}

function requestsIn(...segments: string[]): Summary[] {
  const analysis = analyzeFixture(['http-clients', 'src', ...segments]);
  return analysis.requests.map((request) => summarize(analysis, request));
}

const TANGO = 'https://integration-api.tangocard.com';

describe('requests: fetch and node-fetch', () => {
  it('finds global fetch, node-fetch and globalThis.fetch with their timeouts', () => {
    expect(requestsIn('fetch.ts')).toEqual([
      { line: 6, client: 'fetch', method: 'GET', urls: [`${TANGO}/raas/v2/catalogs`], timeout: 'missing', evidence: `host integration-api.tangocard.com` },
      { line: 10, client: 'fetch', method: 'POST', urls: [`${TANGO}/raas/v2/orders`], timeout: '20000', evidence: `host integration-api.tangocard.com` },
      { line: 18, client: 'fetch', method: 'GET', urls: ['${env:TANGO_BASE_URL}/raas/v2/accounts'], timeout: '5000', evidence: 'env TANGO_BASE_URL' },
      { line: 25, client: 'fetch', method: 'GET', urls: ['${env:TANGO_BASE_URL}/raas/v2/customers'], timeout: '30000', evidence: 'env TANGO_BASE_URL' },
    ]);
  });
});

describe('requests: axios', () => {
  it('reads the default export, axios(config), axios(url, config) and the method shorthands', () => {
    expect(requestsIn('axios-default.ts')).toEqual([
      { line: 6, client: 'axios', method: 'GET', urls: [`${TANGO}/raas/v2/catalogs`], timeout: 'missing', evidence: 'host integration-api.tangocard.com' },
      { line: 7, client: 'axios', method: 'POST', urls: [`${TANGO}/raas/v2/orders`], timeout: '20000', evidence: 'host integration-api.tangocard.com' },
      { line: 8, client: 'axios', method: 'DELETE', urls: [`${TANGO}/raas/v2/orders/1`], timeout: '5000', evidence: 'host integration-api.tangocard.com' },
      { line: 9, client: 'axios', method: 'GET', urls: [`${TANGO}/raas/v2/accounts`], timeout: 'disabled', evidence: 'host integration-api.tangocard.com' },
      { line: 10, client: 'axios', method: 'PUT', urls: [`${TANGO}/raas/v2/customers`], timeout: 'missing', evidence: 'host integration-api.tangocard.com' },
    ]);
  });

  it('applies axios.defaults assignments', () => {
    expect(requestsIn('axios-defaults.ts')).toEqual([
      { line: 5, client: 'axios', method: 'GET', urls: ['https://api.tangocard.com/raas/v2/catalogs'], timeout: '30000', evidence: 'host api.tangocard.com' },
    ]);
  });

  it('follows an instance exported from another module, with instance.defaults winning over create options', () => {
    expect(requestsIn('use-instance.ts')).toEqual([
      { line: 4, client: 'axios', method: 'POST', urls: ['${env:TANGO_BASE_URL}/raas/v2/orders'], timeout: '20000', evidence: 'env TANGO_BASE_URL' },
      { line: 8, client: 'axios', method: 'GET', urls: ['${env:TANGO_BASE_URL}/raas/v2/catalogs'], timeout: '2000', evidence: 'env TANGO_BASE_URL' },
      { line: 12, client: 'axios', method: 'GET', urls: [`${TANGO}/raas/v2/accounts`], timeout: 'missing', evidence: 'host integration-api.tangocard.com' },
      { line: 16, client: 'axios', method: 'POST', urls: [`${TANGO}/raas/v2/customers`], timeout: 'missing', evidence: 'host integration-api.tangocard.com' },
    ]);
  });

  it('does not take instance creation for a request', () => {
    expect(requestsIn('axios-instance.ts')).toEqual([]);
  });
});

describe('requests: got, ky, superagent', () => {
  it('reads got, got.post and a got.extend instance, merging timeout phases across layers', () => {
    expect(requestsIn('got.ts')).toEqual([
      { line: 6, client: 'got', method: 'GET', urls: [`${TANGO}/raas/v2/catalogs`], timeout: 'missing', evidence: 'host integration-api.tangocard.com' },
      { line: 7, client: 'got', method: 'POST', urls: [`${TANGO}/raas/v2/orders`], timeout: '30000', evidence: 'host integration-api.tangocard.com' },
      { line: 8, client: 'got', method: 'GET', urls: ['${env:TANGO_API_URL}/raas/v2/accounts'], timeout: '20000', evidence: 'env TANGO_API_URL' },
      { line: 9, client: 'got', method: 'POST', urls: ['${env:TANGO_API_URL}/raas/v2/customers'], timeout: '20000', evidence: 'env TANGO_API_URL' },
    ]);
  });

  it("reads ky, its 10 s default, ky.create prefixUrl and an extended instance's timeout: false", () => {
    expect(requestsIn('ky.ts')).toEqual([
      { line: 7, client: 'ky', method: 'GET', urls: [`${TANGO}/raas/v2/catalogs`], timeout: 'default 10000', evidence: 'host integration-api.tangocard.com' },
      { line: 8, client: 'ky', method: 'POST', urls: [`${TANGO}/raas/v2/orders`], timeout: '30000', evidence: 'host integration-api.tangocard.com' },
      { line: 9, client: 'ky', method: 'GET', urls: [`${TANGO}/raas/v2/accounts`], timeout: '20000', evidence: 'host integration-api.tangocard.com' },
      { line: 10, client: 'ky', method: 'GET', urls: [`${TANGO}/raas/v2/customers`], timeout: 'disabled', evidence: 'host integration-api.tangocard.com' },
    ]);
  });

  it('reads superagent chains', () => {
    expect(requestsIn('superagent.ts')).toEqual([
      { line: 4, client: 'superagent', method: 'GET', urls: [`${TANGO}/raas/v2/catalogs`], timeout: 'missing', evidence: 'host integration-api.tangocard.com' },
      { line: 5, client: 'superagent', method: 'POST', urls: [`${TANGO}/raas/v2/orders`], timeout: '20000|30000', evidence: 'host integration-api.tangocard.com' },
      { line: 9, client: 'superagent', method: 'DELETE', urls: [`${TANGO}/raas/v2/orders/1`], timeout: '5000', evidence: 'host integration-api.tangocard.com' },
    ]);
  });
});

describe('requests: undici, node:http(s), request', () => {
  it('reads undici request, fetch with a dispatcher, Pool and Agent', () => {
    expect(requestsIn('undici.ts')).toEqual([
      { line: 7, client: 'undici', method: 'GET', urls: [`${TANGO}/raas/v2/catalogs`], timeout: 'missing', evidence: 'host integration-api.tangocard.com' },
      { line: 8, client: 'undici', method: 'POST', urls: [`${TANGO}/raas/v2/orders`], timeout: '5000|20000', evidence: 'host integration-api.tangocard.com' },
      { line: 9, client: 'undici', method: 'GET', urls: [`${TANGO}/raas/v2/accounts`], timeout: '20000', evidence: 'host integration-api.tangocard.com' },
      { line: 10, client: 'fetch', method: 'GET', urls: [`${TANGO}/raas/v2/customers`], timeout: '30000', evidence: 'host integration-api.tangocard.com' },
      { line: 11, client: 'undici', method: 'GET', urls: [`${TANGO}/raas/v2/catalogs`], timeout: '30000', evidence: 'host integration-api.tangocard.com' },
    ]);
  });

  it('reads http(s).request and get with URLs or options objects, and req.setTimeout', () => {
    expect(requestsIn('node-http.ts')).toEqual([
      { line: 5, client: 'http', method: 'POST', urls: [`${TANGO}/raas/v2/orders`], timeout: '20000', evidence: 'host integration-api.tangocard.com' },
      { line: 11, client: 'http', method: 'GET', urls: [`${TANGO}/raas/v2/catalogs`], timeout: 'missing', evidence: 'host integration-api.tangocard.com' },
      { line: 13, client: 'http', method: 'GET', urls: [`${TANGO}/raas/v2/accounts`], timeout: '25000', evidence: 'host integration-api.tangocard.com' },
      { line: 17, client: 'http', method: 'GET', urls: ['http://localhost:8080/health'], timeout: 'missing', evidence: 'none' },
    ]);
  });

  it('reads the request library, its defaults instance and request-promise', () => {
    expect(requestsIn('request-lib.cjs')).toEqual([
      { line: 6, client: 'request', method: 'GET', urls: [`${TANGO}/raas/v2/catalogs`], timeout: 'missing', evidence: 'host integration-api.tangocard.com' },
      { line: 7, client: 'request', method: 'POST', urls: [`${TANGO}/raas/v2/orders`], timeout: '30000', evidence: 'host integration-api.tangocard.com' },
      { line: 8, client: 'request', method: 'GET', urls: ['${env:TANGO_BASE_URL}/raas/v2/accounts'], timeout: '20000', evidence: 'env TANGO_BASE_URL' },
      { line: 9, client: 'request', method: 'POST', urls: [`${TANGO}/raas/v2/customers`], timeout: '1000', evidence: 'host integration-api.tangocard.com' },
    ]);
  });
});

describe('tango evidence', () => {
  const evidenceIn = (file: string, settings = DEFAULT_SETTINGS): string[] => {
    const analysis = analyzeFixture(['tango-evidence', 'src', file], settings);
    return analysis.requests.map((request) => summarize(analysis, request).evidence);
  };

  it('recognises hosts, Tango-named env vars and config, /raas/v2 paths and order bodies', () => {
    expect(evidenceIn('evidence.ts')).toEqual([
      'host api.tangocard.com',
      'host sandbox-auth.tangocard.com',
      'env TANGO_BASE_URL',
      'config settings.tango.baseUrl',
      'env RAAS_ENDPOINT',
      'path',
      'order-body',
      'order-body',
      'none',
      'env TANGO_API_HOST',
    ]);
  });

  it('counts hosts from settings.tango.hosts', () => {
    const settings = { ...DEFAULT_SETTINGS, hosts: ['tango.internal.example.com'] };
    expect(evidenceIn('evidence.ts', settings)[8]).toBe('host tango.internal.example.com');
  });

  it('stays silent on flash-card apps, dance sites, event feeds and other APIs named tango', () => {
    expect(evidenceIn('lookalikes.ts')).toEqual(['none', 'none', 'none', 'none', 'none', 'none', 'none']);
  });
});

describe('requests of a file with no Tango mention in reach', () => {
  const requestsIn = (lines: string[]): string[] => {
    const analysis = analyze({ filePath: path.join(os.tmpdir(), 'tango-plain-requests', 'plain.ts'), text: lines.join('\n'), settings: DEFAULT_SETTINGS });
    return analysis.requests.map((request) => `${request.client} ${request.method} line ${requestLine(request)}`);
  };

  it('finds fetch called through globalThis and window where no client module is loaded', () => {
    expect(
      requestsIn([
        "const schemes = ['http', 'https'];",
        'const cache = new Map<string, Response>();',
        'export async function load(url: string) {',
        '  if (cache.get(url)) return cache.get(url);',
        '  await globalThis.fetch(url);',
        "  return window.fetch(url, { method: 'POST' });",
        '}',
      ]),
    ).toEqual(['fetch GET line 5', 'fetch POST line 6']);
  });

  it('finds the calls of a client loaded with a template-literal require', () => {
    const lines = ['const axios = require(`axios`);', "export const send = (report: object) => axios.post('https://reports.example.com/v1', report);"];
    expect(requestsIn(lines)).toEqual(['axios POST line 2']);
    // Mentioning fetch lets the file past the first pre-check; the require must still count as loading axios.
    expect(requestsIn(['// No fetch here: axios sends the report.', ...lines])).toEqual(['axios POST line 3']);
  });
});
