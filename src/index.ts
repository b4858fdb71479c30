import { createRequire } from 'node:module';
import type { ESLint, Linter, Rule } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { rules } from './rules/index.js';
import type { TangoRuleDocs } from './util/create-rule.js';

const { name, version } = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

export type RuleId = keyof typeof rules;
export type ConfigName = 'recommended' | 'strict' | 'all';

/** The files every config applies to: JavaScript and TypeScript in all module flavours. */
export const SOURCE_FILES = ['**/*.{js,cjs,mjs,jsx,ts,cts,mts,tsx}'];

type Severity = 'error' | 'warn';

function severityIn(config: ConfigName, docs: TangoRuleDocs): Severity | undefined {
  switch (config) {
    case 'recommended':
      return docs.recommended || undefined;
    case 'strict':
      return docs.recommended || docs.strict ? 'error' : undefined;
    case 'all':
      return 'error';
  }
}

function buildConfig(config: ConfigName): Linter.Config {
  const entries = Object.entries(rules).flatMap(([id, rule]) => {
    const severity = severityIn(config, rule.meta.docs as TangoRuleDocs);
    return severity ? [[`tango/${id}`, severity] as const] : [];
  });
  return {
    name: `tango/${config}`,
    files: SOURCE_FILES,
    plugins: { tango: plugin },
    languageOptions: { parser: tsParser as Linter.Parser },
    rules: Object.fromEntries(entries),
  };
}

const plugin: ESLint.Plugin & { configs: Record<ConfigName, Linter.Config> } = {
  meta: { name, version },
  rules: rules as unknown as Record<string, Rule.RuleModule>,
  configs: {} as Record<ConfigName, Linter.Config>,
};

// The configs refer to the plugin object itself, so they are added once it exists.
for (const config of ['recommended', 'strict', 'all'] as const) plugin.configs[config] = buildConfig(config);

// Named exports too: `require('eslint-plugin-tango')` (Node's require of ESM, as eslint-doc-generator
// does) returns the module namespace, which must itself look like the plugin.
export const { meta, configs } = plugin;
export { rules };
export default plugin;
