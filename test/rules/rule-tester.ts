import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuleTester } from '@typescript-eslint/rule-tester';
import tsParser from '@typescript-eslint/parser';
import { afterAll, describe, it } from 'vitest';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** The folder of the shared fixture projects. */
export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');

/** A path inside a fixture project, for cross-file cases (`filename`). */
export function fixture(...segments: string[]): string {
  return path.join(FIXTURES, ...segments);
}

/** A RuleTester with the TypeScript parser, for TypeScript and JavaScript (ESM and CommonJS) cases. */
export function createRuleTester(): RuleTester {
  return new RuleTester({ languageOptions: { parser: tsParser } });
}
