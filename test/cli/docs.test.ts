import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, readSettings } from '../../src/analyzer/settings.js';
import { HELP, parseCliArgs } from '../../src/cli/args.js';
import { readBaseline } from '../../src/cli/baseline.js';
import { ROOT } from './helpers.js';

const DOCS = ['README.md', 'docs/cli.md', 'docs/ci.md', 'docs/pre-commit.md', 'docs/settings.md'];

function read(file: string): string {
  return fs.readFileSync(path.join(ROOT, file), 'utf8');
}

/** The fenced code blocks of a Markdown file, with their language. */
function codeBlocks(markdown: string): { lang: string; code: string }[] {
  return [...markdown.matchAll(/^```(\w*)\n([^]*?)^```$/gm)].map(([, lang = '', code = '']) => ({ lang, code }));
}

/** Splits a shell command's arguments, honouring double quotes (enough for the docs). */
function shellWords(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|(\S+)/g)].map(([, quoted, bare]) => quoted ?? bare ?? '');
}

/** Every tango-lint command line in the docs' code blocks, with CI placeholders filled in. */
function tangoLintCommands(): { file: string; args: string[] }[] {
  const commands: { file: string; args: string[] }[] = [];
  for (const file of DOCS) {
    for (const { code } of codeBlocks(read(file))) {
      for (const line of code.split('\n')) {
        const match = /(?:^|\s)(?:npx (?:--no -- )?|exec npx --no -- )?tango-lint((?: +[^\s>|#]+)*)\s*(?:>.*)?$/.exec(line.replace(/\$\{\{ matrix\.shard \}\}/g, '1'));
        if (!match || /tango-lint:|id: tango-lint|name: tango-lint|\[options\]|"tango-lint"/.test(line)) continue;
        const args = shellWords((match[1] ?? '').replace(/\$CI_NODE_INDEX/g, '1').replace(/\$CI_NODE_TOTAL/g, '3'));
        commands.push({ file, args });
      }
    }
  }
  return commands;
}

describe('the tango-lint commands in the docs', () => {
  const commands = tangoLintCommands();

  it('are found in every doc that shows how to run tango-lint', () => {
    expect(new Set(commands.map((c) => c.file))).toEqual(new Set(['README.md', 'docs/ci.md', 'docs/pre-commit.md']));
    expect(commands.length).toBeGreaterThan(10);
  });

  it.each(commands.map((c) => [c.file, c.args.join(' '), c.args] as const))('%s: `tango-lint %s` is a valid command line', (_file, _line, args) => {
    expect(() => parseCliArgs(args)).not.toThrow();
  });

  it('document every option of --help in the README and docs/cli.md', () => {
    const options = [...HELP.matchAll(/--[a-z-]+/g)].map(([option]) => option);
    expect(options).toEqual(expect.arrayContaining(['--baseline', '--write-baseline', '--shard']));
    for (const file of ['README.md', 'docs/cli.md']) {
      for (const option of options) expect(read(file), `${file} documents ${option}`).toContain(option);
    }
  });
});

describe('the names the docs use', () => {
  const docs = DOCS.map((file) => ({ file, text: read(file) }));

  it('are tango-lint options, or flags of the other tools they show (npx, git, pre-commit, ESLint, apk)', () => {
    const ours = new Set([...HELP.matchAll(/--[a-z-]+/g)].map(([option]) => option));
    const others = new Set(['--no', '--save-dev', '--no-verify', '--all-files', '--fix', '--no-cache']);
    for (const { file, text } of docs) {
      for (const [, flag = ''] of text.matchAll(/(?:^|[^\w-])(--[a-z][a-z-]*)/g)) {
        expect(ours.has(flag) || others.has(flag), `${file} names ${flag}`).toBe(true);
      }
    }
  });

  it('are keys of settings.tango, wherever settings.tango.<key> is written, rule docs included', () => {
    const ruleDocs = fs.readdirSync(path.join(ROOT, 'docs/rules')).map((name) => ({ file: `docs/rules/${name}`, text: read(`docs/rules/${name}`) }));
    let named = 0;
    for (const { file, text } of [...docs, ...ruleDocs]) {
      for (const [, key = ''] of text.matchAll(/settings\.tango\.(\w+)/g)) {
        expect(Object.keys(DEFAULT_SETTINGS), `${file} names settings.tango.${key}`).toContain(key);
        named++;
      }
    }
    expect(named).toBeGreaterThan(5);
  });

  it('include every key of settings.tango in the README, which points to docs/settings.md', () => {
    const readme = read('README.md');
    for (const key of Object.keys(DEFAULT_SETTINGS)) expect(readme, key).toContain(`\`${key}\``);
    expect(readme).toContain('(docs/settings.md)');
  });

  it('are environment variables tango-lint reads', () => {
    const sources = fs.readdirSync(path.join(ROOT, 'src/cli')).map((name) => read(`src/cli/${name}`)).join('\n');
    const variables = new Set(docs.flatMap(({ text }) => [...text.matchAll(/`([A-Z][A-Z0-9_]*[A-Z0-9])(?:=[^`]*)?`/g)].map(([, name = '']) => name)));
    variables.delete('FILE');
    expect([...variables].sort()).toEqual(['CI', 'TANGO_LINT_DEBUG', 'TERM']);
    for (const name of variables) expect(sources, name).toMatch(new RegExp(`env(?:\\.${name}\\b|\\[['"]${name}['"]\\])`));
  });
});

describe('docs/cli.md', () => {
  it('shows a baseline file that tango-lint reads', () => {
    const [block] = codeBlocks(read('docs/cli.md')).filter((b) => b.lang === 'json');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tango-docs-'));
    try {
      const file = path.join(dir, 'baseline.json');
      fs.writeFileSync(file, block?.code ?? '');
      expect([...readBaseline(file, 'baseline.json').values()]).toEqual([1]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('docs/ci.md', () => {
  const blocks = codeBlocks(read('docs/ci.md')).filter((b) => b.lang === 'yaml');
  const documents = blocks.map((b) => yaml.load(b.code) as Record<string, unknown>);

  it('has YAML that parses', () => {
    expect(documents.length).toBe(4);
    for (const document of documents) expect(document).toBeTypeOf('object');
  });

  it('has GitHub workflows that upload the SARIF file tango-lint writes, with the permission to', () => {
    interface Step {
      uses?: string;
      run?: string;
      with?: Record<string, string>;
    }
    const workflows = documents.filter((d) => 'jobs' in d) as { jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }> }[];
    expect(workflows).toHaveLength(2);
    for (const workflow of workflows) {
      const runs = Object.values(workflow.jobs).flatMap((job) => job.steps.map((step) => step.run ?? '')).join('\n');
      const uploads = Object.values(workflow.jobs).filter((job) => job.steps.some((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@')));
      expect(uploads).toHaveLength(1);
      expect(uploads[0]?.permissions?.['security-events']).toBe('write');
      const sarifFile = uploads[0]?.steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'))?.with?.sarif_file ?? '';
      expect(runs).toMatch(new RegExp(`(?:--output-file |> )${sarifFile.replace('.', '\\.')}\\b`));
      expect(runs).toContain('--format sarif');
    }
  });

  it('has GitLab jobs whose Code Quality report is the file tango-lint (or the merge) writes', () => {
    const pipelines = documents.filter((d) => !('jobs' in d));
    expect(pipelines).toHaveLength(2);
    for (const pipeline of pipelines) {
      const jobs = Object.values(pipeline) as { script: string[]; artifacts?: { reports?: { codequality?: string } } }[];
      const script = jobs.flatMap((job) => job.script).join('\n');
      const report = jobs.map((job) => job.artifacts?.reports?.codequality).find(Boolean) ?? '';
      expect(report).toBe('gl-code-quality.json');
      expect(script).toContain('--format gitlab');
      expect(script).toMatch(/(?:--output-file |> )gl-code-quality\.json|jq -s .* > gl-code-quality\.json/);
    }
  });
});

describe('docs/pre-commit.md', () => {
  const blocks = codeBlocks(read('docs/pre-commit.md'));

  it('has YAML and JSON that parse, and a framework config naming the hook of .pre-commit-hooks.yaml', () => {
    const configs = blocks.filter((b) => b.lang === 'yaml').map((b) => yaml.load(b.code) as { repos: { hooks: { id: string; entry?: string; files?: string }[] }[] });
    expect(configs).toHaveLength(2);
    const [ours] = yaml.load(read('.pre-commit-hooks.yaml')) as { id: string; entry: string; language: string; files: string }[];
    for (const config of configs) expect(config.repos[0]?.hooks[0]?.id).toBe(ours?.id);
    expect(configs[1]?.repos[0]?.hooks[0]).toMatchObject({ entry: ours?.entry, language: ours?.language, files: ours?.files });
    for (const block of blocks.filter((b) => b.lang === 'json')) expect(() => JSON.parse(block.code)).not.toThrow();
  });
});

describe('docs/settings.md', () => {
  const doc = read('docs/settings.md');
  const sections = new Map([...doc.matchAll(/^## `(\w+)`\n([^]*?)(?=^## |(?![^]))/gm)].map(([, key = '', body = '']) => [key, body]));
  const ruleIds = fs.readdirSync(path.join(ROOT, 'src/rules')).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.slice(0, -3));

  it('quotes the message an invalid setting gives, word for word', () => {
    const quoted = /^`(settings\.tango\.dpop must [^`]+)`/m.exec(doc)?.[1];
    expect(() => readSettings({ dpop: 'sometimes' })).toThrow(quoted);
    expect(() => readSettings({ dpop: 'sometimes' })).toThrow(/^settings\.tango\.dpop must/);
    expect(() => readSettings({ host: [] })).toThrow(/unknown key "host"/);
  });

  it('has one section per key of settings.tango, in order', () => {
    expect([...sections.keys()]).toEqual(Object.keys(DEFAULT_SETTINGS));
  });

  it.each(Object.entries(DEFAULT_SETTINGS))('documents `%s` with its type, its default and the rules that read it', (key, value) => {
    const body = sections.get(key) ?? '';
    expect(body).toMatch(/^- \*\*Type:\*\* `/m);
    const shown = /^- \*\*Default:\*\* `([^`]+)`$/m.exec(body)?.[1];
    expect(shown === undefined ? undefined : JSON.parse(shown)).toEqual(value);
    const readBy = /^- \*\*Read by:\*\* (.+)$/m.exec(body)?.[1] ?? '';
    const linked = [...readBy.matchAll(/\[`([\w-]+)`\]\(rules\/([\w-]+)\.md\)/g)];
    expect(linked.length).toBeGreaterThan(0);
    for (const [, id, page] of linked) {
      expect(id).toBe(page);
      expect(ruleIds).toContain(id);
      expect(fs.existsSync(path.join(ROOT, 'docs/rules', `${page}.md`))).toBe(true);
    }
    // And a paragraph on what it changes.
    expect(body.split('\n').filter((line) => line && !line.startsWith('- ')).join(' ').length).toBeGreaterThan(100);
  });
});
