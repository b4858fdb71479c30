import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const RULE_DOCS = path.join(ROOT, 'docs', 'rules');

export type ExampleKind = 'incorrect' | 'correct';

/** A fenced code block under a rule doc's `### Incorrect` or `### Correct` heading. */
export interface Example {
  readonly kind: ExampleKind;
  /** The file name the block is linted as; its extension follows the fence's language. */
  readonly filename: string;
  readonly code: string;
  /** The 1-based line of the opening fence, for test names. */
  readonly line: number;
}

const EXTENSIONS: Readonly<Record<string, string>> = {
  ts: 'ts',
  typescript: 'ts',
  tsx: 'tsx',
  mts: 'mts',
  cts: 'cts',
  js: 'js',
  javascript: 'js',
  jsx: 'jsx',
  mjs: 'mjs',
  cjs: 'cjs',
};

const HEADING = /^(#{1,6})[ \t]+(.*?)[ \t]*$/;
const FENCE = /^[ \t]{0,3}(`{3,}|~{3,})[ \t]*([^\s`]*)/;

/** The rule ids that have a doc page, from `docs/rules/<id>.md`. */
export function documentedRuleIds(): string[] {
  if (!fs.existsSync(RULE_DOCS)) return [];
  return fs
    .readdirSync(RULE_DOCS)
    .filter((name) => name.endsWith('.md'))
    .map((name) => name.slice(0, -'.md'.length))
    .sort();
}

/** The text of a rule's doc page. */
export function readRuleDoc(id: string): string {
  return fs.readFileSync(path.join(RULE_DOCS, `${id}.md`), 'utf8');
}

/** Level-2 and level-3 headings of a markdown text, outside code blocks. */
export function headings(markdown: string): { level: number; text: string }[] {
  const found: { level: number; text: string }[] = [];
  let fence: string | undefined;
  for (const line of markdown.split(/\r?\n/)) {
    const opener = FENCE.exec(line);
    if (fence) {
      if (opener?.[1] && opener[1][0] === fence[0] && opener[1].length >= fence.length && !opener[2]) fence = undefined;
      continue;
    }
    if (opener?.[1]) {
      fence = opener[1];
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading?.[1] && heading[2] !== undefined) found.push({ level: heading[1].length, text: heading[2] });
  }
  return found;
}

/**
 * Every JavaScript or TypeScript block under `### Incorrect` and `### Correct`. A section runs
 * until the next heading of level 3 or higher; blocks in other languages are skipped.
 */
export function extractExamples(markdown: string): Example[] {
  const examples: Example[] = [];
  const lines = markdown.split(/\r?\n/);
  let kind: ExampleKind | undefined;
  let open: { fence: string; extension: string | undefined; line: number; body: string[] } | undefined;
  lines.forEach((line, index) => {
    const opener = FENCE.exec(line);
    if (open) {
      const closes = opener?.[1] && opener[1][0] === open.fence[0] && opener[1].length >= open.fence.length && !opener[2];
      if (!closes) {
        open.body.push(line);
        return;
      }
      if (kind && open.extension) {
        examples.push({ kind, filename: `example.${open.extension}`, code: `${open.body.join('\n')}\n`, line: open.line });
      }
      open = undefined;
      return;
    }
    if (opener?.[1]) {
      open = { fence: opener[1], extension: EXTENSIONS[(opener[2] ?? '').toLowerCase()], line: index + 1, body: [] };
      return;
    }
    const heading = HEADING.exec(line);
    if (heading?.[1] && heading[2] !== undefined && heading[1].length <= 3) {
      const title = heading[2].toLowerCase();
      kind = heading[1].length === 3 && (title === 'incorrect' || title === 'correct') ? title : undefined;
    }
  });
  return examples;
}
