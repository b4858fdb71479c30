import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../src/rules/index.js';
import type { RunResult } from '../cli/helpers.js';
import { copyFixture, MASKING_SECRETS, removeTemporaryFolders, tangoLint, writeFile } from '../cli/helpers.js';
import { eslintAll } from './helpers.js';

/**
 * Distinctive made-up secrets: those of test/fixtures/credentials-masking (every form the
 * credential rules know), and those of `MORE` below, written where the other rules look: a
 * private JWK in a DPoP proof, an inline client key for mTLS, a token returned to the browser or
 * logged, a password in a plain-http URL, keys in browser code and in request bodies.
 */
const SECRETS = [
  ...MASKING_SECRETS,
  // MORE
  'Q9vTz3LkWm8XcRb2NfYp7HsJd4GqUe6A',
  'Zt8Rm2Kq5WxN7vLc3HbY9pDf4JgSa6Ue',
  'kP3xW7qZ2nR9vT5mL8cY4bH6dJ1fG0sA',
  'Lm4Nq8Rz2Tx6Vb9Kc3Wd7Yf5Hg1Js0Pa',
  'gT6yU1iO9pA3sD7fH2jK5lZ8xC4vB0nM',
  'Xc7Vb2Nm9Qw4Er6Ty1Ui8Op3As5Df0Gh',
];

/** Secrets where every other rule looks; each line says which rule it is for. */
const MORE = `import https from 'node:https';
import axios from 'axios';
import { SignJWT, importJWK } from 'jose';
import express from 'express';

// dpop-public-jwk-only, dpop-valid-proof, dpop-fresh-jti: a private key in the proof header (the
// fixed jti is not a secret: the suggestion to replace it quotes it).
const privateJwk = { kty: 'EC', crv: 'P-256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0', d: 'Q9vTz3LkWm8XcRb2NfYp7HsJd4GqUe6A' };
export const proof = async (url: string) =>
  new SignJWT({ jti: 'proof-1', htm: 'POST', htu: url, iat: 1 })
    .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: privateJwk })
    .sign(await importJWK(privateJwk, 'ES256'));

// mtls-client-certificate, no-disabled-tls-verification: an inline client key, verification off.
export const agent = new https.Agent({ key: '-----BEGIN PRIVATE KEY-----\\nZt8Rm2Kq5WxN7vLc3HbY9pDf4JgSa6Ue\\n-----END PRIVATE KEY-----', rejectUnauthorized: false });
export const mtls = axios.create({ baseURL: 'https://mtls.tango-api.bhn.com/raas/v2', httpsAgent: agent });

// require-https: a password in a plain-http URL.
export const plain = () => fetch('http://acme:kP3xW7qZ2nR9vT5mL8cY4bH6dJ1fG0sA@integration-api.tangocard.com/raas/v2/catalogs');

const app = express();
// no-token-exposure, no-credential-logging, no-untrusted-account-input, no-x-forwarded-for-port.
app.post('/token', async (req, res) => {
  const token = { access_token: 'Lm4Nq8Rz2Tx6Vb9Kc3Wd7Yf5Hg1Js0Pa' };
  console.log('token', token.access_token, 'Lm4Nq8Rz2Tx6Vb9Kc3Wd7Yf5Hg1Js0Pa');
  await axios.post('https://integration-api.tangocard.com/raas/v2/orders', { accountIdentifier: req.body.account, amount: 5, utid: 'U1' }, {
    headers: { Authorization: 'Bearer gT6yU1iO9pA3sD7fH2jK5lZ8xC4vB0nM', 'X-Forwarded-For': \`\${req.ip}:\${req.socket.remotePort}\` },
  });
  res.json(token);
});
`;

/** A browser file with a key in it (no-browser-calls, no-hardcoded-credentials). */
const BROWSER = `'use client';
export const list = () => fetch('https://integration-api.tangocard.com/raas/v2/catalogs', { headers: { Authorization: 'Basic Xc7Vb2Nm9Qw4Er6Ty1Ui8Op3As5Df0Gh' } });
`;

const FORMATS = ['stylish', 'json', 'sarif', 'gitlab'] as const;

/** Every 8-character slice of a secret: none may appear, so not even half of a short one leaks. */
function slicesOf(secret: string): string[] {
  return Array.from({ length: secret.length - 7 }, (_, i) => secret.slice(i, i + 8));
}

function leaks(output: string): string[] {
  return SECRETS.filter((secret) => slicesOf(secret).some((slice) => output.includes(slice)));
}

describe('every rule over a project full of fake secrets', () => {
  let project: string;
  const outputs = new Map<string, RunResult>();
  beforeAll(async () => {
    project = copyFixture('credentials-masking');
    writeFile(path.join(project, 'src/more.ts'), MORE);
    writeFile(path.join(project, 'src/components/widget.tsx'), BROWSER);
    writeFile(path.join(project, 'all.config.js'), "import tango from 'eslint-plugin-tango';\nexport default [tango.configs.all];\n");
    for (const format of FORMATS) outputs.set(format, await tangoLint(['--config', 'all.config.js', '--format', format, 'src'], project));
  }, 300_000);
  afterAll(removeTemporaryFolders);

  it('holds every secret in its source, and gets findings from most rules', () => {
    const source = ['src/client.ts', 'src/config.ts', 'src/legacy.cjs', 'src/more.ts', 'src/components/widget.tsx']
      .map((file) => fs.readFileSync(path.join(project, file), 'utf8'))
      .join('\n');
    // One secret is the password inside a Basic token.
    const decoded = Buffer.from('YWNtZTp3dzI4c0JBZlljaEdPdkpKQXRTNw==', 'base64').toString();
    expect(SECRETS.filter((secret) => !source.includes(secret) && !decoded.includes(secret))).toEqual([]);
    const json = outputs.get('json') as RunResult;
    expect(json.code).toBe(1);
    const results = JSON.parse(json.stdout) as { messages: { ruleId: string | null }[] }[];
    const fired = new Set(results.flatMap((r) => r.messages.map((m) => m.ruleId)));
    expect([...fired].filter((id) => !id?.startsWith('tango/'))).toEqual([]);
    expect(fired.size, [...fired].join(', ')).toBeGreaterThanOrEqual(Object.keys(rules).length / 2);
  });

  it.each(FORMATS)('never shows a secret, or 8 characters of one, in %s output', (format) => {
    const { stdout, stderr } = outputs.get(format) as RunResult;
    expect(stderr).toBe('');
    expect(stdout.length).toBeGreaterThan(1_000);
    expect(leaks(stdout)).toEqual([]);
  });

  it('never shows one through the ESLint API either: messages, suggestions and their fixes', async () => {
    const results = await eslintAll(project).lintFiles(['src']);
    // Everything a formatter or an editor may show: texts, data, fixes and suggestions.
    const messages = results.flatMap((r) => r.messages);
    expect(messages.length).toBeGreaterThan(20);
    expect(leaks(JSON.stringify(messages))).toEqual([]);
  });
});
