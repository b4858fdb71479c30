import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import type { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin, { rules } from '../src/index.js';
import type { TangoRuleDocs } from '../src/util/create-rule.js';
import { documentedRuleIds, headings, readRuleDoc, ROOT, RULE_DOCS } from './docs/markdown.js';

interface RuleModule {
  name?: string;
  meta: {
    type?: string;
    docs: TangoRuleDocs & { url?: string };
    messages?: Record<string, string>;
    schema?: unknown;
    hasSuggestions?: boolean;
  };
}

const RULES_DIR = path.join(ROOT, 'src', 'rules');
const ruleFiles = fs
  .readdirSync(RULES_DIR)
  .filter((name) => name.endsWith('.ts') && name !== 'index.ts')
  .map((name) => name.slice(0, -'.ts'.length))
  .sort();
const ruleMap = rules as unknown as Record<string, RuleModule>;
const ruleIds = Object.keys(ruleMap).sort();

/** Section titles of Tango's security guide, which every rule's rationale points to. */
const GUIDE_SECTIONS = [
  'Authentication and authorization',
  'Authenticate and handle client credentials',
  'Account-level access control responsibilities',
  'Avoid browser-based API calls',
  'Credential security',
  'Protect platform keys',
  'Rotate API credentials',
  'DPoP security',
  'Handle DPoP keys and proofs securely',
  'Secure API requests',
  'Prevent injection-style payloads and malicious behavior',
  'Configure timeouts and incremental retries',
  'Transport security',
  'Use a complete certificate chain',
  'Advanced security controls',
  'Mutual TLS (mTLS)',
  'Enable mTLS for your platform',
  'Certificate requirements',
  'IP allowlist',
  'Proxy and middleware configuration',
  'Avoid non-standard XFF header formats',
];

/** Client and library names that are written in lower case even at the start of a sentence. */
const LOWER_CASE_NAMES = /^(?:axios|fetch|got|ky|superagent|undici|request|jose|jsonwebtoken|oauth4webapi|dpop)\b/;
const SENTENCE_START = /^(?:[A-Z0-9`'"(]|\{\{)/;

function severityOf(entry: Linter.RuleEntry | undefined): 'error' | 'warn' | 'off' {
  const level = Array.isArray(entry) ? entry[0] : entry;
  if (level === 2 || level === 'error') return 'error';
  if (level === 1 || level === 'warn') return 'warn';
  return 'off';
}

/** The tango rules a config turns on for a file, by id, as ESLint itself resolves them. */
async function resolvedTangoRules(config: Linter.Config, file = 'x.ts'): Promise<Record<string, 'error' | 'warn'>> {
  const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: [config] });
  const resolved = (await eslint.calculateConfigForFile(file)) as Linter.Config | undefined;
  const result: Record<string, 'error' | 'warn'> = {};
  for (const [name, entry] of Object.entries(resolved?.rules ?? {})) {
    const severity = severityOf(entry);
    if (name.startsWith('tango/') && severity !== 'off') result[name.slice('tango/'.length)] = severity;
  }
  return result;
}

/** The named options a rule's schema declares (properties of its object options). */
function optionNames(schema: unknown): string[] {
  const items = Array.isArray(schema) ? schema : schema && typeof schema === 'object' ? [schema] : [];
  return items.flatMap((item: { properties?: Record<string, unknown> }) => Object.keys(item?.properties ?? {}));
}

/** The text of a level-2 section, up to the next level-2 heading. */
function section(markdown: string, title: string): string | undefined {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((line) => line.trim() === `## ${title}`);
  if (start < 0) return undefined;
  const end = lines.findIndex((line, i) => i > start && /^## /.test(line));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

describe('rule map', () => {
  it('has rules', () => {
    expect(ruleFiles.length).toBeGreaterThan(0);
  });

  it('exports every rule file under its file name, and nothing else', () => {
    expect(ruleIds).toEqual(ruleFiles);
  });

  it('is the plugin’s rule map', () => {
    expect(Object.keys(plugin.rules ?? {}).sort()).toEqual(ruleIds);
  });

  it('has a rule for every doc page', () => {
    expect(documentedRuleIds().filter((id) => !ruleIds.includes(id))).toEqual([]);
  });
});

describe.each(ruleFiles)('rule %s', (id) => {
  const rule = ruleMap[id];
  const docPath = path.join(RULE_DOCS, `${id}.md`);
  const doc = fs.existsSync(docPath) ? readRuleDoc(id) : '';

  it('is registered', () => {
    expect(rule, `src/rules/index.ts does not export '${id}'`).toBeDefined();
  });

  it('is named after its file', () => {
    expect(rule?.name).toBe(id);
  });

  it('has a type and states whether it is recommended', () => {
    expect(['problem', 'suggestion', 'layout']).toContain(rule?.meta.type);
    expect(['error', 'warn', false]).toContain(rule?.meta.docs.recommended);
  });

  it('has a docs url pointing at its doc page', () => {
    expect(rule?.meta.docs.url).toMatch(new RegExp(`/docs/rules/${id}\\.md$`));
  });

  it('has a description starting with Enforce, Require or Disallow, without a trailing period', () => {
    const description = rule?.meta.docs.description ?? '';
    expect(description).toMatch(/^(?:Enforce|Require|Disallow) \S/);
    expect(description).not.toMatch(/[.\s]$/);
  });

  it('has messages that are full sentences', () => {
    const messages = Object.entries(rule?.meta.messages ?? {});
    expect(messages.length).toBeGreaterThan(0);
    for (const [messageId, message] of messages) {
      expect(message, `message '${messageId}'`).toMatch(/[.?!]$/);
      expect(SENTENCE_START.test(message) || LOWER_CASE_NAMES.test(message), `message '${messageId}' starts a sentence`).toBe(true);
    }
  });

  it('has a test file', () => {
    expect(fs.existsSync(path.join(ROOT, 'test', 'rules', `${id}.test.ts`)), `test/rules/${id}.test.ts`).toBe(true);
  });

  it('has a doc page', () => {
    expect(fs.existsSync(docPath), `docs/rules/${id}.md`).toBe(true);
  });

  it('has a doc page with the title, the generated header and the required sections', () => {
    expect(doc.split(/\r?\n/)[0]).toBe(`# tango/${id}`);
    expect(doc).toContain('<!-- end auto-generated rule header -->');
    const titles = headings(doc).map((h) => `${'#'.repeat(h.level)} ${h.text}`);
    expect(titles).toEqual(expect.arrayContaining(['## Examples', '### Incorrect', '### Correct', '## Options', '## When not to use it']));
    expect(titles.indexOf('### Incorrect')).toBeGreaterThan(titles.indexOf('## Examples'));
    expect(titles.indexOf('### Correct')).toBeGreaterThan(titles.indexOf('## Examples'));
  });

  it('documents each of its options', () => {
    const options = section(doc, 'Options') ?? '';
    const names = optionNames(rule?.meta.schema);
    if (names.length === 0) expect(options).toContain('This rule has no options.');
    for (const name of names) expect(options, `option \`${name}\``).toContain(`\`${name}\``);
  });

  it('names the guide section its rationale paraphrases', () => {
    const rationale = (doc.split('<!-- end auto-generated rule header -->')[1]?.split(/^## /m)[0] ?? '').toLowerCase();
    expect(GUIDE_SECTIONS.some((title) => rationale.includes(title.toLowerCase())), 'a section title of the Tango security guide').toBe(true);
  });
});

describe('configs', () => {
  const recommended = Object.fromEntries(
    ruleIds.flatMap((id) => {
      const severity = ruleMap[id]?.meta.docs.recommended;
      return severity ? [[id, severity]] : [];
    }),
  );

  it('are exactly recommended, strict and all', () => {
    expect(Object.keys(plugin.configs).sort()).toEqual(['all', 'recommended', 'strict']);
  });

  it('recommended enables exactly the recommended rules, at their severity', async () => {
    expect(await resolvedTangoRules(plugin.configs.recommended)).toEqual(recommended);
  });

  it('strict enables every recommended rule and every strict rule, at error', async () => {
    const strict = await resolvedTangoRules(plugin.configs.strict);
    const expected = ruleIds.filter((id) => ruleMap[id]?.meta.docs.recommended || ruleMap[id]?.meta.docs.strict);
    expect(Object.keys(strict).sort()).toEqual(expected);
    expect(new Set(Object.values(strict))).toEqual(new Set(expected.length > 0 ? ['error'] : []));
  });

  it('all enables every rule at error', async () => {
    expect(await resolvedTangoRules(plugin.configs.all)).toEqual(Object.fromEntries(ruleIds.map((id) => [id, 'error'])));
  });

  it.each(['x.js', 'x.cjs', 'x.mjs', 'x.jsx', 'x.cts', 'x.mts', 'x.tsx', 'src/deep/x.ts'])('apply to %s', async (file) => {
    expect(await resolvedTangoRules(plugin.configs.recommended, file)).toEqual(recommended);
  });

  it('do not apply to files that are not JavaScript or TypeScript', async () => {
    const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: [plugin.configs.all] });
    expect(await eslint.calculateConfigForFile('x.md')).toBeUndefined();
  });
});

describe('plugin meta', () => {
  it('has the name and version of package.json', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
    expect(plugin.meta).toEqual({ name: pkg.name, version: pkg.version });
  });
});
