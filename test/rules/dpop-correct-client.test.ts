import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin, { rules } from '../../src/index.js';
import { fixture } from './rule-tester.js';

const PROJECT = fixture('dpop-correct-client');
const DPOP_RULES = ['dpop-authorization-scheme', 'dpop-fresh-jti', 'dpop-htu-without-query', 'dpop-public-jwk-only', 'dpop-require-ath', 'dpop-valid-proof'];

function linter(): ESLint {
  return new ESLint({ cwd: PROJECT, overrideConfigFile: true, overrideConfig: [plugin.configs.all] });
}

function describeMessages(results: readonly ESLint.LintResult[]): string[] {
  return results.flatMap((result) =>
    result.messages.map((m) => `${path.relative(PROJECT, result.filePath)}:${m.line}:${m.column} ${m.ruleId ?? 'fatal'}: ${m.message}`),
  );
}

describe('fixture dpop-correct-client: a complete, correct DPoP client', () => {
  it('is linted with every rule of the plugin, the DPoP rules included', () => {
    const enabled = Object.keys(plugin.configs.all.rules ?? {});
    expect(enabled.sort()).toEqual(Object.keys(rules).map((id) => `tango/${id}`).sort());
    for (const id of DPOP_RULES) expect(enabled).toContain(`tango/${id}`);
  });

  it('produces no finding from any rule', async () => {
    const results = await linter().lintFiles(['src']);
    expect(results.map((r) => path.basename(r.filePath)).sort()).toEqual(['api.ts', 'config.ts', 'index.ts', 'keys.ts', 'proof.ts', 'token.ts']);
    expect(describeMessages(results)).toEqual([]);
  });

  // The silence above means something only if the same project, with one thing wrong, is reported.
  it.each([
    ['src/proof.ts', 'htu: url.origin + url.pathname', 'htu: url.href', 'tango/dpop-htu-without-query'],
    ['src/proof.ts', '.setJti(crypto.randomUUID())', ".setJti('proof')", 'tango/dpop-fresh-jti'],
    ['src/proof.ts', "typ: 'dpop+jwt'", "typ: 'JWT'", 'tango/dpop-valid-proof'],
    ['src/keys.ts', 'exportJWK(publicKey)', 'exportJWK(privateKey)', 'tango/dpop-public-jwk-only'],
    ['src/api.ts', 'Authorization: `DPoP ${accessToken}`', 'Authorization: `Bearer ${accessToken}`', 'tango/dpop-authorization-scheme'],
    ['src/api.ts', "createProof(key, 'GET', url, accessToken)", "createProof(key, 'POST', url, accessToken)", 'tango/dpop-valid-proof'],
    ['src/api.ts', "createProof(key, 'GET', url, accessToken)", "createProof(key, 'GET', url)", 'tango/dpop-require-ath'],
  ])('reports %s once `%s` becomes `%s`', async (file, before, after, ruleId) => {
    const filePath = path.join(PROJECT, file);
    const text = fs.readFileSync(filePath, 'utf8');
    expect(text).toContain(before);
    const [result] = await linter().lintText(text.replace(before, after), { filePath });
    expect(result?.messages.map((m) => m.ruleId)).toContain(ruleId);
  });
});
