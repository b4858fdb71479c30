import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Linter, Rule } from 'eslint';
import type * as Sarif from 'sarif';
import plugin from '../index.js';
import type { TangoRuleDocs } from '../util/create-rule.js';
import { REPOSITORY_URL } from '../util/create-rule.js';
import type { LintReport } from './report.js';
import { ESLINT_RULE, FINGERPRINT_KEY, PARSE_ERROR_RULE, relativePath, ruleIdOf } from './report.js';

export { FINGERPRINT_KEY } from './report.js';

const SRCROOT = '%SRCROOT%';
const HEADER_END = '<!-- end auto-generated rule header -->';
const DOCS_DIR = new URL('../../docs/rules/', import.meta.url);
const VERSION = plugin.meta?.version ?? '0.0.0';

/**
 * The report as a SARIF 2.1.0 log: one run whose driver lists every rule of the plugin. A file
 * that cannot be parsed becomes an error result of the pseudo-rule `tango/parse-error`, so code
 * scanning shows it where the file is; ESLint's own messages use the pseudo-rule `eslint`.
 */
export function sarifLog(report: LintReport): Sarif.Log {
  const rules = ruleDescriptors(report);
  const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));
  const results: Sarif.Result[] = [];
  for (const file of report.results) {
    const artifactLocation = artifactLocationOf(report.cwd, file.filePath);
    const text = report.textOf(file.filePath);
    // ESLint's offsets skip a byte order mark; SARIF's count from the start of the file.
    const offsetShift = text?.startsWith('\uFEFF') ? 1 : 0;
    for (const message of file.messages) {
      const ruleId = ruleIdOf(message);
      const fixes = fixesOf(message, artifactLocation, offsetShift);
      results.push({
        ruleId,
        ruleIndex: ruleIndex.get(ruleId) ?? -1,
        level: message.severity === 2 ? 'error' : 'warning',
        message: { text: message.message },
        locations: [{ physicalLocation: { artifactLocation, ...regionOf(message) } }],
        partialFingerprints: { [FINGERPRINT_KEY]: report.fingerprintOf(message) },
        ...(fixes.length > 0 ? { fixes } : {}),
      });
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'tango-lint',
            version: VERSION,
            semanticVersion: VERSION,
            informationUri: REPOSITORY_URL,
            rules,
          },
        },
        invocations: [{ executionSuccessful: true }],
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(report.cwd + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        results: byArtifact(results),
      },
    ],
  };
}

/**
 * Every plugin rule, plus the other rules the results name, ordered by id. The order depends
 * only on which rules appear, so the logs of `--shard` runs merge by id into the log of one run.
 */
function ruleDescriptors(report: LintReport): Sarif.ReportingDescriptor[] {
  const descriptors = pluginRuleDescriptors();
  const known = new Set(descriptors.map((rule) => rule.id));
  for (const file of report.results) {
    for (const message of file.messages) {
      const id = ruleIdOf(message);
      if (known.has(id)) continue;
      known.add(id);
      descriptors.push(extraRuleDescriptor(id, report.rulesMeta[id]));
    }
  }
  return descriptors.sort((a, b) => compare(a.id, b.id));
}

/** Results grouped by file in the order of their URIs, each file's results in ESLint's order. */
function byArtifact(results: Sarif.Result[]): Sarif.Result[] {
  const uriOf = (result: Sarif.Result): string => result.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '';
  // Array.prototype.sort is stable, so results of one file keep their order.
  return results.sort((a, b) => compare(uriOf(a), uriOf(b)));
}

/** Code-unit order, as `jq`'s `sort_by` and `unique_by` use for these ASCII strings. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The plugin's rule descriptors, built once per process: they read every rule's docs page. */
let pluginDescriptors: Sarif.ReportingDescriptor[] | undefined;

function pluginRuleDescriptors(): Sarif.ReportingDescriptor[] {
  pluginDescriptors ??= Object.entries(plugin.rules ?? {}).map(([id, rule]) => {
    const meta = (rule as Rule.RuleModule).meta ?? {};
    const docs = meta.docs as (TangoRuleDocs & { url?: string }) | undefined;
    const description = docs?.description ?? id;
    const url = docs?.url ?? `${REPOSITORY_URL}#readme`;
    const found = docsPage(id);
    const page = found && withAbsoluteLinks(found, url);
    const rationale = page && firstParagraph(page);
    return {
      id: `tango/${id}`,
      name: id.replace(/(?:^|-)([a-z0-9])/g, (_, c: string) => c.toUpperCase()),
      shortDescription: { text: `${description}.` },
      fullDescription: rationale ? { text: plain(rationale), markdown: rationale } : { text: `${description}.` },
      helpUri: url,
      help: page
        ? { text: `${plain(page)}\n\nDocumentation: ${url}`, markdown: `${page}\n\nSee [the rule's documentation](${url}).` }
        : { text: `${description}. Documentation: ${url}`, markdown: `${description}. See [the rule's documentation](${url}).` },
      defaultConfiguration: docs?.recommended ? { level: docs.recommended === 'warn' ? 'warning' : 'error' } : { level: 'warning', enabled: false },
      properties: { tags: ['security', ...(meta.type ? [meta.type] : [])] },
    };
  });
  return [...pluginDescriptors];
}

/**
 * A descriptor for a rule outside the plugin: the pseudo-rules, or a project config's own rules.
 * Code scanning wants a full description and help for every rule, so each gets them.
 */
function extraRuleDescriptor(id: string, meta: Rule.RuleMetaData | undefined): Sarif.ReportingDescriptor {
  if (id === PARSE_ERROR_RULE) {
    return {
      ...described(id, 'The file could not be parsed, so no rule could check it.', 'tango-lint could not parse this file as JavaScript or TypeScript, so no rule checked it. Fix the syntax error the message names; a file that is not source code can be ignored in .gitignore or the ESLint config.'),
      defaultConfiguration: { level: 'error' },
    };
  }
  if (id === ESLINT_RULE) {
    return described(id, "ESLint's own messages, such as an eslint-disable comment that disables nothing.", 'A message from ESLint itself rather than from a rule, such as an eslint-disable comment that disables nothing. Do what the message says, for example remove the unused directive.');
  }
  const description = meta?.docs?.description?.replace(/\.$/, '');
  const url = meta?.docs?.url;
  const summary = description ? `${description}.` : `The rule ${id} of the project's ESLint config.`;
  return described(id, summary, summary, url);
}

/** A descriptor with the descriptions and help code scanning asks of every rule. */
function described(id: string, summary: string, help: string, url?: string): Sarif.ReportingDescriptor {
  return {
    id,
    shortDescription: { text: summary },
    fullDescription: { text: help },
    ...(url ? { helpUri: url } : {}),
    help: url ? { text: `${help} Documentation: ${url}`, markdown: `${help} See [the rule's documentation](${url}).` } : { text: help, markdown: help },
  };
}

function artifactLocationOf(cwd: string, filePath: string): Sarif.ArtifactLocation {
  const relative = relativePath(cwd, filePath);
  if (path.isAbsolute(relative)) return { uri: pathToFileURL(filePath).href };
  return { uri: relative.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function regionOf(message: Linter.LintMessage): { region?: Sarif.Region } {
  if (!(message.line >= 1)) return {};
  const region: Sarif.Region = { startLine: message.line, startColumn: Math.max(message.column, 1) };
  if (message.endLine !== undefined && message.endLine >= 1) {
    region.endLine = message.endLine;
    if (message.endColumn !== undefined) region.endColumn = Math.max(message.endColumn, 1);
  }
  return { region };
}

/** ESLint's fix and suggestions as SARIF fixes: each replaces one character range. */
function fixesOf(message: Linter.LintMessage, artifactLocation: Sarif.ArtifactLocation, shift: number): Sarif.Fix[] {
  const edits = [
    ...(message.fix ? [{ desc: 'Apply the automatic fix.', fix: message.fix }] : []),
    ...(message.suggestions ?? []).map((s) => ({ desc: s.desc, fix: s.fix })),
  ];
  return edits.map(({ desc, fix }) => ({
    description: { text: desc },
    artifactChanges: [
      {
        artifactLocation,
        replacements: [
          {
            deletedRegion: { charOffset: fix.range[0] + shift, charLength: fix.range[1] - fix.range[0] },
            insertedContent: { text: fix.text },
          },
        ],
      },
    ],
  }));
}

/** A rule's docs page after the generated header (rationale, examples, options), or undefined. */
function docsPage(id: string): string | undefined {
  let page: string;
  try {
    page = fs.readFileSync(new URL(`${id}.md`, DOCS_DIR), 'utf8');
  } catch {
    return undefined;
  }
  const body = page.split(HEADER_END)[1]?.trim();
  return body || undefined;
}

/** The first prose paragraph of a docs page. */
function firstParagraph(body: string): string | undefined {
  const paragraph = body
    .split(/\n[ \t\r]*\n/)
    .map((p) => p.trim())
    .find((p) => p !== '' && !/^(?:[#*>|-]|<!--|```)/.test(p));
  return paragraph
    ?.split('\n')
    .map((line) => line.trim())
    .join(' ');
}

/** Relative links of a docs page made absolute, since code scanning shows the help away from the repository. */
function withAbsoluteLinks(markdown: string, pageUrl: string): string {
  return markdown.replace(/\]\(([^()\s]+)\)/g, (link, target: string) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return link;
    try {
      return `](${new URL(target, pageUrl).href})`;
    } catch {
      return link;
    }
  });
}

/** Markdown as plain text: no emphasis, code marks, fences, heading marks or comments; links as "text (url)". */
function plain(markdown: string): string {
  return markdown
    .replace(/<!--[\s\S]*?-->/g, '')
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('```'))
    .map((line) => line.replace(/^#{1,6}[ \t]+/, ''))
    .join('\n')
    .replace(/\*\*|__|`/g, '')
    .replace(/\[([^\]]*)\]\(([^()\s]*)\)/g, (_, text: string, url: string) => (url.startsWith('http') ? `${text} (${url})` : text));
}
