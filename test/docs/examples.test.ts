import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import plugin, { rules, SOURCE_FILES } from '../../src/index.js';
import { documentedRuleIds, extractExamples, readRuleDoc } from './markdown.js';

const linter = new Linter({ configType: 'flat' });

/** Lints one example with only `ruleId` enabled, at error. */
function lint(ruleId: string, code: string, filename: string): Linter.LintMessage[] {
  return linter.verify(
    code,
    [
      {
        files: SOURCE_FILES,
        plugins: { tango: plugin },
        languageOptions: { parser: tsParser as Linter.Parser },
        rules: { [`tango/${ruleId}`]: 'error' },
      },
    ],
    { filename },
  );
}

function describeMessages(messages: readonly Linter.LintMessage[]): string {
  return messages.map((m) => `${m.line}:${m.column} ${m.ruleId ?? 'fatal'}: ${m.message}`).join('\n');
}

describe.each(documentedRuleIds())('docs/rules/%s.md examples', (id) => {
  const examples = extractExamples(readRuleDoc(id));

  it('documents an existing rule', () => {
    expect(Object.keys(rules)).toContain(id);
  });

  it('has at least one incorrect and one correct example', () => {
    expect(examples.filter((e) => e.kind === 'incorrect').length).toBeGreaterThan(0);
    expect(examples.filter((e) => e.kind === 'correct').length).toBeGreaterThan(0);
  });

  const incorrect = examples.filter((e) => e.kind === 'incorrect');
  const correct = examples.filter((e) => e.kind === 'correct');

  it.each(incorrect)('incorrect example at line $line is reported', ({ code, filename }) => {
    const messages = lint(id, code, filename);
    const fatal = messages.filter((m) => m.fatal);
    expect(fatal, describeMessages(fatal)).toEqual([]);
    expect(messages.filter((m) => m.ruleId === `tango/${id}`).length, 'expected the rule to report this example').toBeGreaterThan(0);
  });

  it.each(correct)('correct example at line $line is silent', ({ code, filename }) => {
    const messages = lint(id, code, filename);
    expect(messages, describeMessages(messages)).toEqual([]);
  });
});
