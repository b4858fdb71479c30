import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Linter, Rule } from 'eslint';
import type * as Sarif from 'sarif';
import plugin from '../index.js';
import type { TangoRuleDocs } from '../util/create-rule.js';
import { REPOSITORY_URL } from '../util/create-rule.js';
import type { LintReport } from './report.js';
import { ESLINT_RULE, fingerprints, PARSE_ERROR_RULE, relativePath, ruleIdOf } from './report.js';

const SRCROOT = '%SRCROOT%';
/** The key of our fingerprint in `partialFingerprints`; bump the version if the recipe changes. */
export const FINGERPRINT_KEY = 'tangoLintFingerprint/v1';
const DOCS_DIR = new URL('../../docs/rules/', import.meta.url);
const VERSION = plugin.meta?.version ?? '0.0.0';

/**
 * The report as a SARIF 2.1.0 log: one run whose driver lists every rule of the plugin. A file
 * that cannot be parsed becomes an error result of the pseudo-rule `tango/parse-error`, so code
 * scanning shows it where the file is; ESLint's own messages use the pseudo-rule `eslint`.
 */
export function sarifLog(report: LintReport): Sarif.Log {
  const rules = pluginRuleDescriptors();
  const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));
  const indexOf = (id: string): number => {
    let index = ruleIndex.get(id);
    if (index === undefined) {
      index = rules.push(extraRuleDescriptor(id, report.rulesMeta[id])) - 1;
      ruleIndex.set(id, index);
    }
    return index;
  };
  const fingerprintOf = fingerprints(report);
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
        ruleIndex: indexOf(ruleId),
        level: message.severity === 2 ? 'error' : 'warning',
        message: { text: message.message },
        locations: [{ physicalLocation: { artifactLocation, ...regionOf(message) } }],
        partialFingerprints: { [FINGERPRINT_KEY]: fingerprintOf.get(message) ?? '' },
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
        results,
      },
    ],
  };
}

function pluginRuleDescriptors(): Sarif.ReportingDescriptor[] {
  return Object.entries(plugin.rules ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, rule]) => {
      const meta = (rule as Rule.RuleModule).meta ?? {};
      const docs = meta.docs as (TangoRuleDocs & { url?: string }) | undefined;
      const description = docs?.description ?? id;
      const url = docs?.url ?? `${REPOSITORY_URL}#readme`;
      const rationale = docsRationale(id);
      return {
        id: `tango/${id}`,
        name: id.replace(/(?:^|-)([a-z0-9])/g, (_, c: string) => c.toUpperCase()),
        shortDescription: { text: `${description}.` },
        fullDescription: rationale ? { text: plain(rationale), markdown: rationale } : { text: `${description}.` },
        helpUri: url,
        help: { text: `${description}. Documentation: ${url}`, markdown: `${description}. See [the rule's documentation](${url}).` },
        defaultConfiguration: docs?.recommended ? { level: docs.recommended === 'warn' ? 'warning' : 'error' } : { level: 'warning', enabled: false },
        properties: { tags: ['security', ...(meta.type ? [meta.type] : [])] },
      };
    });
}

/** A descriptor for a rule outside the plugin: the pseudo-rules, or a project config's own rules. */
function extraRuleDescriptor(id: string, meta: Rule.RuleMetaData | undefined): Sarif.ReportingDescriptor {
  if (id === PARSE_ERROR_RULE) {
    return { id, shortDescription: { text: 'The file could not be parsed, so no rule could check it.' }, defaultConfiguration: { level: 'error' } };
  }
  if (id === ESLINT_RULE) {
    return { id, shortDescription: { text: "ESLint's own messages, such as an eslint-disable comment that disables nothing." } };
  }
  const description = meta?.docs?.description;
  const url = meta?.docs?.url;
  return { id, ...(description ? { shortDescription: { text: description } } : {}), ...(url ? { helpUri: url } : {}) };
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

/** The first prose paragraph of a rule's docs page, after the generated header. */
function docsRationale(id: string): string | undefined {
  let page: string;
  try {
    page = fs.readFileSync(new URL(`${id}.md`, DOCS_DIR), 'utf8');
  } catch {
    return undefined;
  }
  const body = page.split('<!-- end auto-generated rule header -->')[1] ?? '';
  const paragraph = body
    .split(/\n[ \t\r]*\n/)
    .map((p) => p.trim())
    .find((p) => p !== '' && !/^(?:#|<!--|```|\||-|\*|>)/.test(p));
  return paragraph
    ?.split('\n')
    .map((line) => line.trim())
    .join(' ');
}

function plain(markdown: string): string {
  return markdown.replace(/\*\*|__|`/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
}
