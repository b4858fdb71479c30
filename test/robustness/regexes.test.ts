import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import regexp from 'eslint-plugin-regexp';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers.js';

const ROOT = path.resolve(FIXTURES, '../..');

/** Every TypeScript file under `src/`. */
function sourceFiles(dir = path.join(ROOT, 'src')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe("the project's lint config", () => {
  it("checks every regular expression in src/ with eslint-plugin-regexp's recommended rules, super-linear backtracking included", async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const files = sourceFiles();
    expect(files.length).toBeGreaterThan(50);
    const recommended = Object.entries(regexp.configs.recommended.rules ?? {}).filter(([, level]) => level !== 'off');
    expect(recommended.length).toBeGreaterThan(40);
    for (const file of files) {
      const config = (await eslint.calculateConfigForFile(file)) as { rules: Record<string, unknown[]> };
      expect(config.rules['regexp/no-super-linear-backtracking']?.[0], path.relative(ROOT, file)).toBe(2);
      for (const [rule] of recommended) expect(config.rules[rule]?.[0], `${rule} in ${path.relative(ROOT, file)}`).not.toBe(0);
    }
  });
});
