import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyzer/analysis.js';
import type { DpopProof, ProofAttachment, ProofFields } from '../../src/analyzer/dpop.js';
import { dpopModel } from '../../src/analyzer/dpop.js';
import { dpopFindings } from '../../src/analyzer/dpop-findings.js';
import { DEFAULT_SETTINGS } from '../../src/analyzer/settings.js';
import { fixture } from '../rules/rule-tester.js';
import { analyzeFixture } from './helpers.js';

const lines = (...source: string[]): string => source.join('\n');

function modelOf(text: string, filePath = fixture('dpop-helper-module', 'src/scratch.ts')) {
  return dpopModel(analyze({ filePath, text, settings: DEFAULT_SETTINGS }));
}

/** A field set as `name=literal` (or `name=?` when not a literal, `name=implicit` when the library sets it). */
function show(fields: ProofFields | undefined): string[] | undefined {
  if (!fields) return undefined;
  return [...fields.fields]
    .map(([name, field]) => {
      if (field.implicit) return `${name}=implicit`;
      const value = field.value;
      return `${name}=${value.kind === 'string' ? value.value : '?'}`;
    })
    .sort();
}

function summary(proof: DpopProof) {
  return { library: proof.library, header: show(proof.header), claims: show(proof.claims), moduleScope: proof.moduleScope, managed: proof.managed };
}

function attachmentSummary(attachment: ProofAttachment) {
  return {
    header: attachment.dpop.expression.getText(),
    authorization: attachment.authorization?.expression.getText(),
    requests: attachment.requests.map((r) => `${r.client} ${r.method}`),
    proofs: attachment.proofs.map((p) => p.library),
    hook: attachment.hook !== undefined,
  };
}

describe('DPoP proof model: construction sites', () => {
  it('recognises jose SignJWT with its fluent chain', () => {
    const { proofs } = modelOf(
      lines(
        "import { SignJWT } from 'jose';",
        'export const proof = (htu: string, key: CryptoKey, jwk: object) =>',
        "  new SignJWT({ htm: 'GET', htu }).setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk }).setIssuedAt().setJti(crypto.randomUUID()).sign(key);",
      ),
    );
    expect(proofs.map(summary)).toEqual([
      { library: 'jose', header: ['alg=ES256', 'jwk=?', 'typ=dpop+jwt'], claims: ['htm=GET', 'htu=?', 'iat=implicit', 'jti=?'], moduleScope: false, managed: false },
    ]);
  });

  it('recognises jose CompactSign over an encoded claims object, and setters called on a variable', () => {
    const { proofs } = modelOf(
      lines(
        "import { CompactSign, SignJWT } from 'jose';",
        'export async function proofs(key: CryptoKey, jwk: object) {',
        "  const claims = { jti: crypto.randomUUID(), htm: 'POST', htu: 'https://a.example/b', iat: Math.floor(Date.now() / 1000) };",
        "  const compact = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk }).sign(key);",
        "  const signer = new SignJWT({ htm: 'GET', htu: 'https://a.example/c' });",
        "  signer.setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk });",
        '  signer.setJti(crypto.randomUUID());',
        '  return [compact, await signer.setIssuedAt().sign(key)];',
        '}',
      ),
    );
    expect(proofs.map(summary)).toEqual([
      { library: 'jose', header: ['alg=ES256', 'jwk=?', 'typ=dpop+jwt'], claims: ['htm=POST', 'htu=https://a.example/b', 'iat=?', 'jti=?'], moduleScope: false, managed: false },
      {
        library: 'jose',
        header: ['alg=ES256', 'jwk=?', 'typ=dpop+jwt'],
        claims: ['htm=GET', 'htu=https://a.example/c', 'iat=implicit', 'jti=?'],
        moduleScope: false,
        managed: false,
      },
    ]);
  });

  it('recognises jsonwebtoken, the dpop package, oauth4webapi and hand-built claims', () => {
    const { proofs } = modelOf(
      lines(
        "const jwt = require('jsonwebtoken');",
        "const DPoP = require('dpop');",
        "const oauth = require('oauth4webapi');",
        'function proofs(key, jwk, keyPair, client, token) {',
        "  const a = jwt.sign({ htm: 'GET', htu: 'https://a.example/' }, key, { algorithm: 'ES256', jwtid: 'x', header: { typ: 'dpop+jwt', jwk } });",
        "  const b = DPoP.generateProof(keyPair, 'https://a.example/', 'GET', undefined, token);",
        '  const c = oauth.DPoP(client, keyPair);',
        "  const d = signElsewhere({ jti: 'j', htm: 'GET', htu: 'https://a.example/' });",
        '  return [a, b, c, d];',
        '}',
      ),
      fixture('dpop-helper-module', 'src/scratch.cjs'),
    );
    expect(proofs.map(summary)).toEqual([
      { library: 'jsonwebtoken', header: ['alg=ES256', 'jwk=?', 'typ=dpop+jwt'], claims: ['htm=GET', 'htu=https://a.example/', 'iat=implicit', 'jti=x'], moduleScope: false, managed: false },
      {
        library: 'dpop',
        header: ['alg=implicit', 'jwk=implicit', 'typ=implicit'],
        claims: ['ath=implicit', 'htm=GET', 'htu=https://a.example/', 'iat=implicit', 'jti=implicit', 'nonce=?'],
        moduleScope: false,
        managed: false,
      },
      { library: 'oauth4webapi', header: undefined, claims: undefined, moduleScope: false, managed: true },
      { library: 'hand-built', header: undefined, claims: ['htm=GET', 'htu=https://a.example/', 'jti=j'], moduleScope: false, managed: false },
    ]);
  });

  it('marks a proof computed when the module loads', () => {
    const { proofs } = modelOf(
      lines("import { generateProof } from 'dpop';", "export const proof = await generateProof(keyPair, 'https://a.example/', 'GET');"),
    );
    expect(proofs.map((p) => [p.library, p.moduleScope])).toEqual([['dpop', true]]);
  });

  it('leaves JWTs that are not DPoP proofs alone', () => {
    const { proofs, attachments } = modelOf(
      lines(
        "import { SignJWT } from 'jose';",
        "import jwt from 'jsonwebtoken';",
        "export const a = (key: CryptoKey) => new SignJWT({ sub: 'client' }).setProtectedHeader({ alg: 'ES256' }).sign(key);",
        "export const b = (secret: string) => jwt.sign({ iss: 'client' }, secret, { algorithm: 'HS256' });",
        "export const c = { dpop: true, proof: 'of concept' };",
      ),
    );
    expect(proofs).toEqual([]);
    expect(attachments).toEqual([]);
  });
});

describe('DPoP proof model: attachments', () => {
  it('links a DPoP header to its request, method, Authorization header and proof', () => {
    const { attachments } = modelOf(
      lines(
        "import { generateProof } from 'dpop';",
        'export async function order(keyPair: CryptoKeyPair, token: string, body: string) {',
        "  const url = 'https://integration-api.tangocard.com/raas/v2/orders';",
        "  return fetch(url, { method: 'POST', body, headers: { Authorization: `DPoP ${token}`, DPoP: await generateProof(keyPair, url, 'POST', undefined, token) } });",
        '}',
      ),
    );
    expect(attachments.map(attachmentSummary)).toEqual([
      {
        header: "await generateProof(keyPair, url, 'POST', undefined, token)",
        authorization: '`DPoP ${token}`',
        requests: ['fetch POST'],
        proofs: ['dpop'],
        hook: false,
      },
    ]);
  });

  it('finds proofs attached by axios interceptors and got hooks, with the requests they apply to', () => {
    const { attachments } = modelOf(
      lines(
        "import axios from 'axios';",
        "import got from 'got';",
        "import { generateProof } from 'dpop';",
        "const api = axios.create({ baseURL: 'https://integration-api.tangocard.com/raas/v2' });",
        'api.interceptors.request.use(async (config) => {',
        "  config.headers.DPoP = await generateProof(keyPair, 'https://a.example/', 'GET');",
        '  config.headers.Authorization = `DPoP ${token}`;',
        '  return config;',
        '});',
        'const client = got.extend({ hooks: { beforeRequest: [async (options) => { options.headers.dpop = await generateProof(keyPair, String(options.url), options.method); }] } });',
        "export const a = () => api.post('/orders', {});",
        "export const b = () => client.get('https://api.tangocard.com/raas/v2/catalogs');",
      ),
    );
    expect(attachments.map(attachmentSummary)).toEqual([
      {
        header: "await generateProof(keyPair, 'https://a.example/', 'GET')",
        authorization: '`DPoP ${token}`',
        requests: ['axios POST'],
        proofs: ['dpop'],
        hook: true,
      },
      { header: 'await generateProof(keyPair, String(options.url), options.method)', authorization: undefined, requests: ['got GET'], proofs: ['dpop'], hook: true },
    ]);
  });

  it('follows a proof built in a helper module, with the values the caller passes', () => {
    const { attachments } = modelOf(
      lines(
        "import { createProof } from './proof.js';",
        'export async function catalogs(token: string) {',
        "  const url = 'https://integration-api.tangocard.com/raas/v2/catalogs';",
        "  return fetch(url, { headers: { DPoP: await createProof('GET', url, token), Authorization: `DPoP ${token}` } });",
        '}',
      ),
    );
    const [attachment] = attachments;
    const [proof] = attachment?.proofs ?? [];
    expect(proof?.library).toBe('jose');
    expect(proof?.node.getSourceFile().fileName).toBe(fixture('dpop-helper-module', 'src/proof.ts'));
    expect(show(proof?.claims)).toEqual(['ath=?', 'htm=GET', 'htu=https://integration-api.tangocard.com/raas/v2/catalogs', 'iat=implicit', 'jti=?']);
  });

  it('understands the complete correct client', () => {
    const api = dpopModel(analyzeFixture(['dpop-correct-client', 'src', 'api.ts']));
    expect(api.attachments.map(attachmentSummary)).toEqual([
      { header: "await createProof(key, 'GET', url, accessToken)", authorization: '`DPoP ${accessToken}`', requests: ['fetch GET'], proofs: ['jose'], hook: false },
    ]);
    const token = dpopModel(analyzeFixture(['dpop-correct-client', 'src', 'token.ts']));
    expect(token.attachments.map(attachmentSummary)).toEqual([
      { header: "await createProof(key, 'POST', url)", authorization: undefined, requests: ['fetch POST'], proofs: ['jose'], hook: false },
    ]);
    const proof = dpopModel(analyzeFixture(['dpop-correct-client', 'src', 'proof.ts']));
    expect(proof.proofs.map(summary)).toEqual([
      { library: 'jose', header: ['alg=ES256', 'jwk=?', 'typ=dpop+jwt'], claims: ['ath=?', 'htm=?', 'htu=?', 'iat=implicit', 'jti=?'], moduleScope: false, managed: false },
    ]);
  });
});

describe('DPoP proof model: robustness', () => {
  const DEPTH = 10_000;
  const rules = ['dpop-authorization-scheme', 'dpop-htu-without-query', 'dpop-fresh-jti', 'dpop-require-ath', 'dpop-public-jwk-only', 'dpop-valid-proof'] as const;
  const findingsOf = (text: string) => {
    const analysis = analyze({ filePath: fixture('dpop-helper-module', 'src/deep.ts'), text, settings: DEFAULT_SETTINGS });
    return rules.flatMap((rule) => dpopFindings(analysis, rule).map((f) => `${f.rule}:${f.problem}`));
  };

  it('reads an htu concatenated from 10,000 terms', () => {
    const terms = Array.from({ length: DEPTH }, (_, i) => `'/p${i}'`).join(' + ');
    const text = `import { generateProof } from 'dpop';\nexport const p = (kp: CryptoKeyPair) => generateProof(kp, 'https://a.example/?x=1' + ${terms}, 'GET');\n`;
    expect(findingsOf(text)).toEqual(['dpop-htu-without-query:query-literal']);
  });

  // 1,000 links: the request model itself is what a longer chain would test.
  it('reads a superagent chain 1,000 calls long that sets a proof and a Bearer token', () => {
    const chain = `superagent.get('https://api.tangocard.com/raas/v2/catalogs')${".set('X-Trace', 'a')".repeat(1_000)}.set('DPoP', proof).set('Authorization', 'Bearer ' + token)`;
    const text = `import superagent from 'superagent';\nexport const r = (proof: string, token: string) => ${chain};\n`;
    expect(findingsOf(text)).toEqual(['dpop-authorization-scheme:bearer-with-proof']);
  });

  it('stops a jose chain of 10,000 setters', () => {
    const text = `import { SignJWT } from 'jose';\nexport const p = (k: CryptoKey) => new SignJWT({ jti: 'fixed', htm: 'GET', htu: 'https://a.example/' })${'.setIssuedAt()'.repeat(DEPTH)}.sign(k);\n`;
    expect(findingsOf(text)).toContain('dpop-fresh-jti:constant');
  });

  it('only parses the file once', () => {
    const analysis = analyze({ filePath: fixture('dpop-helper-module', 'src/x.ts'), text: 'export const dpop = 1;', settings: DEFAULT_SETTINGS });
    expect(dpopModel(analysis)).toBe(dpopModel(analysis));
    expect(ts.isSourceFile(analysis.sourceFile)).toBe(true);
  });
});
