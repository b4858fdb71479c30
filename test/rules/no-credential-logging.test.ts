import rule from '../../src/rules/no-credential-logging.js';
import { createRuleTester, fixture } from './rule-tester.js';

const ruleTester = createRuleTester();
const lines = (...source: string[]): string => source.join('\n');
const config = (file: string): string => fixture('credentials-config', file);

ruleTester.run("no-credential-logging", rule, {
  valid: [
    {
      name: "status codes, error messages and presence checks",
      code: lines(
        "import axios from 'axios';",
        "export async function check(apiKey: string, accessToken: string) {",
        "  console.log('API key set:', Boolean(apiKey), 'length', apiKey.length, typeof accessToken, !!accessToken);",
        "  console.log(apiKey ? 'key present' : 'key missing');",
        "  try {",
        "    const res = await axios.get('https://integration-api.tangocard.com/raas/v2/catalogs', { timeout: 20_000 });",
        "    console.info('catalog status', res.status);",
        "  } catch (error) {",
        "    console.error('catalog failed', (error as Error).message);",
        "  }",
        "}",
      ),
    },
    {
      name: "redacted copies and masked values",
      code: lines(
        "declare function mask(value: string): string;",
        "export function show(config: { auth?: object; headers: Record<string, string> }, apiKey: string) {",
        "  console.log({ ...config, auth: undefined, headers: { ...config.headers, Authorization: '[REDACTED]' } });",
        "  console.log('key', mask(apiKey), apiKey.slice(-4));",
        "  console.log({ apiKey: '***', password: undefined });",
        "}",
      ),
    },
    {
      name: "the parts of a token response that are not the token",
      code: lines(
        "export async function refresh() {",
        "  const res = await fetch('https://auth.tangocard.com/oauth/token', { method: 'POST', body: 'grant_type=client_credentials' });",
        "  console.log('token request', res.status, res.statusText);",
        "  const tokens = await res.json();",
        "  console.log('expires in', tokens.expires_in, tokens.token_type);",
        "}",
      ),
    },
    {
      name: "lexer tokens, keys and other things that are not credentials",
      code: lines(
        "declare const sourceCode: { getFirstToken(node: unknown): { value: string } };",
        "export function dump(node: unknown, cacheKey: string, publicKey: CryptoKey) {",
        "  const token = sourceCode.getFirstToken(node);",
        "  console.log(token, token.value, cacheKey, publicKey);",
        "}",
      ),
    },
    {
      name: "methods named like log calls on objects that are not loggers",
      code: lines(
        "declare const catalog: { info(value: unknown): void };",
        "export function describe(apiKey: string) {",
        "  catalog.info(apiKey);",
        "}",
      ),
    },
    {
      name: "things named \"tango\" that are not credentials",
      code: lines(
        "export const tango = { style: 'Argentine', tempo: 'slow' };",
        "console.log(tango, tango.style);",
      ),
    },
    {
      name: "CommonJS: debug messages without credentials",
      filename: 'file.cjs',
      code: lines(
        "const debug = require('debug')('tango');",
        "module.exports = (url, attempt) => debug('requesting %s, attempt %d', url, attempt);",
      ),
    },
    {
      name: "cross-file: settings without credentials",
      filename: config('src/diagnostics.ts'),
      code: lines(
        "import { publicSettings } from './request-config.js';",
        "console.log('settings', publicSettings);",
      ),
    },
  ],
  invalid: [
    {
      name: "a credential parameter",
      code: lines(
        "export function connect(platformName: string, apiKey: string) {",
        "  console.log('connecting', platformName, apiKey);",
        "}",
      ),
      errors: [
        { messageId: "logged", line: 2, column: 43, endLine: 2, endColumn: 49, data: { logger: "console.log", what: "an API key (`apiKey`)" } },
      ],
    },
    {
      name: "a member named like a credential with a trailing underscore, the only credential word of the file",
      code: lines(
        "export class Client {",
        "  constructor(private apiKey_: string) {}",
        "  debug() {",
        "    console.log(this.apiKey_);",
        "  }",
        "}",
      ),
      errors: [
        { messageId: "logged", line: 4, column: 17, endLine: 4, endColumn: 29, data: { logger: "console.log", what: "an API key (`this.apiKey_`)" } },
      ],
    },
    {
      name: "a credential inside a template literal and a concatenation",
      code: lines(
        "export function connect(platformKey: string, clientSecret: string) {",
        "  console.error(`Tango rejected key ${platformKey}`);",
        "  console.warn('secret: ' + clientSecret);",
        "}",
      ),
      errors: [
        { messageId: "logged", line: 2, column: 39, endLine: 2, endColumn: 50 },
        { messageId: "logged", line: 3, column: 29, endLine: 3, endColumn: 41 },
      ],
    },
    {
      name: "an object literal with a credential property",
      code: lines(
        "import pino from 'pino';",
        "const logger = pino();",
        "export function connect(clientSecret: string) {",
        "  logger.info({ clientId: 'acme', clientSecret }, 'requesting a token');",
        "}",
      ),
      errors: [
        { messageId: "logged", line: 4, column: 35, endLine: 4, endColumn: 47, data: { logger: "logger.info", what: "an object holding a client secret in `clientSecret`" } },
      ],
    },
    {
      name: "a request config holding credentials",
      code: lines(
        "import winston from 'winston';",
        "const log = winston.createLogger();",
        "export function send(password: string) {",
        "  const config = { baseURL: 'https://integration-api.tangocard.com/raas/v2', auth: { username: 'acme', password } };",
        "  log.debug(config);",
        "  log.debug(JSON.stringify(config));",
        "}",
      ),
      errors: [
        { messageId: "logged", line: 5, column: 13, endLine: 5, endColumn: 19, data: { logger: "log.debug", what: "an object holding credentials in `auth` (`config`)" } },
        { messageId: "logged", line: 6, column: 28, endLine: 6, endColumn: 34 },
      ],
    },
    {
      name: "Authorization headers",
      code: lines(
        "export function handler(req: { headers: Record<string, string | undefined> }, headers: Headers) {",
        "  console.log(req.headers.authorization);",
        "  console.log('auth', headers.get('Authorization'));",
        "}",
      ),
      errors: [
        { messageId: "logged", line: 2, column: 15, endLine: 2, endColumn: 40, data: { logger: "console.log", what: "the `authorization` header (`req.headers.authorization`)" } },
        { messageId: "logged", line: 3, column: 23, endLine: 3, endColumn: 51, data: { logger: "console.log", what: "the `Authorization` header" } },
      ],
    },
    {
      name: "OAuth token responses and access tokens",
      code: lines(
        "import axios from 'axios';",
        "import createDebug from 'debug';",
        "const debug = createDebug('tango:auth');",
        "export async function token() {",
        "  const res = await axios.post('https://auth.tangocard.com/oauth/token', new URLSearchParams({ grant_type: 'client_credentials' }));",
        "  console.log(res.data);",
        "  debug('access token %s', res.data.access_token);",
        "  const r2 = await fetch('https://sandbox-auth.tangocard.com/oauth/token', { method: 'POST', body: 'grant_type=client_credentials' });",
        "  const tokens = await r2.json();",
        "  console.log(tokens);",
        "  return tokens.access_token;",
        "}",
      ),
      errors: [
        { messageId: "logged", line: 6, column: 15, endLine: 6, endColumn: 23, data: { logger: "console.log", what: "an OAuth token response (`res.data`)" } },
        { messageId: "logged", line: 7, column: 28, endLine: 7, endColumn: 49, data: { logger: "debug", what: "an access token (`res.data.access_token`)" } },
        { messageId: "logged", line: 10, column: 15, endLine: 10, endColumn: 21, data: { logger: "console.log", what: "an OAuth token response (`tokens`)" } },
      ],
    },
    {
      name: "DPoP private keys",
      code: lines(
        "import { exportJWK, generateKeyPair } from 'jose';",
        "export async function keys() {",
        "  const pair = await generateKeyPair('ES256');",
        "  console.log(pair);",
        "  const { privateKey } = pair;",
        "  console.log(await exportJWK(privateKey));",
        "  console.log(await exportJWK(pair.publicKey));",
        "}",
      ),
      errors: [
        { messageId: "logged", line: 4, column: 15, endLine: 4, endColumn: 19, data: { logger: "console.log", what: "a key pair with its private key (`pair`)" } },
        { messageId: "logged", line: 6, column: 31, endLine: 6, endColumn: 41, data: { logger: "console.log", what: "a private key (`privateKey`)" } },
      ],
    },
    {
      name: "a freshly signed JWT",
      code: lines(
        "import jwt from 'jsonwebtoken';",
        "export function issue(secret: string) {",
        "  const token = jwt.sign({ sub: 'acme' }, secret, { expiresIn: '5m' });",
        "  console.log('issued', token);",
        "  return token;",
        "}",
      ),
      errors: [
        { messageId: "logged", line: 4, column: 25, endLine: 4, endColumn: 30, data: { logger: "console.log", what: "a signed token (JWT) (`token`)" } },
      ],
    },
    {
      name: "a credential from the environment, directly and through a variable",
      code: lines(
        "console.log('key', process.env.TANGO_API_KEY);",
        "const key = process.env.TANGO_PLATFORM_KEY;",
        "console.log('platform key', key);",
      ),
      errors: [
        { messageId: "logged", line: 1, column: 20, endLine: 1, endColumn: 45, data: { logger: "console.log", what: "an API key (`process.env.TANGO_API_KEY`)" } },
        { messageId: "logged", line: 3, column: 29, endLine: 3, endColumn: 32, data: { logger: "console.log", what: "a platform key from `process.env.TANGO_PLATFORM_KEY` (`key`)" } },
      ],
    },
    {
      name: "a logger that is a class member, and a converted secret",
      code: lines(
        "export class TangoClient {",
        "  constructor(private readonly logger: { warn(...args: unknown[]): void }, private readonly password: string) {}",
        "  retry() {",
        "    this.logger.warn('retrying with', this.password.toString());",
        "  }",
        "}",
      ),
      errors: [
        { messageId: "logged", line: 4, column: 39, endLine: 4, endColumn: 52, data: { logger: "logger.warn", what: "a password (`this.password`)" } },
      ],
    },
    {
      name: "CommonJS: pino and debug",
      filename: 'file.cjs',
      code: lines(
        "const log = require('pino')();",
        "const debug = require('debug')('tango');",
        "module.exports = (user) => {",
        "  log.info({ user: user.id, password: user.password });",
        "  debug('basic %s', user.headers.authorization);",
        "};",
      ),
      errors: [
        { messageId: "logged", line: 4, column: 29, endLine: 4, endColumn: 52 },
        { messageId: "logged", line: 5, column: 21, endLine: 5, endColumn: 47 },
      ],
    },
    {
      name: "cross-file: a request config and a credentials object from other modules",
      filename: config('src/diagnostics.ts'),
      code: lines(
        "import { tangoCredentials, tangoRequest } from './request-config.js';",
        "console.log('request', tangoRequest);",
        "console.log('credentials', tangoCredentials);",
      ),
      errors: [
        { messageId: "logged", line: 2, column: 24, endLine: 2, endColumn: 36, data: { logger: "console.log", what: "an object holding the `Authorization` header (`tangoRequest`)" } },
        { messageId: "logged", line: 3, column: 28, endLine: 3, endColumn: 44, data: { logger: "console.log", what: "an object holding a platform key in `platformKey` (`tangoCredentials`)" } },
      ],
    },
  ],
});

