import path from 'node:path';
import { ESLint } from 'eslint';
import type { Linter, Rule } from 'eslint';
import { describe, expect, it, vi } from 'vitest';
import plugin from '../../src/index.js';
import { documentedRuleIds, extractExamples, readRuleDoc, ROOT } from '../docs/markdown.js';

// What an editor does with a finding: show the rule's docs link, offer its suggestions as quick
// fixes, and lint the buffer again once one is applied.
vi.setConfig({ testTimeout: 60_000 });

const rules = plugin.rules as Record<string, Rule.RuleModule>;

/** The rewrites DESIGN.md names as safe: each rule must offer it as a quick fix. */
const SAFE_REWRITES = ['dpop-authorization-scheme', 'dpop-htu-without-query', 'dpop-fresh-jti', 'require-request-timeout', 'no-disabled-tls-verification'];

const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: [plugin.configs.all as Linter.Config] });

async function findings(code: string, filePath: string, ruleId: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === `tango/${ruleId}`);
}

function applied(code: string, fix: Rule.Fix): string {
  return code.slice(0, fix.range[0]) + fix.text + code.slice(fix.range[1]);
}

describe('quick fixes', () => {
  it('are offered by every rule with a safe rewrite', () => {
    for (const id of SAFE_REWRITES) expect(rules[id]?.meta?.hasSuggestions, id).toBe(true);
  });

  const withSuggestions = documentedRuleIds().filter((id) => rules[id]?.meta?.hasSuggestions);

  describe.each(withSuggestions)('of %s, on the incorrect examples of its docs', (id) => {
    const examples = extractExamples(readRuleDoc(id)).filter((e) => e.kind === 'incorrect');
    // Each example as its own file and as a JavaScript file: some rewrites are offered only in
    // JavaScript (reading `process.env` instead of a literal would change a TypeScript type).
    const files = examples.flatMap((e) => [
      { code: e.code, filePath: path.join(ROOT, e.filename), line: e.line },
      { code: e.code, filePath: path.join(ROOT, 'example.js'), line: e.line },
    ]);

    it('are offered on at least one finding, each with a description', async () => {
      let offered = 0;
      for (const file of files) {
        for (const message of await findings(file.code, file.filePath, id)) {
          for (const suggestion of message.suggestions ?? []) {
            expect(suggestion.desc).toMatch(/^[A-Z`].*\S$/);
            offered++;
          }
        }
      }
      expect(offered).toBeGreaterThan(0);
    });

    it('each remove the finding they are offered for, and parse', async () => {
      for (const { code, filePath, line } of files) {
        const before = await findings(code, filePath, id);
        for (const message of before) {
          for (const suggestion of message.suggestions ?? []) {
            const fixed = applied(code, suggestion.fix);
            const [result] = await eslint.lintText(fixed, { filePath });
            const where = `${id}, example at line ${line} as ${path.basename(filePath)}, "${suggestion.desc}"`;
            expect(result?.messages.filter((m) => m.fatal), where).toEqual([]);
            const after = (result?.messages ?? []).filter((m) => m.ruleId === `tango/${id}`);
            // The finding is gone: fewer findings than before, and none where it was.
            expect(after.length, `${where}\n${fixed}`).toBeLessThan(before.length);
            expect(after.some((m) => m.messageId === message.messageId && m.line === message.line && m.column === message.column), `${where}\n${fixed}`).toBe(false);
          }
        }
      }
    });
  });
});
