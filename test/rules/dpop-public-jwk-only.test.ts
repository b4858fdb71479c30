import rule from '../../src/rules/dpop-public-jwk-only.js';
import { createRuleTester, fixture } from './rule-tester.js';

const ruleTester = createRuleTester();
const lines = (...source: string[]): string => source.join('\n');

ruleTester.run('dpop-public-jwk-only', rule, {
  valid: [
    {
      name: 'a private JWK exported for storage, not for a proof header',
      code: lines(
        "import { exportJWK, generateKeyPair } from 'jose';",
        'export async function createDpopKey(store: (name: string, value: string) => Promise<void>) {',
        "  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });",
        "  await store('dpop-private-jwk', JSON.stringify(await exportJWK(privateKey)));",
        '  return { privateKey, publicJwk: await exportJWK(publicKey) };',
        '}',
      ),
    },
    {
      name: 'jose: exportJWK of the public key',
      code: lines(
        "import { SignJWT, exportJWK, generateKeyPair } from 'jose';",
        "const { publicKey, privateKey } = await generateKeyPair('ES256');",
        'export async function proof(htu: string) {',
        "  return new SignJWT({ jti: crypto.randomUUID(), htm: 'GET', htu })",
        "    .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: await exportJWK(publicKey) })",
        '    .setIssuedAt()',
        '    .sign(privateKey);',
        '}',
      ),
    },
    {
      name: 'a JWK rebuilt from public members, and one with the private member removed',
      code: lines(
        "import { SignJWT } from 'jose';",
        'export async function proofs(htu: string, jwk: { kty: string; crv: string; x: string; y: string; d: string }, key: CryptoKey) {',
        '  const { d, ...withoutD } = jwk;',
        '  return [',
        "    await new SignJWT({ jti: crypto.randomUUID(), htm: 'GET', htu }).setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y } }).setIssuedAt().sign(key),",
        "    await new SignJWT({ jti: crypto.randomUUID(), htm: 'GET', htu }).setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: withoutD }).setIssuedAt().sign(key),",
        '  ];',
        '}',
      ),
    },
    {
      name: "CommonJS jsonwebtoken: a KeyObject's public key exported as JWK",
      filename: 'proof.cjs',
      code: lines(
        "const jwt = require('jsonwebtoken');",
        "const { createPrivateKey, createPublicKey, randomUUID } = require('node:crypto');",
        'const privateKey = createPrivateKey(process.env.DPOP_PRIVATE_KEY);',
        'const publicKey = createPublicKey(privateKey);',
        'function proof(htu) {',
        "  return jwt.sign({ jti: randomUUID(), htm: 'GET', htu }, privateKey, {",
        "    algorithm: 'ES256',",
        "    header: { typ: 'dpop+jwt', jwk: publicKey.export({ format: 'jwk' }) },",
        '  });',
        '}',
        'module.exports = { proof };',
      ),
    },
    {
      name: 'the dpop package puts the public key in the header itself',
      code: lines(
        "import { generateKeyPair, generateProof } from 'dpop';",
        "const keyPair = await generateKeyPair('ES256');",
        "export const proof = (htu: string, token: string) => generateProof(keyPair, htu, 'GET', undefined, token);",
      ),
    },
    {
      name: 'cross-file: a public JWK imported from the keys module and a public JWK file',
      filename: fixture('dpop-helper-module', 'src/client.ts'),
      code: lines(
        "import { SignJWT } from 'jose';",
        "import { keyPair, publicJwk } from './keys.js';",
        "import fileJwk from './public-key.json';",
        'export async function proofs(htu: string) {',
        '  return [',
        "    await new SignJWT({ jti: crypto.randomUUID(), htm: 'GET', htu }).setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: publicJwk }).setIssuedAt().sign(keyPair.privateKey),",
        "    await new SignJWT({ jti: crypto.randomUUID(), htm: 'GET', htu }).setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: fileJwk }).setIssuedAt().sign(keyPair.privateKey),",
        '  ];',
        '}',
      ),
    },
  ],
  invalid: [
    {
      name: 'a key module that exports the private key under a public name',
      code: lines(
        "import { exportJWK, generateKeyPair } from 'jose';",
        'export async function createDpopKey() {',
        "  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });",
        '  return { privateKey, publicKey, publicJwk: await exportJWK(privateKey) };',
        '}',
      ),
      errors: [
        { messageId: 'privateAsPublic', line: 4, column: 52, endLine: 4, endColumn: 73 },
      ],
    },
    {
      name: 'a JWK literal with the private member d',
      code: lines(
        "import { SignJWT } from 'jose';",
        'export function proof(htu: string, key: CryptoKey) {',
        "  return new SignJWT({ jti: crypto.randomUUID(), htm: 'GET', htu })",
        "    .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: { kty: 'EC', crv: 'P-256', x: process.env.DPOP_X, y: process.env.DPOP_Y, d: process.env.DPOP_D } })",
        '    .setIssuedAt()',
        '    .sign(key);',
        '}',
      ),
      errors: [
        { messageId: 'privateMember', line: 4, column: 136, endLine: 4, endColumn: 157 },
      ],
    },
    {
      name: 'an RSA JWK spread from the private key',
      code: lines(
        "import { SignJWT } from 'jose';",
        'export function proof(htu: string, key: CryptoKey) {',
        "  const rsa = { kty: 'RSA', n: process.env.N, e: 'AQAB', p: process.env.P, q: process.env.Q };",
        "  return new SignJWT({ jti: crypto.randomUUID(), htm: 'GET', htu })",
        "    .setProtectedHeader({ typ: 'dpop+jwt', alg: 'RS256', jwk: { ...rsa } })",
        '    .setIssuedAt()',
        '    .sign(key);',
        '}',
      ),
      errors: [
        { messageId: 'privateMember', line: 3, column: 58, endLine: 3, endColumn: 74 },
      ],
    },
    {
      name: 'jose: exportJWK of the private key, and the private half of the pair',
      code: lines(
        "import { SignJWT, exportJWK, generateKeyPair } from 'jose';",
        "const keyPair = await generateKeyPair('ES256');",
        'export async function proofs(htu: string) {',
        '  return [',
        "    await new SignJWT({ jti: crypto.randomUUID(), htm: 'GET', htu }).setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: await exportJWK(keyPair.privateKey) }).setIssuedAt().sign(keyPair.privateKey),",
        "    await new SignJWT({ jti: crypto.randomUUID(), htm: 'GET', htu }).setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: keyPair.privateKey }).setIssuedAt().sign(keyPair.privateKey),",
        '  ];',
        '}',
      ),
      errors: [
        { messageId: 'privateExport', line: 5, column: 133, endLine: 5, endColumn: 162 },
        { messageId: 'privateHalf', line: 6, column: 127, endLine: 6, endColumn: 145 },
      ],
    },
    {
      name: 'a destructured private key exported as the jwk',
      code: lines(
        "import { SignJWT, exportJWK, generateKeyPair } from 'jose';",
        "const { privateKey } = await generateKeyPair('ES256', { extractable: true });",
        'const jwk = await exportJWK(privateKey);',
        'export async function proof(htu: string) {',
        "  return new SignJWT({ jti: crypto.randomUUID(), htm: 'GET', htu })",
        "    .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk })",
        '    .setIssuedAt()',
        '    .sign(privateKey);',
        '}',
      ),
      errors: [
        { messageId: 'privateExport', line: 3, column: 19, endLine: 3, endColumn: 40 },
      ],
    },
    {
      name: 'CommonJS jsonwebtoken: the private KeyObject exported as JWK',
      filename: 'proof.cjs',
      code: lines(
        "const jwt = require('jsonwebtoken');",
        "const { createPrivateKey, randomUUID } = require('node:crypto');",
        'const privateKey = createPrivateKey(process.env.DPOP_PRIVATE_KEY);',
        'function proof(htu) {',
        "  return jwt.sign({ jti: randomUUID(), htm: 'GET', htu }, privateKey, {",
        "    algorithm: 'ES256',",
        "    header: { typ: 'dpop+jwt', jwk: privateKey.export({ format: 'jwk' }) },",
        '  });',
        '}',
        'module.exports = { proof };',
      ),
      errors: [
        { messageId: 'privateExport', line: 7, column: 37, endLine: 7, endColumn: 73 },
      ],
    },
    {
      name: 'WebCrypto exportKey of the private key',
      code: lines(
        "import { signCompact } from './kms-signer.js';",
        'export async function proof(keyPair: CryptoKeyPair, htu: string) {',
        "  const header = { typ: 'dpop+jwt', alg: 'ES256', jwk: await crypto.subtle.exportKey('jwk', keyPair.privateKey) };",
        "  const claims = { jti: crypto.randomUUID(), htm: 'GET', htu, iat: Math.floor(Date.now() / 1000) };",
        '  return signCompact(header, claims, keyPair.privateKey);',
        '}',
      ),
      errors: [
        { messageId: 'privateExport', line: 3, column: 62, endLine: 3, endColumn: 112 },
      ],
    },
    {
      name: 'a JWK read from a private key file',
      filename: 'proof.mjs',
      code: lines(
        "import fs from 'node:fs';",
        "import { SignJWT } from 'jose';",
        "const jwk = JSON.parse(fs.readFileSync('./secrets/dpop-private-key.json', 'utf8'));",
        'export function proof(htu, key) {',
        "  return new SignJWT({ jti: crypto.randomUUID(), htm: 'GET', htu }).setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk }).setIssuedAt().sign(key);",
        '}',
      ),
      errors: [
        { messageId: 'privateFile', line: 3, column: 13, endLine: 3, endColumn: 83 },
      ],
    },
    {
      name: 'cross-file: a JSON key file with a private member, and a private JWK from the keys module',
      filename: fixture('dpop-helper-module', 'src/client.ts'),
      code: lines(
        "import { SignJWT } from 'jose';",
        "import { keyPair, signingJwk } from './keys.js';",
        "import fileJwk from './dpop-key.json';",
        'export async function proofs(htu: string) {',
        '  return [',
        "    await new SignJWT({ jti: crypto.randomUUID(), htm: 'GET', htu }).setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: signingJwk }).setIssuedAt().sign(keyPair.privateKey),",
        "    await new SignJWT({ jti: crypto.randomUUID(), htm: 'GET', htu }).setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: fileJwk }).setIssuedAt().sign(keyPair.privateKey),",
        '  ];',
        '}',
      ),
      errors: [
        { messageId: 'privateExport', line: 6, column: 127, endLine: 6, endColumn: 137 },
        { messageId: 'privateMember', line: 7, column: 127, endLine: 7, endColumn: 134 },
      ],
    },
  ],
});
