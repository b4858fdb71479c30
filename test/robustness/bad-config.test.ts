import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, removeTemporaryFolders, tangoLint, writeFile } from '../cli/helpers.js';

/**
 * Bad configuration of every kind, through tango-lint: each gives exit code 2 and one line that
 * names the key and says what is expected, never a stack trace. (test/cli/cli.test.ts covers a
 * rule option of the wrong type and an invalid `dpop` / `mtls` value; these are the rest.)
 */
const CASES: [string, string, RegExp][] = [
  [
    'an unknown settings.tango key',
    "{ settings: { tango: { hosst: ['api.example.com'] } } }",
    /^Invalid settings in .*bad\.config\.js: settings\.tango has an unknown key "hosst"; expected one of hosts, browserFiles, serverFiles, testFiles, authorizers, dpop, mtls\.$/,
  ],
  [
    'a settings.tango list given as a string',
    "{ settings: { tango: { hosts: 'api.example.com' } } }",
    /^Invalid settings in .*: settings\.tango\.hosts must be an array of strings, got "api\.example\.com"\.$/,
  ],
  [
    'a host given as a URL',
    "{ settings: { tango: { hosts: ['https://api.example.com/raas'] } } }",
    /^Invalid settings in .*: settings\.tango\.hosts must list bare host names such as "api\.example\.com", got "https:\/\/api\.example\.com\/raas"\.$/,
  ],
  [
    'a glob with an unclosed bracket',
    "{ settings: { tango: { browserFiles: ['src/[client/**'] } } }",
    /^Invalid settings in .*: settings\.tango\.browserFiles contains an invalid glob "src\/\[client\/\*\*" \(missing closing: "\]"\); give a pattern such as "src\/client\/\*\*"\.$/,
  ],
  [
    'an empty glob',
    "{ settings: { tango: { testFiles: [' '] } } }",
    /^Invalid settings in .*: settings\.tango\.testFiles contains an empty glob; remove it or give a pattern such as "src\/client\/\*\*"\.$/,
  ],
  ['settings.tango that is not an object', "{ settings: { tango: 'yes' } }", /^Invalid settings in .*: settings\.tango must be an object, got "yes"\.$/],
  [
    'an unknown rule option',
    "{ rules: { 'tango/require-request-timeout': ['error', { minimum: 15000 }] } }",
    /^Cannot use the ESLint config .*bad\.config\.js: Key "rules": Key "tango\/require-request-timeout": Value \{"minimum":15000\} should NOT have additional properties\. Unexpected property "minimum"\. Expected properties: "minimumMs"\.$/,
  ],
  [
    'a rule option out of range',
    "{ rules: { 'tango/require-request-timeout': ['error', { minimumMs: 0 }] } }",
    /^Cannot use the ESLint config .*: Key "rules": Key "tango\/require-request-timeout": Value 0 should be >= 1\.$/,
  ],
  [
    'a rule that does not exist',
    "{ rules: { 'tango/no-such-rule': 'error' } }",
    /^Cannot use the ESLint config .*: Key "rules": Key "tango\/no-such-rule": Could not find "no-such-rule" in plugin "tango"\.$/,
  ],
];

describe('tango-lint with a bad configuration', () => {
  let project: string;
  beforeAll(() => {
    project = copyFixture('cli-project');
  });
  afterAll(removeTemporaryFolders);

  it.each(CASES)('reports %s in one line naming the key, exit code 2', { timeout: 120_000 }, async (_, config, expected) => {
    writeFile(path.join(project, 'bad.config.js'), `import tango from 'eslint-plugin-tango';\nexport default [tango.configs.recommended, ${config}];\n`);
    const { code, stdout, stderr } = await tangoLint(['--config', 'bad.config.js', 'src'], project);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).not.toMatch(/\n\s+at |internal error/);
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^tango-lint: /);
    expect(lines[0]?.slice('tango-lint: '.length)).toMatch(expected);
  });
});
