import rule from '../../src/rules/no-disabled-tls-verification.js';
import { createRuleTester, fixture } from './rule-tester.js';

const ruleTester = createRuleTester();
const lines = (...source: string[]): string => source.join('\n');

ruleTester.run('no-disabled-tls-verification', rule, {
  valid: [
    {
      name: 'a custom CA bundle',
      code: lines(
        "import fs from 'node:fs';",
        "import https from 'node:https';",
        "export const agent = new https.Agent({ ca: fs.readFileSync('/etc/ssl/tango-chain.pem') });",
      ),
    },
    {
      name: 'client certificates for mTLS',
      code: lines(
        "import https from 'node:https';",
        "https.request({ hostname: 'mtls.tango-api.bhn.com', cert: process.env.TANGO_CERT, key: process.env.TANGO_KEY });",
      ),
    },
    {
      name: 'rejectUnauthorized: true and decided by environment',
      code: lines(
        "import https from 'node:https';",
        'export const strict = new https.Agent({ rejectUnauthorized: true });',
        "export const byEnv = new https.Agent({ rejectUnauthorized: process.env.NODE_ENV === 'production' });",
      ),
    },
    {
      name: 'a checkServerIdentity that delegates to tls.checkServerIdentity',
      code: lines(
        "import tls from 'node:tls';",
        'export const options = {',
        '  checkServerIdentity: (host: string, cert: tls.PeerCertificate) => tls.checkServerIdentity(host, cert),',
        '};',
        'export const methodOptions = {',
        '  checkServerIdentity(host: string, cert: tls.PeerCertificate) {',
        '    return tls.checkServerIdentity(host, cert);',
        '  },',
        '};',
      ),
    },
    {
      name: 'TLS 1.2 and later, strictSSL: true, and NODE_TLS_REJECT_UNAUTHORIZED=1',
      code: lines(
        "export const modern = { minVersion: 'TLSv1.2', secureProtocol: 'TLSv1_2_method' };",
        "export const request = { strictSSL: true, insecure: false };",
        "process.env.NODE_TLS_REJECT_UNAUTHORIZED = '1';",
      ),
    },
    {
      name: 'CommonJS: an agent with a CA',
      filename: 'file.cjs',
      code: lines("const https = require('https');", "module.exports = new https.Agent({ ca: process.env.TANGO_CA_BUNDLE });"),
    },
    {
      name: 'cross-file: an agent that verifies, and mTLS options from another module',
      filename: fixture('shared-insecure-agent', 'src/safe-client.js'),
      code: lines(
        "import https from 'node:https';",
        "import { trustedAgent } from './agent.js';",
        "import { mtlsOptions } from './tls-options.js';",
        "https.get('https://integration-api.tangocard.com/raas/v2/catalogs', { agent: trustedAgent, ...mtlsOptions });",
      ),
    },
    {
      name: 'a request to a loopback address, with its options inline',
      code: lines(
        "import https from 'node:https';",
        "import { Agent, fetch } from 'undici';",
        "export const local = (port: number) => fetch('https://localhost:' + port + '/health', { dispatcher: new Agent({ connect: { rejectUnauthorized: false } }) });",
        "export const loop = () => https.get('https://127.0.0.1:8443/', { rejectUnauthorized: false });",
      ),
    },
    {
      name: 'verification off only for the local host, or when the caller already turned it off',
      code: lines(
        'export function configure(this: any, options: any, url: URL) {',
        "  if (this.trustLocalhost && url.hostname === 'localhost') options.rejectUnauthorized = false;",
        "  const agentOptions = url.hostname === '127.0.0.1' ? { rejectUnauthorized: false } : {};",
        '  if (options.rejectUnauthorized === false) {',
        '    this.disableTLSCerts();',
        '  }',
        '  return agentOptions;',
        '}',
      ),
    },
  ],
  invalid: [
    {
      name: 'rejectUnauthorized: false in https.request options',
      code: lines(
        "import https from 'node:https';",
        "https.request({ hostname: 'integration-api.tangocard.com', rejectUnauthorized: false });",
      ),
      errors: [
        {
          messageId: 'rejectUnauthorized',
          line: 2,
          column: 60,
          endLine: 2,
          endColumn: 85,
          suggestions: [
            {
              messageId: 'removeOption',
              output: lines("import https from 'node:https';", "https.request({ hostname: 'integration-api.tangocard.com' });"),
            },
          ],
        },
      ],
    },
    {
      name: 'an axios httpsAgent built inline, on its own line',
      code: lines(
        "import axios from 'axios';",
        "import https from 'node:https';",
        'export const tango = axios.create({',
        '  httpsAgent: new https.Agent({',
        '    keepAlive: true,',
        '    rejectUnauthorized: false,',
        '  }),',
        '});',
      ),
      errors: [
        {
          messageId: 'rejectUnauthorized',
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 30,
          suggestions: [
            {
              messageId: 'removeOption',
              output: lines(
                "import axios from 'axios';",
                "import https from 'node:https';",
                'export const tango = axios.create({',
                '  httpsAgent: new https.Agent({',
                '    keepAlive: true,',
                '  }),',
                '});',
              ),
            },
          ],
        },
      ],
    },
    {
      name: "got's nested https options and undici's connect options",
      code: lines(
        "import got from 'got';",
        "import { Agent } from 'undici';",
        "export const client = got.extend({ https: { rejectUnauthorized: false } });",
        'export const dispatcher = new Agent({ connect: { rejectUnauthorized: false, timeout: 10_000 } });',
      ),
      errors: [
        {
          messageId: 'rejectUnauthorized',
          line: 3,
          column: 45,
          endLine: 3,
          endColumn: 70,
          suggestions: [
            {
              messageId: 'removeOption',
              output: lines(
                "import got from 'got';",
                "import { Agent } from 'undici';",
                'export const client = got.extend({ https: {} });',
                'export const dispatcher = new Agent({ connect: { rejectUnauthorized: false, timeout: 10_000 } });',
              ),
            },
          ],
        },
        {
          messageId: 'rejectUnauthorized',
          line: 4,
          column: 50,
          endLine: 4,
          endColumn: 75,
          suggestions: [
            {
              messageId: 'removeOption',
              output: lines(
                "import got from 'got';",
                "import { Agent } from 'undici';",
                "export const client = got.extend({ https: { rejectUnauthorized: false } });",
                'export const dispatcher = new Agent({ connect: { timeout: 10_000 } });',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'a variable holding false, as a value and as a shorthand property, and the number 0',
      code: lines(
        "import https from 'node:https';",
        'const verify = false;',
        'const rejectUnauthorized = verify;',
        'export const a = new https.Agent({ rejectUnauthorized: verify });',
        'export const b = new https.Agent({ rejectUnauthorized });',
        'export const c = new https.Agent({ rejectUnauthorized: 0 });',
      ),
      errors: [
        {
          messageId: 'rejectUnauthorized',
          line: 4,
          column: 36,
          endLine: 4,
          endColumn: 62,
          suggestions: [
            {
              messageId: 'removeOption',
              output: lines(
                "import https from 'node:https';",
                'const verify = false;',
                'const rejectUnauthorized = verify;',
                'export const a = new https.Agent({});',
                'export const b = new https.Agent({ rejectUnauthorized });',
                'export const c = new https.Agent({ rejectUnauthorized: 0 });',
              ),
            },
          ],
        },
        {
          messageId: 'rejectUnauthorized',
          line: 5,
          column: 36,
          endLine: 5,
          endColumn: 54,
          suggestions: [
            {
              messageId: 'removeOption',
              output: lines(
                "import https from 'node:https';",
                'const verify = false;',
                'const rejectUnauthorized = verify;',
                'export const a = new https.Agent({ rejectUnauthorized: verify });',
                'export const b = new https.Agent({});',
                'export const c = new https.Agent({ rejectUnauthorized: 0 });',
              ),
            },
          ],
        },
        {
          messageId: 'rejectUnauthorized',
          line: 6,
          column: 36,
          endLine: 6,
          endColumn: 57,
          suggestions: [
            {
              messageId: 'removeOption',
              output: lines(
                "import https from 'node:https';",
                'const verify = false;',
                'const rejectUnauthorized = verify;',
                'export const a = new https.Agent({ rejectUnauthorized: verify });',
                'export const b = new https.Agent({ rejectUnauthorized });',
                'export const c = new https.Agent({});',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'options built by another function of the file',
      code: lines(
        "import https from 'node:https';",
        'function tlsOptions() {',
        '  return { rejectUnauthorized: false };',
        '}',
        "https.get('https://integration-api.tangocard.com/raas/v2/catalogs', tlsOptions());",
      ),
      errors: [
        {
          messageId: 'rejectUnauthorized',
          line: 3,
          column: 12,
          endLine: 3,
          endColumn: 37,
          suggestions: [
            {
              messageId: 'removeOption',
              output: lines(
                "import https from 'node:https';",
                'function tlsOptions() {',
                '  return {};',
                '}',
                "https.get('https://integration-api.tangocard.com/raas/v2/catalogs', tlsOptions());",
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'NODE_TLS_REJECT_UNAUTHORIZED set to 0, as a string and a number, and in a child env',
      code: lines(
        "import { spawn } from 'node:child_process';",
        "process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';",
        "process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = 0;",
        "spawn('node', ['worker.js'], { env: { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: '0' } });",
      ),
      errors: [
        {
          messageId: 'envRejectUnauthorized',
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 47,
          suggestions: [
            {
              messageId: 'removeOption',
              output: lines(
                "import { spawn } from 'node:child_process';",
                "process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = 0;",
                "spawn('node', ['worker.js'], { env: { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: '0' } });",
              ),
            },
          ],
        },
        {
          messageId: 'envRejectUnauthorized',
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 48,
          suggestions: [
            {
              messageId: 'removeOption',
              output: lines(
                "import { spawn } from 'node:child_process';",
                "process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';",
                "spawn('node', ['worker.js'], { env: { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: '0' } });",
              ),
            },
          ],
        },
        {
          messageId: 'envRejectUnauthorized',
          line: 4,
          column: 55,
          endLine: 4,
          endColumn: 88,
          suggestions: [
            {
              messageId: 'removeOption',
              output: lines(
                "import { spawn } from 'node:child_process';",
                "process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';",
                "process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = 0;",
                "spawn('node', ['worker.js'], { env: { ...process.env } });",
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'https.globalAgent.options.rejectUnauthorized = false',
      code: lines("import https from 'node:https';", 'https.globalAgent.options.rejectUnauthorized = false;', "export {};"),
      errors: [
        {
          messageId: 'rejectUnauthorized',
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 53,
          suggestions: [{ messageId: 'removeOption', output: lines("import https from 'node:https';", 'export {};') }],
        },
      ],
    },
    {
      name: 'no-op checkServerIdentity as an arrow, a function and a method',
      code: lines(
        "import tls from 'node:tls';",
        "export const a = tls.connect({ host: 'api.tangocard.com', port: 443, checkServerIdentity: () => undefined });",
        'export const b = { checkServerIdentity: function () { return; } };',
        'export const c = { checkServerIdentity() {} };',
      ),
      errors: [
        {
          messageId: 'checkServerIdentity',
          line: 2,
          column: 70,
          endLine: 2,
          endColumn: 106,
          suggestions: [
            {
              messageId: 'removeOption',
              output: lines(
                "import tls from 'node:tls';",
                "export const a = tls.connect({ host: 'api.tangocard.com', port: 443 });",
                'export const b = { checkServerIdentity: function () { return; } };',
                'export const c = { checkServerIdentity() {} };',
              ),
            },
          ],
        },
        {
          messageId: 'checkServerIdentity',
          line: 3,
          column: 20,
          endLine: 3,
          endColumn: 64,
          suggestions: [
            {
              messageId: 'removeOption',
              output: lines(
                "import tls from 'node:tls';",
                "export const a = tls.connect({ host: 'api.tangocard.com', port: 443, checkServerIdentity: () => undefined });",
                'export const b = {};',
                'export const c = { checkServerIdentity() {} };',
              ),
            },
          ],
        },
        {
          messageId: 'checkServerIdentity',
          line: 4,
          column: 20,
          endLine: 4,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'removeOption',
              output: lines(
                "import tls from 'node:tls';",
                "export const a = tls.connect({ host: 'api.tangocard.com', port: 443, checkServerIdentity: () => undefined });",
                'export const b = { checkServerIdentity: function () { return; } };',
                'export const c = {};',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'strictSSL: false, insecure: true and TLS versions below 1.2',
      code: lines(
        "export const legacy = { url: 'https://api.tangocard.com', strictSSL: false };",
        'export const curlish = { insecure: true };',
        "export const old = { minVersion: 'TLSv1.1', secureProtocol: 'TLSv1_method' };",
      ),
      errors: [
        {
          messageId: 'strictSsl',
          line: 1,
          column: 59,
          endLine: 1,
          endColumn: 75,
          suggestions: [
            {
              messageId: 'removeOption',
              output: lines(
                "export const legacy = { url: 'https://api.tangocard.com' };",
                'export const curlish = { insecure: true };',
                "export const old = { minVersion: 'TLSv1.1', secureProtocol: 'TLSv1_method' };",
              ),
            },
          ],
        },
        {
          messageId: 'insecure',
          line: 2,
          column: 26,
          endLine: 2,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'removeOption',
              output: lines(
                "export const legacy = { url: 'https://api.tangocard.com', strictSSL: false };",
                'export const curlish = {};',
                "export const old = { minVersion: 'TLSv1.1', secureProtocol: 'TLSv1_method' };",
              ),
            },
          ],
        },
        {
          messageId: 'minVersion',
          line: 3,
          column: 22,
          endLine: 3,
          endColumn: 43,
          suggestions: [
            {
              messageId: 'removeOption',
              output: lines(
                "export const legacy = { url: 'https://api.tangocard.com', strictSSL: false };",
                'export const curlish = { insecure: true };',
                "export const old = { secureProtocol: 'TLSv1_method' };",
              ),
            },
          ],
        },
        {
          messageId: 'minVersion',
          line: 3,
          column: 45,
          endLine: 3,
          endColumn: 75,
          suggestions: [
            {
              messageId: 'removeOption',
              output: lines(
                "export const legacy = { url: 'https://api.tangocard.com', strictSSL: false };",
                'export const curlish = { insecure: true };',
                "export const old = { minVersion: 'TLSv1.1' };",
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'still reported: a remote or unknown host, a negated or non-local test, and process-wide settings',
      code: lines(
        "import https from 'node:https';",
        'export function configure(options: any, url: URL, isLocalhost: boolean) {',
        "  if (url.hostname !== 'localhost') options.rejectUnauthorized = false;",
        "  if (process.env.NODE_ENV !== 'production') options.strictSSL = false;",
        "  if (isLocalhost) process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';",
        '  if (isLocalhost) https.globalAgent.options.rejectUnauthorized = false;',
        "  return https.get('https://localhost.example.com/', { rejectUnauthorized: false });",
        '}',
        'export function remote(options: any, allowNonLocalhost: boolean) {',
        '  if (allowNonLocalhost) options.rejectUnauthorized = false;',
        '}',
      ),
      errors: [
        // An assignment that is the body of an `if` gets no removal: the next statement would become the body.
        { messageId: 'rejectUnauthorized', line: 3, column: 37, endLine: 3, endColumn: 71, suggestions: [] },
        { messageId: 'strictSsl', line: 4, column: 46, endLine: 4, endColumn: 71, suggestions: [] },
        { messageId: 'envRejectUnauthorized', line: 5, column: 20, endLine: 5, endColumn: 66, suggestions: [] },
        { messageId: 'rejectUnauthorized', line: 6, column: 20, endLine: 6, endColumn: 72, suggestions: [] },
        {
          messageId: 'rejectUnauthorized',
          line: 7,
          column: 56,
          endLine: 7,
          endColumn: 81,
          suggestions: [
            {
              messageId: 'removeOption',
              output: lines(
                "import https from 'node:https';",
                'export function configure(options: any, url: URL, isLocalhost: boolean) {',
                "  if (url.hostname !== 'localhost') options.rejectUnauthorized = false;",
                "  if (process.env.NODE_ENV !== 'production') options.strictSSL = false;",
                "  if (isLocalhost) process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';",
                '  if (isLocalhost) https.globalAgent.options.rejectUnauthorized = false;',
                "  return https.get('https://localhost.example.com/', {});",
                '}',
                'export function remote(options: any, allowNonLocalhost: boolean) {',
                '  if (allowNonLocalhost) options.rejectUnauthorized = false;',
                '}',
              ),
            },
          ],
        },
        { messageId: 'rejectUnauthorized', line: 10, column: 26, endLine: 10, endColumn: 60, suggestions: [] },
      ],
    },
    {
      name: 'superagent disableTLSCerts()',
      code: lines(
        "import superagent from 'superagent';",
        "export const catalogs = () => superagent.get('https://api.tangocard.com/raas/v2/catalogs').disableTLSCerts();",
      ),
      errors: [{ messageId: 'disableTlsCerts', line: 2, column: 92, endLine: 2, endColumn: 109, suggestions: [] }],
    },
    {
      name: 'JavaScript ESM: tls.connect',
      filename: 'file.mjs',
      code: lines(
        "import tls from 'node:tls';",
        "export const socket = tls.connect({ host: 'api.tangocard.com', port: 443, rejectUnauthorized: false });",
      ),
      errors: [
        {
          messageId: 'rejectUnauthorized',
          line: 2,
          column: 75,
          endLine: 2,
          endColumn: 100,
          suggestions: [
            {
              messageId: 'removeOption',
              output: lines(
                "import tls from 'node:tls';",
                "export const socket = tls.connect({ host: 'api.tangocard.com', port: 443 });",
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'CommonJS: an agent exported with module.exports',
      filename: 'file.cjs',
      code: lines("const https = require('https');", 'module.exports = new https.Agent({ rejectUnauthorized: false });'),
      errors: [
        {
          messageId: 'rejectUnauthorized',
          line: 2,
          column: 36,
          endLine: 2,
          endColumn: 61,
          suggestions: [
            {
              messageId: 'removeOption',
              output: lines("const https = require('https');", 'module.exports = new https.Agent({});'),
            },
          ],
        },
      ],
    },
    {
      name: 'cross-file: the file that defines the insecure agent',
      filename: fixture('shared-insecure-agent', 'src/agent.js'),
      code: lines(
        "import https from 'node:https';",
        'export const insecureAgent = new https.Agent({ rejectUnauthorized: false });',
      ),
      errors: [
        {
          messageId: 'rejectUnauthorized',
          line: 2,
          column: 48,
          endLine: 2,
          endColumn: 73,
          suggestions: [
            {
              messageId: 'removeOption',
              output: lines("import https from 'node:https';", 'export const insecureAgent = new https.Agent({});'),
            },
          ],
        },
      ],
    },
    {
      name: 'cross-file: an axios instance given the insecure agent of another module',
      filename: fixture('shared-insecure-agent', 'src/client.js'),
      code: lines(
        "import axios from 'axios';",
        "import { insecureAgent } from './agent.js';",
        'export const tango = axios.create({',
        "  baseURL: 'https://integration-api.tangocard.com/raas/v2',",
        '  httpsAgent: insecureAgent,',
        '  timeout: 20_000,',
        '});',
      ),
      errors: [
        {
          messageId: 'insecureAgent',
          data: { option: 'httpsAgent', definedIn: 'agent.js' },
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 28,
          suggestions: [],
        },
      ],
    },
    {
      name: 'cross-file CommonJS: a required agent passed as a shorthand option',
      filename: fixture('shared-insecure-agent', 'src/legacy-client.cjs'),
      code: lines(
        "const https = require('https');",
        "const { agent } = require('./legacy-agent.cjs');",
        "https.get('https://integration-api.tangocard.com/raas/v2/catalogs', { agent, timeout: 20000 }, (res) => res.resume());",
      ),
      errors: [
        {
          messageId: 'insecureAgent',
          data: { option: 'agent', definedIn: 'legacy-agent.cjs' },
          line: 3,
          column: 71,
          endLine: 3,
          endColumn: 76,
          suggestions: [],
        },
      ],
    },
    {
      name: 'cross-file: options built by a function of another module, passed whole and spread',
      filename: fixture('shared-insecure-agent', 'src/orders.js'),
      code: lines(
        "import https from 'node:https';",
        "import { tlsOptions, verifyCertificates } from './tls-options.js';",
        "https.get('https://integration-api.tangocard.com/raas/v2/catalogs', tlsOptions());",
        "https.request({ hostname: 'integration-api.tangocard.com', ...tlsOptions() });",
        'export const agent = new https.Agent({ rejectUnauthorized: verifyCertificates });',
      ),
      errors: [
        {
          messageId: 'insecureAgent',
          data: { option: 'tlsOptions()', definedIn: 'tls-options.js' },
          line: 3,
          column: 69,
          endLine: 3,
          endColumn: 81,
          suggestions: [],
        },
        {
          messageId: 'insecureAgent',
          data: { option: 'options', definedIn: 'tls-options.js' },
          line: 4,
          column: 15,
          endLine: 4,
          endColumn: 77,
          suggestions: [],
        },
        {
          messageId: 'rejectUnauthorized',
          line: 5,
          column: 40,
          endLine: 5,
          endColumn: 78,
          suggestions: [
            {
              messageId: 'removeOption',
              output: lines(
                "import https from 'node:https';",
                "import { tlsOptions, verifyCertificates } from './tls-options.js';",
                "https.get('https://integration-api.tangocard.com/raas/v2/catalogs', tlsOptions());",
                "https.request({ hostname: 'integration-api.tangocard.com', ...tlsOptions() });",
                'export const agent = new https.Agent({});',
              ),
            },
          ],
        },
      ],
    },
  ],
});
