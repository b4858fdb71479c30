import fs from 'node:fs';
import path from 'node:path';
import type { Rule } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { ROOT } from '../docs/markdown.js';

// Editors show a rule's `meta.docs.url` as a link beside each finding (VS Code: "Open the
// documentation"). The link must open this repository's page for that very rule.

const rules = Object.entries(plugin.rules as Record<string, Rule.RuleModule>);
const packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { repository: { url: string }; homepage: string };
const repository = packageJson.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

describe("every rule's docs link", () => {
  it('is checked for every rule', () => {
    expect(rules.length).toBeGreaterThan(10);
  });

  it.each(rules)('%s: opens its page in docs/rules of the repository package.json names', (id, rule) => {
    const url = rule.meta?.docs?.url ?? '';
    expect(url).toBe(`${repository}/blob/main/docs/rules/${id}.md`);
    expect(packageJson.homepage.startsWith(repository)).toBe(true);
    const page = path.join(ROOT, new URL(url).pathname.split('/blob/main/')[1] ?? '');
    expect(fs.existsSync(page), page).toBe(true);
    expect(fs.readFileSync(page, 'utf8').split('\n', 1)[0]).toBe(`# tango/${id}`);
  });
});
