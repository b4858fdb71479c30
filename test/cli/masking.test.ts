import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { JsonResult, RunResult } from './helpers.js';
import { byPath, copyFixture, MASKING_SECRETS, removeTemporaryFolders, tangoLint } from './helpers.js';


const FORMATS = ['stylish', 'json', 'sarif', 'gitlab'] as const;

// Every run starts Node, ESLint, TypeScript and the rules.
vi.setConfig({ testTimeout: 120_000 });

let project: string;
const outputs = new Map<string, RunResult>();

beforeAll(async () => {
  project = copyFixture('credentials-masking');
  for (const format of FORMATS) outputs.set(format, await tangoLint(['--format', format, 'src'], project));
}, 240_000);

afterAll(removeTemporaryFolders);

/** Every 8-character slice of a secret: none may appear, so not even half of a short one leaks. */
function slicesOf(secret: string): string[] {
  return Array.from({ length: secret.length - 7 }, (_, i) => secret.slice(i, i + 8));
}

describe('secrets in tango-lint reports', () => {
  it('are reported: the fixture exercises the credential rules', () => {
    const json = outputs.get('json') as RunResult;
    expect(json.code).toBe(1);
    const results = byPath(json.stdout, project);
    const count = (file: string, rule: string): number =>
      (results.get(file) as JsonResult).messages.filter((message) => message.ruleId === `tango/${rule}`).length;
    expect(count('src/config.ts', 'no-hardcoded-credentials')).toBe(6);
    expect(count('src/client.ts', 'no-hardcoded-credentials')).toBe(8);
    expect(count('src/legacy.cjs', 'no-hardcoded-credentials')).toBe(1);
    expect(count('src/client.ts', 'no-credential-logging')).toBe(2);
    expect(json.stdout).toContain('IGPX…(28 chars)');
  });

  it.each(FORMATS)('never appear in full in %s output', (format) => {
    const { stdout, stderr } = outputs.get(format) as RunResult;
    expect(stderr).toBe('');
    expect(stdout.length).toBeGreaterThan(0);
    for (const secret of MASKING_SECRETS) {
      for (const slice of slicesOf(secret)) expect(stdout, `${format} output shows part of a secret`).not.toContain(slice);
    }
  });
});
