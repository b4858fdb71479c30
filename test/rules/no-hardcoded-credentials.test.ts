import rule from '../../src/rules/no-hardcoded-credentials.js';
import { createRuleTester, fixture } from './rule-tester.js';

const ruleTester = createRuleTester();
const lines = (...source: string[]): string => source.join('\n');
const config = (file: string): string => fixture('credentials-config', file);

ruleTester.run("no-hardcoded-credentials", rule, {
  valid: [
    {
      name: "credentials read from the environment",
      code: lines(
        "import axios from 'axios';",
        "const apiKey = process.env.TANGO_API_KEY;",
        "const platformName = process.env.TANGO_PLATFORM_NAME ?? 'acme';",
        "export const tango = axios.create({",
        "  baseURL: 'https://integration-api.tangocard.com/raas/v2',",
        "  auth: { username: platformName, password: process.env.TANGO_PLATFORM_KEY! },",
        "  headers: { Authorization: `Bearer ${process.env.TANGO_ACCESS_TOKEN}` },",
        "});",
        "export const basic = `Basic ${Buffer.from(`${platformName}:${apiKey}`).toString('base64')}`;",
      ),
    },
    {
      name: "placeholders",
      code: lines(
        "export const examples = {",
        "  apiKey: '<your-api-key>',",
        "  clientSecret: 'your_client_secret_here',",
        "  password: 'changeme',",
        "  accessToken: '${ACCESS_TOKEN}',",
        "  platformKey: 'REPLACE_ME',",
        "  secret: 'xxxxxxxxxxxxxxxx',",
        "  privateKey: '***',",
        "  api_key: '{{ api_key }}',",
        "};",
        "export const more = { apiKey: '', password: 'abc', clientSecret: 'aaaaaaaaaaaa', platformKey: '1234567890', secret: 'abcdef123456' };",
        "export const words = { apiKey: 'test-api-key', clientSecret: 'dummy-secret-9', accessToken: 'fake-token-value', password: 'example1' };",
        "export const fallback = process.env.TANGO_API_KEY || 'your-api-key';",
      ),
    },
    {
      name: "platform names, account and customer identifiers, client ids",
      code: lines(
        "export const tangoAccount = {",
        "  platformName: 'AcmeRewardsPlatform',",
        "  accountIdentifier: 'Qz8vN2mXr4TbL7wKp9HcYd3F',",
        "  customerIdentifier: 'Cust0mer8Xq2Lm7Zp4Tr',",
        "  clientId: 'Lm3Pq8Rz2Tx7Vb4Nc9Wd5Yf',",
        "  username: 'acme',",
        "};",
      ),
    },
    {
      name: "public keys and a public JWK",
      code: lines(
        "export const publicKey = `-----BEGIN PUBLIC KEY-----",
        "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAExZOGmoMln9ijsT8D5g2I5BaWLKep",
        "UeCh/ZqTtBx3hDHLlw9zP8CCj8CKQd+b45LsW78a36L1VZOyAr/Aom8aRw==",
        "-----END PUBLIC KEY-----`;",
        "export const jwk = { kty: 'EC', crv: 'P-256', x: 'xZOGmoMln9ijsT8D5g2I5BaWLKepUeCh_ZqTtBx3hDE', y: 'y5cPcz_Ago_AikHfm-OS7Fu_Gt-i9VWTsgK_wKJvGkc' };",
        "export const stub = { privateKey: '-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC...\\n-----END PRIVATE KEY-----' };",
      ),
    },
    {
      name: "names that are not credentials, prose and references",
      code: lines(
        "export const form = {",
        "  passwordField: 'Xk29fLq8Zp3Wv7Rt',",
        "  secretName: 'prod/tango/credentials',",
        "  tokenUrl: 'https://auth.tangocard.com/oauth/token',",
        "  apiKeyHeader: 'X-API-Key',",
        "  publicKey: 'Lm3Pq8Rz2Tx7Vb4Nc9Wd5Yf',",
        "};",
        "export const messages = { password: 'Your password must have 12 characters', apiKey: 'The API key is invalid' };",
        "export const refs = { privateKey: './keys/tango-dpop.pem', apiKey: 'TANGO_API_KEY_V2', clientSecret: 'tangoClientSecretName' };",
        "export const init: RequestInit = { credentials: 'include' };",
        "export const token = 'abc-def';",
      ),
    },
    {
      name: "storage keys and form labels under credential names",
      code: lines(
        "export const ACCESS_TOKEN = 'access';",
        "export const REFRESH_TOKEN = 'refresh';",
        "export const ID_TOKEN = 'ID_TOKEN';",
        "export const apiKey = 'apiKey';",
        "export const labels = { en: { password: 'Password' }, de: { password: 'Passwort' }, ru: { password: '\u041f\u0430\u0440\u043e\u043b\u044c' }, es: { password: 'Contrase\u00f1a' } };",
        "export const field = { password: 'current-password', clientSecret: 'clientSecretValue' };",
      ),
    },
    {
      name: "things named \"tango\" that are not credentials",
      code: lines(
        "export const tango = { style: 'Argentine', tempo: 'slow-quick-quick-slow' };",
        "export const tangoCardTheme = { primary: '#ff5a5f', secret: process.env.TANGO_THEME_SECRET };",
      ),
    },
    {
      name: "a parameter with a credential name and a signing key from the environment",
      code: lines(
        "import jwt from 'jsonwebtoken';",
        "export function sign(payload: object, secret: string) {",
        "  return jwt.sign(payload, secret);",
        "}",
        "export const assertion = jwt.sign({ iss: 'acme' }, process.env.JWT_SIGNING_KEY!);",
        "export const verified = (token: string) => jwt.verify(token, process.env.TANGO_PUBLIC_KEY!);",
      ),
    },
    {
      name: "CommonJS: credentials from the environment",
      filename: 'file.cjs',
      code: lines(
        "const axios = require('axios');",
        "module.exports = axios.create({",
        "  auth: { username: process.env.TANGO_PLATFORM_NAME, password: process.env.TANGO_PLATFORM_KEY },",
        "});",
      ),
    },
    {
      name: "a word in an Authorization header without a scheme is not a token",
      code: lines(
        "import http from 'node:http';",
        "http.request({ host: 'localhost', headers: { authorization: 'granted' } });",
      ),
    },
    {
      name: "a test file with obviously fake values",
      filename: config('test/client.test.ts'),
      code: lines(
        "import { TangoClient } from '../src/tango-client.js';",
        "const client = new TangoClient('acme', 'hunter22');",
        "const options = { apiKey: 'test-key-123', password: 'pa55word!', clientSecret: 'sk_test_4eC39HqLyjWDarjtT1zdp7dc' };",
        "const header = { Authorization: 'Basic YWNtZTpodW50ZXIyMg==' };",
      ),
    },
    {
      name: "cross-file: a credential named in its own file is reported there, not here",
      filename: config('src/client.ts'),
      code: lines(
        "import axios from 'axios';",
        "import { PLATFORM_NAME, tangoApiKey } from './config.js';",
        "export const tango = axios.create({",
        "  headers: { Authorization: `Basic ${btoa(`${PLATFORM_NAME}:${tangoApiKey}`)}` },",
        "});",
      ),
    },
    {
      name: "cross-file: placeholders and environment values from another module",
      filename: config('src/client.ts'),
      code: lines(
        "import { clientSecret, PLACEHOLDER_KEY } from './config.js';",
        "export const options = { apiKey: PLACEHOLDER_KEY, clientSecret };",
      ),
    },
    {
      name: "cross-file CommonJS: a credential named in its own module",
      filename: config('src/uses-legacy.cjs'),
      code: lines(
        "const legacy = require('./legacy.cjs');",
        "module.exports = { headers: { 'X-API-Key': legacy.apiSecret } };",
      ),
    },
  ],
  invalid: [
    {
      name: "a variable named for an API key",
      code: "export const apiKey = 'Qz8vN2mXr4TbL7wKp9HcYd3F';",
      errors: [
        { messageId: "hardcoded", line: 1, column: 23, endLine: 1, endColumn: 49, data: { label: "an API key", masked: "Qz8v\u2026(24 chars)", where: "`apiKey`" }, suggestions: [] },
      ],
    },
    {
      name: "a Tango credentials object with a platform key",
      code: lines(
        "export const tangoCredentials = {",
        "  platformName: 'acme',",
        "  platformKey: 'aK3jf9Lq2ZxV8mN4pR7tW1yB',",
        "};",
      ),
      errors: [
        { messageId: "hardcoded", line: 3, column: 16, endLine: 3, endColumn: 42, data: { label: "a platform key", masked: "aK3j\u2026(24 chars)", where: "`platformKey`" } },
      ],
    },
    {
      name: "a chosen password",
      code: lines(
        "const password = 'hunter22';",
        "export default password;",
      ),
      errors: [
        { messageId: "hardcoded", line: 1, column: 18, endLine: 1, endColumn: 28, data: { label: "a password", masked: "hu\u2026(8 chars)", where: "`password`" } },
      ],
    },
    {
      name: "class fields",
      code: lines(
        "export class TangoAuth {",
        "  clientSecret = 'Yb7Kq2Lx9Pw4Zr8Tn3Vd';",
        "  private readonly apiKey: string = 'Hn4Bv8Cx2Zm7Lk3Jq9Wp5Rt';",
        "}",
      ),
      errors: [
        { messageId: "hardcoded", line: 2, column: 18, endLine: 2, endColumn: 40 },
        { messageId: "hardcoded", line: 3, column: 37, endLine: 3, endColumn: 62 },
      ],
    },
    {
      name: "parameter and destructuring defaults",
      code: lines(
        "export function connect(accessToken = 'gH7kL2pQ9xZ4wR8tY3vB6nM1') {",
        "  return accessToken;",
        "}",
        "export function configure(options: { apiKey?: string }) {",
        "  const { apiKey = 'Wq5Er9Ty3Ui8Op2As7Df4Gh' } = options;",
        "  return apiKey;",
        "}",
      ),
      errors: [
        { messageId: "hardcoded", line: 1, column: 39, endLine: 1, endColumn: 65 },
        { messageId: "hardcoded", line: 5, column: 20, endLine: 5, endColumn: 45 },
      ],
    },
    {
      name: "assignments to credential members",
      code: lines(
        "export class Client {",
        "  secret: string;",
        "  constructor() {",
        "    this.secret = 'Mn8Bv3Cx7Zl2Kj9Hg4Fd6Sa';",
        "  }",
        "}",
        "const config: Record<string, string> = {};",
        "config.apiKey = 'Rt2Yu7Io3Pa8Sd4Fg9Hj5Kl';",
        "process.env.TANGO_API_KEY = 'Qw3Er8Ty2Ui7Op4As9Df5Gh';",
      ),
      errors: [
        { messageId: "hardcoded", line: 4, column: 19, endLine: 4, endColumn: 44 },
        { messageId: "hardcoded", line: 8, column: 17, endLine: 8, endColumn: 42 },
        { messageId: "hardcoded", line: 9, column: 29, endLine: 9, endColumn: 54 },
      ],
    },
    {
      name: "environment fallbacks with || and ??",
      code: lines(
        "export const platformKey = process.env.TANGO_PLATFORM_KEY || 'aK3jf9Lq2ZxV8mN4pR7tW1yB';",
        "export const clientSecret = process.env.TANGO_CLIENT ?? 'Zp4Lm8Nq2Rs6Tv3Wx9Yb5Cd';",
        "export const options = { password: process.env.DB_PASSWORD ?? 'Tr0ub4dor&3' };",
      ),
      errors: [
        { messageId: "envFallback", line: 1, column: 62, endLine: 1, endColumn: 88, data: { envName: "TANGO_PLATFORM_KEY", label: "a platform key", masked: "aK3j\u2026(24 chars)", where: "the fallback of `process.env.TANGO_PLATFORM_KEY`" }, suggestions: [] },
        { messageId: "envFallback", line: 2, column: 57, endLine: 2, endColumn: 82, data: { envName: "TANGO_CLIENT", label: "a client secret", masked: "Zp4L\u2026(23 chars)", where: "`clientSecret`" } },
        { messageId: "envFallback", line: 3, column: 63, endLine: 3, endColumn: 76 },
      ],
    },
    {
      name: "Basic auth built from a literal key",
      code: lines(
        "const platform = 'acme';",
        "const key = 'Xk29fLq8Zp3Wv7Rt';",
        "export const header = 'Basic ' + Buffer.from(`${platform}:${key}`).toString('base64');",
        "export const other = `Basic ${btoa('acme:Gq7Wm2Lp9Xz4')}`;",
      ),
      errors: [
        { messageId: "hardcoded", line: 2, column: 13, endLine: 2, endColumn: 31, data: { label: "a password", masked: "Xk29\u2026(16 chars)", where: "a Basic credential (`user:password`)" } },
        { messageId: "hardcoded", line: 4, column: 36, endLine: 4, endColumn: 55 },
      ],
    },
    {
      // No strong name and no sink word anywhere: the file's text pre-check must still let
      // generic names through.
      name: "random values under generic names only",
      code: lines(
        "export const token = 'k3J9x2LmQ8vR4tZ7wY1pN6sBq0Hd';",
        "export const config = { pass: 'k3J9x2LmQ8vR4tZ7wY1pN6sBq0Hx' };",
      ),
      errors: [
        { messageId: "hardcoded", line: 1, column: 22, endLine: 1, endColumn: 52 },
        { messageId: "hardcoded", line: 2, column: 31, endLine: 2, endColumn: 61 },
      ],
    },
    {
      // A file that names no credential is searched for literals only where its text can hold one.
      name: "literals recognisable by their shape, in a file that names no credential",
      code: lines(
        "export const values = [",
        "  'Basic YWNtZTpTM2NyZXRQYXNzdzByZEtleQ==',",
        "  'Bearer Rt5Yh8Kj2Ln7Bv3Cx9Zm4Qw',",
        "  'postgres://app:Gq7Wm2Lp9Xz4@db.internal/app',",
        "];",
      ),
      errors: [
        { messageId: "basicToken", line: 2, column: 3, endLine: 2, endColumn: 43 },
        { messageId: "hardcoded", line: 3, column: 3, endLine: 3, endColumn: 35 },
        { messageId: "hardcoded", line: 4, column: 3, endLine: 4, endColumn: 48 },
      ],
    },
    {
      // Written with an escape, the scheme is not in the text as such.
      name: "a literal spelled with an escape",
      code: "export const value = '\\u0042earer Hy6Tn1Qs8Vd3Kp0Zr5Lm2Wc';",
      errors: [{ messageId: "hardcoded", line: 1, column: 22, endLine: 1, endColumn: 59 }],
    },
    {
      // An identity escape (`\e` is `e`) or a line continuation hides the scheme word as well.
      name: "a literal spelled with an identity escape or a line continuation",
      code: lines(
        "export const first = 'B\\earer Hy6Tn1Qs8Vd3Kp0Zr5Lm2Wc';",
        "export const second = 'Bea\\",
        "rer Qw4Er7Ty1Ui9Op3As6Df0Gh';",
      ),
      errors: [
        { messageId: "hardcoded", line: 1, column: 22, endLine: 1, endColumn: 55 },
        { messageId: "hardcoded", line: 2, column: 23, endLine: 3, endColumn: 29 },
      ],
    },
    {
      name: "a pre-encoded Basic token",
      code: lines(
        "import axios from 'axios';",
        "export const tango = axios.create({",
        "  baseURL: 'https://integration-api.tangocard.com/raas/v2',",
        "  headers: { Authorization: 'Basic YWNtZTpTM2NyZXRQYXNzdzByZEtleQ==' },",
        "});",
      ),
      errors: [
        { messageId: "basicToken", line: 4, column: 29, endLine: 4, endColumn: 69, data: { user: "acme", masked: "S3cr\u2026(17 chars)" } },
      ],
    },
    {
      name: "Authorization headers holding a literal token",
      code: lines(
        "const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';",
        "export const init = { headers: { Authorization: `Bearer ${TOKEN}` } };",
        "export const other = { headers: { authorization: 'Bearer Rt5Yh8Kj2Ln7Bv3Cx9Zm4Qw' } };",
        "const headers = new Headers();",
        "headers.set('Authorization', 'DPoP Hs8Dk2Lf7Jg3Qw9Er4Ty6Ui');",
        "headers.set('Authorization', 'Zq7Wm3Xk9Rt2Lp5Vb8Nc4Hd');",
      ),
      errors: [
        { messageId: "hardcoded", line: 1, column: 15, endLine: 1, endColumn: 109, data: { label: "an access token", masked: "eyJh\u2026(92 chars)", where: "the `Authorization` header" } },
        { messageId: "hardcoded", line: 3, column: 50, endLine: 3, endColumn: 82 },
        { messageId: "hardcoded", line: 5, column: 30, endLine: 5, endColumn: 60 },
        { messageId: "hardcoded", line: 6, column: 30, endLine: 6, endColumn: 55 },
      ],
    },
    {
      name: "auth options of axios, request and node:https",
      code: lines(
        "import axios from 'axios';",
        "import request from 'request';",
        "import https from 'node:https';",
        "axios.get('https://api.example.com/v1', { auth: { username: 'acme', password: 'Tr0ub4dor&3' } });",
        "request.get('https://api.example.com/v1', { auth: { user: 'acme', pass: 'Gq7Wm2Lp9Xz4' } });",
        "https.request({ hostname: 'api.example.com', auth: 'acme:Kj8Hg3Fd7Sa2' });",
      ),
      errors: [
        { messageId: "hardcoded", line: 4, column: 79, endLine: 4, endColumn: 92, data: { label: "a password", masked: "Tr\u2026(11 chars)", where: "`auth.password`" } },
        { messageId: "hardcoded", line: 5, column: 73, endLine: 5, endColumn: 87, data: { label: "a password", masked: "Gq7\u2026(12 chars)", where: "`auth.pass`" } },
        { messageId: "hardcoded", line: 6, column: 52, endLine: 6, endColumn: 71, data: { label: "a password", masked: "Kj8\u2026(12 chars)", where: "the `auth` option" } },
      ],
    },
    {
      name: "superagent's .auth() and .set()",
      code: lines(
        "import superagent from 'superagent';",
        "superagent.get('https://api.example.com/v1').auth('acme', 'Pz8Lk3Jh7Gf2').end();",
        "superagent.get('https://api.example.com/v1').auth('Rt5Yh8Kj2Ln7Bv3Cx9Zm4Qw', { type: 'bearer' }).end();",
        "superagent.get('https://api.example.com/v1').set('X-API-Key', 'Lm3Pq8Rz2Tx7Vb4Nc9Wd5Yf').end();",
      ),
      errors: [
        { messageId: "hardcoded", line: 2, column: 59, endLine: 2, endColumn: 73 },
        { messageId: "hardcoded", line: 3, column: 51, endLine: 3, endColumn: 76 },
        { messageId: "hardcoded", line: 4, column: 63, endLine: 4, endColumn: 88 },
      ],
    },
    {
      name: "node-rest-client options",
      code: lines(
        "import { Client } from 'node-rest-client';",
        "export const client = new Client({ user: 'acme', password: 'Pz8Lk3Jh7Gf2x' });",
      ),
      errors: [
        { messageId: "hardcoded", line: 2, column: 60, endLine: 2, endColumn: 75 },
      ],
    },
    {
      name: "OAuth token requests with a client secret",
      code: lines(
        "import axios from 'axios';",
        "const CS = 'Vb7Nm3Kl9Jh2Gf8Ds4Aq6Wz';",
        "axios.post('https://auth.tangocard.com/oauth/token', new URLSearchParams({ grant_type: 'client_credentials', client_id: 'acme', client_secret: 'Hs8Dk2Lf7Jg3Qw9Er4Ty6Ui' }));",
        "axios.post('https://auth.tangocard.com/oauth/token', 'grant_type=client_credentials&client_id=acme&client_secret=Zx9Cv3Bn7Mq2Wl8Ek4Rt6Yu');",
        "fetch('https://auth.tangocard.com/oauth/token', { method: 'POST', body: `grant_type=client_credentials&client_secret=${CS}` });",
        "const params = new URLSearchParams();",
        "params.append('client_secret', 'Kq4Wr8Et2Yu6Io9Pa3Sd7Fg');",
      ),
      errors: [
        { messageId: "hardcoded", line: 2, column: 12, endLine: 2, endColumn: 37, data: { label: "a client secret", masked: "Vb7N\u2026(23 chars)", where: "`client_secret` in a form body" } },
        { messageId: "hardcoded", line: 3, column: 144, endLine: 3, endColumn: 169 },
        { messageId: "hardcoded", line: 4, column: 54, endLine: 4, endColumn: 138 },
        { messageId: "hardcoded", line: 7, column: 32, endLine: 7, endColumn: 57 },
      ],
    },
    {
      name: "SDK constructor options and key setters",
      code: lines(
        "import { TangoSdk } from 'tango-sdk';",
        "export const sdk = new TangoSdk({ platformName: 'acme', platformKey: 'Fg3Hj8Kl2Qw7Er4Ty9Ui5Op' });",
        "sdk.setApiKey('Jk5Lz8Xc2Vb7Nm3Qw9Er4Ty');",
      ),
      errors: [
        { messageId: "hardcoded", line: 2, column: 70, endLine: 2, endColumn: 95 },
        { messageId: "hardcoded", line: 3, column: 15, endLine: 3, endColumn: 40, data: { label: "an API key", masked: "Jk5L\u2026(23 chars)", where: "`setApiKey()`" } },
      ],
    },
    {
      name: "JWT and JWS signing keys",
      code: lines(
        "import jwt from 'jsonwebtoken';",
        "import { SignJWT } from 'jose';",
        "export const assertion = jwt.sign({ iss: 'acme' }, 'Sg4Hj8Kl2Zx7Cv3Bn9Mq5Wr');",
        "const key = new TextEncoder().encode('Np3Qr8St2Uv7Wx4Yz9Ab5Cd');",
        "export const proof = new SignJWT({ iss: 'acme' }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().sign(key);",
      ),
      errors: [
        { messageId: "hardcoded", line: 3, column: 52, endLine: 3, endColumn: 77, data: { label: "a signing key", masked: "Sg4H\u2026(23 chars)", where: "the key of `jwt.sign`" } },
        { messageId: "hardcoded", line: 4, column: 38, endLine: 4, endColumn: 63, data: { label: "a signing key", masked: "Np3Q\u2026(23 chars)", where: "the key of a JWS signature" } },
      ],
    },
    {
      name: "PEM private keys, written whole or line by line",
      code: lines(
        "import { importPKCS8 } from 'jose';",
        "const pem = `-----BEGIN PRIVATE KEY-----",
        "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgmxhvEfcb3N/smde5",
        "06sPaTUHFnn0XxOHOFLgyi9tzIahRANCAATFk4aagyWf2KOxPwPmDYjkFpYsp6lR",
        "4KH9mpO0HHeEMcuXD3M/wIKPwIpB35vjkuxbvxrfovVVk7ICv8CibxpH",
        "-----END PRIVATE KEY-----`;",
        "export const dpopKey = importPKCS8(pem, 'ES256');",
        "export const rsa =",
        "  '-----BEGIN RSA PRIVATE KEY-----\\n' +",
        "  'MIICXQIBAAKBgQDk/kY1ox6I4i/HDHeMj8l+NcZM11TnnDDZRByitn/ewSO+9K+W\\n' +",
        "  'iQtRHpJ/y+9InjjtOzO4/YIu3ycGxhSJ6kA9GPUgUyn/JLZC/hUOKqfYPWSgmcBt\\n' +",
        "  '-----END RSA PRIVATE KEY-----\\n';",
      ),
      errors: [
        { messageId: "privateKey", line: 2, column: 13, endLine: 6, endColumn: 27, data: { where: "a `PRIVATE KEY` block", masked: "MIGH\u2026(184 chars)" } },
        { messageId: "privateKey", line: 9, column: 3, endLine: 9, endColumn: 38, data: { where: "a `RSA PRIVATE KEY` block", masked: "MIIC\u2026(128 chars)" } },
      ],
    },
    {
      name: "a JWK with private members",
      code: lines(
        "export const dpopJwk = {",
        "  kty: 'EC',",
        "  crv: 'P-256',",
        "  x: 'xZOGmoMln9ijsT8D5g2I5BaWLKepUeCh_ZqTtBx3hDE',",
        "  y: 'y5cPcz_Ago_AikHfm-OS7Fu_Gt-i9VWTsgK_wKJvGkc',",
        "  d: 'mxhvEfcb3N_smde506sPaTUHFnn0XxOHOFLgyi9tzIY',",
        "};",
        "export const hmac = { kty: 'oct', k: 'GawgguFyGrWKav7AX4VKUg' };",
      ),
      errors: [
        { messageId: "privateJwk", line: 6, column: 6, endLine: 6, endColumn: 51, data: { where: "`d`", masked: "mxhv\u2026(43 chars)" } },
        { messageId: "privateJwk", line: 8, column: 38, endLine: 8, endColumn: 62, data: { where: "`k`", masked: "Gawg\u2026(22 chars)" } },
      ],
    },
    {
      name: "a password in a URL",
      code: "export const database = 'postgres://acme:Kj8Hg3Fd7Sa2@db.example.com/rewards';",
      errors: [
        { messageId: "hardcoded", line: 1, column: 25, endLine: 1, endColumn: 78, data: { label: "a password", masked: "Kj8\u2026(12 chars)", where: "the password of a URL" } },
      ],
    },
    {
      name: "a JSX attribute",
      filename: 'widget.tsx',
      code: "export const widget = <TangoCatalog apiKey=\"Dz6Xc1Vb8Nm3Qa9Ws4Ed7Rf\" theme=\"dark\" />;",
      errors: [
        { messageId: "hardcoded", line: 1, column: 44, endLine: 1, endColumn: 69 },
      ],
    },
    {
      name: "a default for a credential option",
      code: lines(
        "export function options(input: { apiKey?: string }) {",
        "  return { apiKey: input.apiKey ?? 'Ty7Ui2Op8As3Df9Gh4Jk6Lz' };",
        "}",
      ),
      errors: [
        { messageId: "hardcoded", line: 2, column: 36, endLine: 2, endColumn: 61 },
      ],
    },
    {
      name: "JavaScript (ESM): suggestions to read the environment",
      filename: 'config.mjs',
      code: lines(
        "export const region = process.env.TANGO_REGION;",
        "export const apiKey = 'Qz8vN2mXr4TbL7wKp9HcYd3F';",
        "export const platformKey = process.env.TANGO_PLATFORM_KEY || 'aK3jf9Lq2ZxV8mN4pR7tW1yB';",
      ),
      errors: [
        { messageId: "hardcoded", line: 2, column: 23, endLine: 2, endColumn: 49, suggestions: [
          { messageId: "useEnv", data: { envName: "API_KEY" }, output: lines(
        "export const region = process.env.TANGO_REGION;",
        "export const apiKey = process.env.API_KEY;",
        "export const platformKey = process.env.TANGO_PLATFORM_KEY || 'aK3jf9Lq2ZxV8mN4pR7tW1yB';",
      ) },
        ] },
        { messageId: "envFallback", line: 3, column: 62, endLine: 3, endColumn: 88, suggestions: [
          { messageId: "removeFallback", data: { envName: "TANGO_PLATFORM_KEY" }, output: lines(
        "export const region = process.env.TANGO_REGION;",
        "export const apiKey = 'Qz8vN2mXr4TbL7wKp9HcYd3F';",
        "export const platformKey = process.env.TANGO_PLATFORM_KEY;",
      ) },
        ] },
      ],
    },
    {
      name: "CommonJS: credentials in module.exports and a request config",
      filename: 'tango.cjs',
      code: lines(
        "const axios = require('axios');",
        "const jwt = require('jsonwebtoken');",
        "module.exports = {",
        "  client: axios.create({ auth: { username: 'acme', password: 'Ws4Ed7Rf1Tg6Yh3Uj8Ik' } }),",
        "  clientSecret: 'Bn6Mq1Wl8Ek3Rt9Yu4Io7P',",
        "  sign: (payload) => jwt.sign(payload, 'Lk9Jh3Gf7Ds2Aq8Wz4Xc6V'),",
        "};",
      ),
      errors: [
        { messageId: "hardcoded", line: 4, column: 62, endLine: 4, endColumn: 84, suggestions: [] },
        { messageId: "hardcoded", line: 5, column: 17, endLine: 5, endColumn: 41, suggestions: [] },
        { messageId: "hardcoded", line: 6, column: 40, endLine: 6, endColumn: 64 },
      ],
    },
    {
      name: "CommonJS with process.env: a suggestion",
      filename: 'tango.cjs',
      code: lines(
        "const region = process.env.TANGO_REGION;",
        "module.exports = { region, clientSecret: 'Bn6Mq1Wl8Ek3Rt9Yu4Io7P' };",
      ),
      errors: [
        { messageId: "hardcoded", line: 2, column: 42, endLine: 2, endColumn: 66, suggestions: [
          { messageId: "useEnv", data: { envName: "CLIENT_SECRET" }, output: lines(
        "const region = process.env.TANGO_REGION;",
        "module.exports = { region, clientSecret: process.env.CLIENT_SECRET };",
      ) },
        ] },
      ],
    },
    {
      name: "cross-file: the config module reports its own credential",
      filename: config('src/config.ts'),
      code: lines(
        "export const tangoApiKey = 'Pk7Lm2Nq8Rs3Tv9Wx4Yz6Ab';",
        "export const SANDBOX = { platform: 'acme-sandbox', value: 'Jh4Kl9Mn2Bv7Cx3Zq8Wr5Te' };",
      ),
      errors: [
        { messageId: "hardcoded", line: 1, column: 28, endLine: 1, endColumn: 53 },
      ],
    },
    {
      name: "cross-file: a value that its own file cannot tell is a credential is reported where it is used",
      filename: config('src/client.ts'),
      code: lines(
        "import jwt from 'jsonwebtoken';",
        "import { PLATFORM_NAME, SANDBOX } from './config.js';",
        "export const assertion = jwt.sign({ iss: PLATFORM_NAME }, SANDBOX.value);",
      ),
      errors: [
        { messageId: "imported", line: 3, column: 59, endLine: 3, endColumn: 72, data: { where: "the key of `jwt.sign`", label: "a signing key", masked: "Jh4K\u2026(23 chars)", definedIn: "./config.ts" } },
      ],
    },
    {
      name: "cross-file: a literal passed to a credential parameter of a class in another module",
      filename: config('src/client.ts'),
      code: lines(
        "import { basicAuth, TangoClient } from './tango-client.js';",
        "export const client = new TangoClient('acme', 'Yt5Re8Wq3Ty7Ui2Op9As4Df');",
        "export const header = basicAuth('acme', 'Cv2Bn7Mq4Wl9Ek3Rt8Yu5I');",
      ),
      errors: [
        { messageId: "hardcoded", line: 2, column: 47, endLine: 2, endColumn: 72, data: { label: "a platform key", masked: "Yt5R\u2026(23 chars)", where: "parameter `platformKey` of `TangoClient`" } },
        { messageId: "hardcoded", line: 3, column: 41, endLine: 3, endColumn: 65 },
      ],
    },
    {
      name: "cross-file CommonJS: an unnamed value from a required module",
      filename: config('src/uses-legacy.cjs'),
      code: lines(
        "const axios = require('axios');",
        "const legacy = require('./legacy.cjs');",
        "module.exports = axios.create({ auth: { username: 'acme', password: legacy.partnerValue } });",
      ),
      errors: [
        { messageId: "imported", line: 3, column: 69, endLine: 3, endColumn: 88, data: { where: "`auth.password`", label: "a password", masked: "Zr6X\u2026(23 chars)", definedIn: "./legacy.cjs" } },
      ],
    },
    {
      name: "a test file still may not hold a real-looking key",
      filename: config('test/client.test.ts'),
      code: "export const options = { apiKey: 'Qz8vN2mXr4TbL7wKp9HcYd3F' };",
      errors: [
        { messageId: "hardcoded", line: 1, column: 34, endLine: 1, endColumn: 60 },
      ],
    },
  ],
});

