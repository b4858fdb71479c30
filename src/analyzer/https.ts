import type ts from 'typescript';
import type { FileAnalysis } from './analysis.js';
import type { TextEdit } from './edits.js';
import { stringForms, joinUrl, leadingText } from './strings.js';
import { holeName, hostOf, isTangoUrlName, tangoHosts } from './tango.js';
import { Kind, forEachChild, isBinaryExpression, isStringLiteral, isTemplateHead } from './syntax.js';

/** A Tango URL written with `http://`, or a Tango request sent with the plain-text `http` module. */
export interface PlainHttpFinding {
  readonly problem: 'http-url' | 'http-module';
  readonly range: readonly [number, number];
  /** The Tango host, or the name standing for it. */
  readonly host: string;
  /** Replaces `http://` with `https://`. */
  readonly fix?: TextEdit;
}

const SCHEME = /http:\/\//gi;
const HOST_CHARS = /^[a-z0-9.-]*(?::\d{1,5})?/i;
const LITERAL_KINDS = new Set<ts.SyntaxKind>([
  Kind.StringLiteral,
  Kind.NoSubstitutionTemplateLiteral,
  Kind.TemplateHead,
  Kind.TemplateMiddle,
  Kind.TemplateTail,
]);

/**
 * Every `http://` written in this file's strings that leads to a Tango host: with the host in the
 * same literal, or with a host a template hole or concatenation fills in (a constant, an imported
 * config value, an environment variable named for Tango). Reported at the literal, so a config
 * module is reported where its default is written.
 */
export function plainHttpFindings(analysis: FileAnalysis): readonly PlainHttpFinding[] {
  return analysis.memo('https:findings', () => {
    const { sourceFile } = analysis;
    const text = sourceFile.text;
    const hosts = tangoHosts(analysis.settings);
    const findings: PlainHttpFinding[] = [];
    for (const match of text.matchAll(SCHEME)) {
      const start = match.index;
      const literal = literalAt(sourceFile, start);
      if (!literal) continue;
      const host = hostAfter(text, start + match[0].length, hosts) ?? filledHost(literal, start, analysis, hosts);
      if (host) findings.push({ problem: 'http-url', range: [start, start + match[0].length], host, fix: { range: [start, start + match[0].length], text: 'https://' } });
    }
    // Only a file that loads the `http` module can send with it; others need not find their requests.
    const requests = /['"](?:node:)?http['"]/.test(text) ? analysis.tangoRequests : [];
    for (const { request } of requests) {
      if (request.client !== 'http' || findings.some((f) => f.range[0] >= request.node.pos && f.range[1] <= request.node.end)) continue;
      const callee = analysis.resolver.value(request.node.expression);
      if (callee.kind !== 'import' || callee.module !== 'http') continue;
      for (const form of joinUrl(request.base, request.url, analysis.resolver)) {
        const host = hostOf(leadingText(form));
        if (host && hosts.has(host)) {
          findings.push({ problem: 'http-module', range: [request.node.expression.getStart(), request.node.expression.end], host });
          break;
        }
      }
    }
    return findings.sort((a, b) => a.range[0] - b.range[0]);
  });
}

/** The Tango host written right after `http://` in the text, if it is one. */
function hostAfter(text: string, from: number, hosts: ReadonlySet<string>): string | undefined {
  const written = HOST_CHARS.exec(text.slice(from, from + 260))?.[0].toLowerCase() ?? '';
  if (written === '') return undefined;
  const bare = written.replace(/:\d+$/, '');
  return hosts.has(written) || hosts.has(bare) ? bare : undefined;
}

/** For a literal ending in `http://` (`` `http://${host}/...` ``, `'http://' + host`): the Tango host the rest of the string fills in. */
function filledHost(literal: ts.Node, start: number, analysis: FileAnalysis, hosts: ReadonlySet<string>): string | undefined {
  const raw = literal.getText();
  const offset = start - literal.getStart();
  // Only `http://` that opens the string can be completed by what follows.
  if (offset > 1 || !/^['"`}]?http:\/\/(?:\$\{|['"`]?$)/i.test(raw.slice(0, offset + 10))) return undefined;
  const whole = wholeString(literal);
  if (!whole) return undefined;
  for (const form of stringForms(analysis.resolver.value(whole), analysis.resolver)) {
    const lead = leadingText(form);
    const host = hostOf(lead);
    if (host) {
      if (hosts.has(host)) return host;
      continue;
    }
    const hole = form[1];
    if (lead.toLowerCase() !== 'http://' || !hole || typeof hole === 'string') continue;
    const named = holeName(hole);
    if (named && isTangoUrlName(named.name)) return named.name;
  }
  return undefined;
}

/** The whole string expression a literal opens: its template, or the `+` chain it starts. */
function wholeString(literal: ts.Node): ts.Expression | undefined {
  if (isTemplateHead(literal)) return literal.parent as ts.TemplateExpression;
  if (!isStringLiteral(literal)) return undefined;
  let current: ts.Expression = literal;
  while (isBinaryExpression(current.parent) && current.parent.operatorToken.kind === Kind.PlusToken && current.parent.left === current) {
    current = current.parent;
  }
  return current === literal ? undefined : current;
}

/** The string literal or template part at a position (not a comment), found by descending the tree without recursion. */
function literalAt(sourceFile: ts.SourceFile, position: number): ts.Node | undefined {
  let node: ts.Node = sourceFile;
  for (;;) {
    let next: ts.Node | undefined;
    forEachChild(node, (child) => {
      if (child.pos <= position && position < child.end) {
        next = child;
        return true;
      }
      return undefined;
    });
    if (!next) break;
    node = next;
  }
  return LITERAL_KINDS.has(node.kind) && node.getStart() <= position ? node : undefined;
}
