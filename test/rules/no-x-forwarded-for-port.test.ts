import rule from '../../src/rules/no-x-forwarded-for-port.js';
import { createRuleTester, fixture } from './rule-tester.js';

const ruleTester = createRuleTester();
const service = (file: string): string => fixture('order-service', file);

ruleTester.run('no-x-forwarded-for-port', rule, {
  valid: [
    {
      name: 'the client IP alone, a fixed outbound IP, and a value whose port was stripped',
      code: `import axios from 'axios';
import net from 'node:net';
import type { Request } from 'express';

const tango = axios.create({ baseURL: 'https://integration-api.tangocard.com/raas/v2' });

export const a = (req: Request) => tango.get('/catalogs', { headers: { 'X-Forwarded-For': req.socket.remoteAddress } });
export const b = () => tango.get('/catalogs', { headers: { 'X-Forwarded-For': '203.0.113.42' } });
export const c = (req: Request) => {
  const first = String(req.headers['x-forwarded-for'] ?? '').split(',')[0] ?? '';
  return tango.get('/catalogs', { headers: { 'x-forwarded-for': first.replace(/:\\d+$/, '') } });
};
export const d = (ip: string) => tango.get('/catalogs', { headers: { 'X-Forwarded-For': net.isIP(ip) ? ip : '203.0.113.42' } });
`,
    },
    {
      name: 'ip:port sent to another API, and a proxy to another host with xfwd',
      code: `import axios from 'axios';
import { createProxyMiddleware } from 'http-proxy-middleware';

export const log = (ip: string, port: number) => axios.post('https://logs.example.com/tango', {}, { headers: { 'X-Forwarded-For': \`\${ip}:\${port}\` } });
export const proxy = createProxyMiddleware({ target: 'https://tango-lessons.example.com', xfwd: true });
`,
    },
    {
      name: 'a proxy to Tango without xfwd',
      code: `import { createProxyMiddleware } from 'http-proxy-middleware';

export const proxy = createProxyMiddleware({ target: 'https://integration-api.tangocard.com', changeOrigin: true, xfwd: false });
`,
    },
    {
      name: 'cross-file: the instance from another module, with the IP alone',
      filename: service('src/forwarding.ts'),
      code: `import { tango } from './http.js';

export const balance = (clientIp: string) => tango.get('/accounts/rewards-main', { headers: { 'X-Forwarded-For': clientIp } });
`,
    },
    {
      name: 'ESM JavaScript: the incoming header with its port split off',
      filename: 'relay.mjs',
      code: `import axios from 'axios';

export const catalog = (req) =>
  axios.get('https://integration-api.tangocard.com/raas/v2/catalogs', { headers: { 'X-Forwarded-For': String(req.headers['x-forwarded-for']).split(':')[0] } });
`,
    },
  ],
  invalid: [
    {
      name: 'an ip:port template',
      code: `import axios from 'axios';

export const catalog = (ip: string, port: number) =>
  axios.get('https://integration-api.tangocard.com/raas/v2/catalogs', { headers: { 'X-Forwarded-For': \`\${ip}:\${port}\` } });
`,
      errors: [{ messageId: 'port', line: 4, column: 103, endLine: 4, endColumn: 118 }],
    },
    {
      name: 'the socket address and port, with fetch',
      code: `import type { IncomingMessage } from 'node:http';

export function catalog(req: IncomingMessage) {
  const xff = \`\${req.socket.remoteAddress}:\${req.socket.remotePort}\`;
  return fetch('https://api.tangocard.com/raas/v2/catalogs', { headers: { 'x-forwarded-for': xff } });
}
`,
      errors: [{ messageId: 'port', line: 5, column: 94, endLine: 5, endColumn: 97 }],
    },
    {
      name: 'CommonJS got: remoteAddress + ":" + remotePort',
      filename: 'relay.js',
      code: `const got = require('got');

module.exports = (req) =>
  got('https://api.tangocard.com/raas/v2/catalogs', {
    headers: { 'X-FORWARDED-FOR': req.connection.remoteAddress + ':' + req.connection.remotePort },
  });
`,
      errors: [{ messageId: 'port', line: 5, column: 35, endLine: 5, endColumn: 97 }],
    },
    {
      name: 'the incoming X-Forwarded-For passed on as it is, and every incoming header copied',
      code: `import axios from 'axios';
import type { Request } from 'express';

const TANGO_BASE_URL = process.env.TANGO_BASE_URL;

export const a = (req: Request) =>
  axios.get(\`\${TANGO_BASE_URL}/catalogs\`, { headers: { 'X-Forwarded-For': req.headers['x-forwarded-for'] } });
export const b = (req: Request) => axios.get(\`\${TANGO_BASE_URL}/catalogs\`, { headers: { 'x-forwarded-for': req.get('X-Forwarded-For') ?? '' } });
export const c = (req: Request) => axios.get(\`\${TANGO_BASE_URL}/catalogs\`, { headers: { ...req.headers, host: 'integration-api.tangocard.com' } });
`,
      errors: [
        { messageId: 'rawHeader', line: 7, column: 75, endLine: 7, endColumn: 105 },
        { messageId: 'rawHeader', line: 8, column: 108, endLine: 8, endColumn: 140 },
        { messageId: 'incomingHeaders', line: 9, column: 89, endLine: 9, endColumn: 103 },
      ],
    },
    {
      name: 'an interceptor that writes ip:port on every Tango request of the instance',
      code: `import axios from 'axios';

const client = { ip: '', port: 0 };
const tango = axios.create({ baseURL: 'https://integration-api.tangocard.com/raas/v2' });

tango.interceptors.request.use((config) => {
  config.headers['X-Forwarded-For'] = client.ip + ':' + client.port;
  return config;
});

export const catalog = () => tango.get('/catalogs');
`,
      errors: [{ messageId: 'port', line: 7, column: 39, endLine: 7, endColumn: 68 }],
    },
    {
      name: 'http-proxy-middleware toward Tango with xfwd, and a hook that writes ip:port',
      code: `import { createProxyMiddleware } from 'http-proxy-middleware';

export const proxy = createProxyMiddleware({
  target: 'https://integration-api.tangocard.com',
  changeOrigin: true,
  xfwd: true,
  on: {
    proxyReq: (proxyReq, req) => {
      proxyReq.setHeader('X-Forwarded-For', \`\${req.socket.remoteAddress}:\${req.socket.remotePort}\`);
    },
  },
});
`,
      errors: [
        { messageId: 'proxyXfwd', line: 6, column: 3, endLine: 6, endColumn: 13 },
        { messageId: 'port', line: 9, column: 45, endLine: 9, endColumn: 99 },
      ],
    },
    {
      name: 'CommonJS http-proxy: a server with xfwd, pointed at Tango per request',
      filename: 'proxy.cjs',
      code: `const httpProxy = require('http-proxy');

const proxy = httpProxy.createProxyServer({ xfwd: true, changeOrigin: true });

module.exports = (req, res) => proxy.web(req, res, { target: process.env.TANGO_API_URL });
`,
      errors: [{ messageId: 'proxyXfwd', line: 3, column: 45, endLine: 3, endColumn: 55 }],
    },
    {
      name: 'cross-file: a proxy toward the base URL of the config module',
      filename: service('src/proxy.ts'),
      code: `import { createProxyMiddleware } from 'http-proxy-middleware';
import { config } from './config.js';

export const tangoProxy = createProxyMiddleware({ target: config.tango.baseUrl, xfwd: true });
`,
      errors: [{ messageId: 'proxyXfwd', line: 4, column: 81, endLine: 4, endColumn: 91 }],
    },
    {
      name: 'cross-file: ip:port on a request through the instance of another module',
      filename: service('src/forwarding.ts'),
      code: `import { tango } from './http.js';

export const balance = (clientIp: string, clientPort: number) =>
  tango.get('/accounts/rewards-main', { headers: { 'X-Forwarded-For': [clientIp, clientPort].join(':') } });
`,
      errors: [{ messageId: 'port', line: 4, column: 71, endLine: 4, endColumn: 103 }],
    },
    {
      name: 'ESM JavaScript: superagent setting a header copied from the incoming request',
      filename: 'relay.mjs',
      code: `import superagent from 'superagent';

export const catalog = (req) =>
  superagent.get('https://integration-api.tangocard.com/raas/v2/catalogs').set('X-Forwarded-For', req.header('x-forwarded-for').trim());
`,
      errors: [{ messageId: 'rawHeader', line: 4, column: 99, endLine: 4, endColumn: 135 }],
    },
  ],
});
