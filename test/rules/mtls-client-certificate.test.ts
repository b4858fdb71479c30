import rule from '../../src/rules/mtls-client-certificate.js';
import { createRuleTester, fixture } from './rule-tester.js';

const ruleTester = createRuleTester();

ruleTester.run('mtls-client-certificate', rule, {
  valid: [
    {
      name: 'axios (fixture): an mTLS agent imported from another module',
      filename: fixture('mtls-clients', 'src/client.ts'),
      code: `import axios from 'axios';
import { mtlsAgent } from './agents.js';

const TANGO_MTLS_URL = 'https://mtls.tango-api.bhn.com/raas/v2';

export const tango = axios.create({ baseURL: TANGO_MTLS_URL, httpsAgent: mtlsAgent, timeout: 20_000 });

export async function getCatalog() {
  const { data } = await tango.get('/catalogs');
  return data;
}
`,
    },
    {
      name: 'axios: an https.Agent with cert and key from files',
      code: `import axios from 'axios';
import fs from 'node:fs';
import https from 'node:https';

const httpsAgent = new https.Agent({
  cert: fs.readFileSync(process.env.TANGO_CLIENT_CERT_PATH!),
  key: fs.readFileSync(process.env.TANGO_CLIENT_KEY_PATH!),
});

export const getCatalog = () => axios.get('https://mtls.sandbox-tango-api.bhn.com/raas/v2/catalogs', { httpsAgent });
`,
    },
    {
      name: 'fetch and undici (fixture): a pfx dispatcher from another module',
      filename: fixture('mtls-clients', 'src/undici-client.ts'),
      code: `import { fetch as undiciFetch, request } from 'undici';
import { mtlsDispatcher } from './agents.js';

export const viaFetch = () => fetch('https://mtls.tango-api.bhn.com/raas/v2/catalogs', { dispatcher: mtlsDispatcher });
export const viaUndiciFetch = () => undiciFetch('https://mtls.tango-api.bhn.com/raas/v2/catalogs', { dispatcher: mtlsDispatcher });
export const viaRequest = () => request('https://mtls.tango-api.bhn.com/raas/v2/catalogs', { dispatcher: mtlsDispatcher });
`,
    },
    {
      name: 'fetch: a global dispatcher with a client certificate set in the module',
      code: `import { Agent, setGlobalDispatcher } from 'undici';

setGlobalDispatcher(new Agent({ connect: { cert: process.env.TANGO_CLIENT_CERT, key: process.env.TANGO_CLIENT_KEY } }));

export const getCatalog = () => fetch('https://mtls.tango-api.bhn.com/raas/v2/catalogs');
`,
    },
    {
      name: 'got: https.certificate and https.key',
      filename: 'catalog.cjs',
      code: `const got = require('got');

module.exports.getCatalog = () =>
  got('https://mtls.tango-api.bhn.com/raas/v2/catalogs', {
    https: { certificate: process.env.TANGO_CLIENT_CERT, key: process.env.TANGO_CLIENT_KEY },
  }).json();
`,
    },
    {
      name: 'node:https: cert and key in the request options',
      code: `import https from 'node:https';

export function getCatalog(cert: Buffer, key: Buffer) {
  return https.request({ hostname: 'mtls.tango-api.bhn.com', path: '/raas/v2/catalogs', cert, key });
}
`,
    },
    {
      name: 'node:https: a client certificate on https.globalAgent, which axios falls back to',
      code: `import axios from 'axios';
import https from 'node:https';

https.globalAgent.options.cert = process.env.TANGO_CLIENT_CERT;
https.globalAgent.options.key = process.env.TANGO_CLIENT_KEY;

export const getCatalog = () => axios.get('https://mtls.tango-api.bhn.com/raas/v2/catalogs');
`,
    },
    {
      name: 'superagent: .pfx()',
      filename: 'catalog.mjs',
      code: `import superagent from 'superagent';

export const getCatalog = () => superagent.get('https://mtls.tango-api.bhn.com/raas/v2/catalogs').pfx(process.env.TANGO_CLIENT_PFX).timeout(20_000);
`,
    },
    {
      name: 'an agent built elsewhere and not readable here gets the benefit of the doubt',
      code: `import axios from 'axios';
import { createMtlsAgent } from '@acme/tls';

export const getCatalog = () => axios.get('https://mtls.tango-api.bhn.com/raas/v2/catalogs', { httpsAgent: createMtlsAgent() });
`,
    },
    {
      name: 'standard hosts without settings.tango.mtls, and the token endpoint',
      code: `import axios from 'axios';

export const getCatalog = () => axios.get('https://api.tangocard.com/raas/v2/catalogs');
export const getToken = () => axios.post('https://auth.tangocard.com/oauth/token', {});
`,
    },
    {
      name: 'settings.tango.mtls: an mTLS request with a certificate, and the token endpoint',
      settings: { tango: {"mtls": true} },
      code: `import axios from 'axios';
import https from 'node:https';

const httpsAgent = new https.Agent({ pfx: process.env.TANGO_CLIENT_PFX });

export const getCatalog = () => axios.get(\`\${process.env.TANGO_API_URL}/catalogs\`, { httpsAgent });
export const getToken = () => axios.post('https://auth.tangocard.com/oauth/token', {});
`,
    },
    {
      name: 'a host that only looks like Tango',
      code: `import axios from 'axios';

export const getClasses = () => axios.get('https://mtls.tango-dance.example.com/classes');
`,
    },
  ],
  invalid: [
    {
      name: 'axios: an mTLS host with no agent, and an agent that only trusts a CA (fixture)',
      filename: fixture('mtls-clients', 'src/client.ts'),
      code: `import axios from 'axios';
import { caOnlyAgent } from './agents.js';

export const plain = axios.create({ baseURL: 'https://mtls.tango-api.bhn.com/raas/v2', timeout: 20_000 });
export const caOnly = axios.create({ baseURL: 'https://mtls.sandbox-tango-api.bhn.com/raas/v2', httpsAgent: caOnlyAgent });

export const getCatalog = () => plain.get('/catalogs');
export const getSandboxCatalog = () => caOnly.get('/catalogs');
`,
      errors: [
        { messageId: 'missingCertificate', line: 7, column: 33, endLine: 7, endColumn: 42 },
        { messageId: 'missingCertificate', line: 8, column: 40, endLine: 8, endColumn: 50 },
      ],
    },
    {
      name: 'fetch and undici: no dispatcher, or one without a certificate',
      code: `import { Agent, fetch as undiciFetch, request } from 'undici';

const dispatcher = new Agent({ connect: { ca: process.env.TANGO_CA } });

export const viaFetch = () => fetch('https://mtls.tango-api.bhn.com/raas/v2/catalogs');
export const viaUndiciFetch = () => undiciFetch('https://mtls.tango-api.bhn.com/raas/v2/catalogs', { dispatcher });
export const viaRequest = () => request('https://mtls.tango-api.bhn.com/raas/v2/catalogs');
`,
      errors: [
        { messageId: 'missingCertificate', line: 5, column: 31, endLine: 5, endColumn: 36 },
        { messageId: 'missingCertificate', line: 6, column: 37, endLine: 6, endColumn: 48 },
        { messageId: 'missingCertificate', line: 7, column: 33, endLine: 7, endColumn: 40 },
      ],
    },
    {
      name: 'got (CommonJS): https options without a certificate',
      filename: 'catalog.cjs',
      code: `const got = require('got');

module.exports.getCatalog = () =>
  got('https://mtls.tango-api.bhn.com/raas/v2/catalogs', { https: { rejectUnauthorized: true } }).json();
`,
      errors: [
        { messageId: 'missingCertificate', line: 4, column: 3, endLine: 4, endColumn: 6 },
      ],
    },
    {
      name: 'node:https: only a key',
      code: `import https from 'node:https';

export function getCatalog(key: Buffer) {
  return https.request({ hostname: 'mtls.sandbox-tango-api.bhn.com', path: '/raas/v2/catalogs', key });
}
`,
      errors: [
        { messageId: 'missingCertificate', line: 4, column: 10, endLine: 4, endColumn: 23 },
      ],
    },
    {
      name: 'superagent: a CA but no certificate',
      code: `import superagent from 'superagent';

export const getCatalog = () => superagent.get('https://mtls.tango-api.bhn.com/raas/v2/catalogs').ca(process.env.TANGO_CA).timeout(20_000);
`,
      errors: [
        { messageId: 'missingCertificate', line: 3, column: 33, endLine: 3, endColumn: 47 },
      ],
    },
    {
      name: 'settings.tango.mtls: a standard host, and a Tango API URL from env without a certificate',
      settings: { tango: {"mtls": true} },
      code: `import axios from 'axios';

export const getCatalog = () => axios.get('https://api.tangocard.com/raas/v2/catalogs');
export const getSandboxCatalog = () => fetch('https://integration-api.tangocard.com/raas/v2/catalogs');
export const getAccounts = () => axios.get(\`\${process.env.TANGO_API_URL}/accounts\`);
`,
      errors: [
        { messageId: 'standardHost', line: 3, column: 33, endLine: 3, endColumn: 42 },
        { messageId: 'standardHost', line: 4, column: 40, endLine: 4, endColumn: 45 },
        { messageId: 'missingCertificateMtlsOn', line: 5, column: 34, endLine: 5, endColumn: 43 },
      ],
    },
  ],
});
