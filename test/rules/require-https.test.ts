import rule from '../../src/rules/require-https.js';
import { createRuleTester, fixture } from './rule-tester.js';

const ruleTester = createRuleTester();
const service = (file: string): string => fixture('order-service', file);

ruleTester.run('require-https', rule, {
  valid: [
    {
      name: 'https Tango URLs, in literals, templates and env fallbacks',
      code: `const TANGO_HOST = 'integration-api.tangocard.com';

export const base = process.env.TANGO_API_URL ?? 'https://api.tangocard.com/raas/v2';
export const catalog = () => fetch(\`https://\${TANGO_HOST}/raas/v2/catalogs\`);
export const token = () => fetch('https://' + 'auth.tangocard.com' + '/oauth/token', { method: 'POST' });
`,
    },
    {
      name: 'plain http to a local mock of Tango, to other hosts, and to other APIs named "tango"',
      code: `export const mock = 'http://localhost:4010/raas/v2';
export const dance = fetch('http://tango.example.com/lessons');
export const school = fetch(\`http://\${process.env.MOCK_HOST}/raas/v2/catalogs\`);
export const lookalike = 'http://api.tangocard.com.example.org/raas/v2';
`,
    },
    {
      name: 'an http URL in a comment',
      code: `// Never use http://api.tangocard.com: the API only answers over TLS.
export const base = 'https://api.tangocard.com/raas/v2';
`,
    },
    {
      name: 'cross-file: a module using an insecure URL from another module (reported where it is written)',
      filename: service('src/catalog.ts'),
      code: `import { legacyTangoUrl } from './insecure-config.js';

export const catalog = () => fetch(\`\${legacyTangoUrl}/catalogs\`, { signal: AbortSignal.timeout(20_000) });
`,
    },
    {
      name: 'the https module',
      code: `import https from 'node:https';

export const catalog = () => https.get({ hostname: 'api.tangocard.com', path: '/raas/v2/catalogs' });
`,
    },
  ],
  invalid: [
    {
      name: 'a literal Tango URL with http://',
      code: `export const catalog = () => fetch('http://integration-api.tangocard.com/raas/v2/catalogs');
`,
      errors: [
        {
          messageId: 'httpUrl',
          data: { host: 'integration-api.tangocard.com' },
          line: 1,
          column: 37,
          endLine: 1,
          endColumn: 44,
          suggestions: [
            { messageId: 'useHttps', output: `export const catalog = () => fetch('https://integration-api.tangocard.com/raas/v2/catalogs');
` },
          ],
        },
      ],
    },
    {
      name: 'an env fallback and a config default, in capitals too',
      code: `export const config = {
  tangoUrl: process.env.TANGO_API_URL || 'http://api.tangocard.com/raas/v2',
  authUrl: 'HTTP://AUTH.TANGOCARD.COM/oauth/token',
};
`,
      errors: [
        {
          messageId: 'httpUrl',
          line: 2,
          column: 43,
          endLine: 2,
          endColumn: 50,
          suggestions: [
            {
              messageId: 'useHttps',
              output: `export const config = {
  tangoUrl: process.env.TANGO_API_URL || 'https://api.tangocard.com/raas/v2',
  authUrl: 'HTTP://AUTH.TANGOCARD.COM/oauth/token',
};
`,
            },
          ],
        },
        {
          messageId: 'httpUrl',
          data: { host: 'auth.tangocard.com' },
          line: 3,
          column: 13,
          endLine: 3,
          endColumn: 20,
          suggestions: [
            {
              messageId: 'useHttps',
              output: `export const config = {
  tangoUrl: process.env.TANGO_API_URL || 'http://api.tangocard.com/raas/v2',
  authUrl: 'https://AUTH.TANGOCARD.COM/oauth/token',
};
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a template whose host is a Tango constant, and a concatenation with a Tango-named env var',
      code: `const TANGO_HOST = 'api.tangocard.com';

export const a = \`http://\${TANGO_HOST}/raas/v2\`;
export const b = 'http://' + process.env.TANGO_API_HOST + '/raas/v2';
`,
      errors: [
        {
          messageId: 'httpUrl',
          data: { host: 'api.tangocard.com' },
          line: 3,
          column: 19,
          endLine: 3,
          endColumn: 26,
          suggestions: [
            {
              messageId: 'useHttps',
              output: `const TANGO_HOST = 'api.tangocard.com';

export const a = \`https://\${TANGO_HOST}/raas/v2\`;
export const b = 'http://' + process.env.TANGO_API_HOST + '/raas/v2';
`,
            },
          ],
        },
        {
          messageId: 'httpUrl',
          data: { host: 'TANGO_API_HOST' },
          line: 4,
          column: 19,
          endLine: 4,
          endColumn: 26,
          suggestions: [
            {
              messageId: 'useHttps',
              output: `const TANGO_HOST = 'api.tangocard.com';

export const a = \`http://\${TANGO_HOST}/raas/v2\`;
export const b = 'https://' + process.env.TANGO_API_HOST + '/raas/v2';
`,
            },
          ],
        },
      ],
    },
    {
      name: 'cross-file: the config module of the fixture, with an http fallback',
      filename: service('src/insecure-config.ts'),
      code: `export const legacyTangoUrl = process.env.TANGO_API_URL || 'http://api.tangocard.com/raas/v2';

export const tangoHost = 'integration-api.tangocard.com';
`,
      errors: [
        {
          messageId: 'httpUrl',
          line: 1,
          column: 61,
          endLine: 1,
          endColumn: 68,
          suggestions: [
            {
              messageId: 'useHttps',
              output: `export const legacyTangoUrl = process.env.TANGO_API_URL || 'https://api.tangocard.com/raas/v2';

export const tangoHost = 'integration-api.tangocard.com';
`,
            },
          ],
        },
      ],
    },
    {
      name: 'cross-file: http:// joined to a host imported from another module',
      filename: service('src/catalog.ts'),
      code: `import { tangoHost } from './insecure-config.js';

export const catalogUrl = 'http://' + tangoHost + '/raas/v2/catalogs';
`,
      errors: [
        {
          messageId: 'httpUrl',
          data: { host: 'integration-api.tangocard.com' },
          line: 3,
          column: 28,
          endLine: 3,
          endColumn: 35,
          suggestions: [
            {
              messageId: 'useHttps',
              output: `import { tangoHost } from './insecure-config.js';

export const catalogUrl = 'https://' + tangoHost + '/raas/v2/catalogs';
`,
            },
          ],
        },
      ],
    },
    {
      name: 'CommonJS: a host from settings.tango.hosts',
      filename: 'config.cjs',
      settings: { tango: { hosts: ['tango-gateway.internal.example'] } },
      code: `module.exports = { tangoBase: 'http://tango-gateway.internal.example/raas/v2' };
`,
      errors: [
        {
          messageId: 'httpUrl',
          data: { host: 'tango-gateway.internal.example' },
          line: 1,
          column: 32,
          endLine: 1,
          endColumn: 39,
          suggestions: [
            { messageId: 'useHttps', output: `module.exports = { tangoBase: 'https://tango-gateway.internal.example/raas/v2' };
` },
          ],
        },
      ],
    },
    {
      name: "a Tango request sent with Node's http module",
      code: `import http from 'node:http';

export const catalog = () => http.get({ hostname: 'api.tangocard.com', path: '/raas/v2/catalogs' });
`,
      errors: [{ messageId: 'httpModule', data: { host: 'api.tangocard.com' }, line: 3, column: 30, endLine: 3, endColumn: 38 }],
    },
    {
      name: 'ESM JavaScript: the OAuth token URL over http',
      filename: 'token.mjs',
      code: `export const getToken = () => fetch('http://auth.tangocard.com/oauth/token', { method: 'POST' });
`,
      errors: [
        {
          messageId: 'httpUrl',
          line: 1,
          column: 38,
          endLine: 1,
          endColumn: 45,
          suggestions: [{ messageId: 'useHttps', output: `export const getToken = () => fetch('https://auth.tangocard.com/oauth/token', { method: 'POST' });
` }],
        },
      ],
    },
  ],
});
