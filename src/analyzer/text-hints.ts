import type ts from 'typescript';
import type { FileAnalysis } from './analysis.js';
import { credentialName } from './credential-names.js';
import type { ProjectFiles } from './project.js';
import { fileVersion, readVersion, textDigest } from './project.js';
import type { TangoSettings } from './settings.js';

/**
 * Cheap pre-checks that read text, never parse: can this file, or a project module it imports
 * (directly or not), hold what an analysis looks for? A file whose import closure cannot skips
 * the analysis, or its costly part, entirely. Each project file is read and searched once, and
 * again only after it changes on disk. The linted text may be an unsaved buffer, so its search is
 * shared with the file on disk only when both texts have the same digest.
 */

/**
 * Words without which no Tango evidence can exist: hosts, Tango-named variables, `/raas/v2`
 * paths and the order fingerprint all contain one of them.
 */
const TANGO = /tango|raas|accountIdentifier|customerIdentifier|\butid\b/i;
// `\s*(?:\(\s*)?`, not `\s*\(?\s*`: two adjacent `\s*` backtrack quadratically over a long run of blanks.
const SPECIFIER = /(?:\bfrom|\bimport|\brequire)\s*(?:\(\s*)?['"]([^'"\n]{1,300})['"]/g;
/**
 * The last word of every credential name (see `credentialName`), where a name can end: after the
 * word, only digits and separators (`apiKey_`, `SECRET_2`, `clientSecret$`).
 */
const CREDENTIAL_END = /(?:passwd|password|passphrase|passcode|pwd|pass|secret|key|pem|jwk|token|credential|creds)s?[\d_$-]*(?![\w$])/gi;
const NAME_CHAR = /[\w$-]/;
const MAX_NAME = 80;
const AUTHORIZATION = /authorization/i;
/**
 * Besides credential names, what a credential sink is named by (see `sinksOf`): `auth` options and
 * `.auth()`, `Authorization` headers, Basic encodings, and the key libraries' functions.
 */
const SINK_WORDS = /authorization|\bauth\b|btoa|base64|\bsign\b|\bverify\b|importPKCS8|createPrivateKey|createSecretKey|createHmac/i;
/** The TLS options `tlsFindings` judges; another file can weaken a request's TLS only by writing one. */
const TLS_OPTION = /rejectUnauthorized|strictSSL|insecure|checkServerIdentity|minVersion|secureProtocol|NODE_TLS_REJECT_UNAUTHORIZED/;
/** Besides credential names, what makes a logged value a credential: `auth` entries, key pairs, signed tokens, token endpoints. */
const LOGGED_CREDENTIAL = /authorization|\bauth\b|generateKeyPair|jsonwebtoken|SignJWT|grant_type|oauth|\/token(?:[/?#'"`]|$)|tangocard/i;
const PARAMETER_BEFORE = /(?:[(,]|\b(?:public|private|protected|readonly|override))\s*$/;
const PARAMETER_AFTER = /^\s*(?:\?\s*)?[:,)=]/;
const ARROW_AFTER = /^\s*=>/;
/** What follows the `)` of a parameter list (a body, a return type, an arrow) rather than of a call. */
const LIST_END = /^\s*(?:[:{]|=>)/;
/** Before a name that another module can read: a member (`.apiKey`, `env.X_KEY`), an object key or shorthand, a quoted key. */
const SHARED_BEFORE = /[.{,'"`[]\s*$/;
const MAX_LIST = 500;
const MAX_FILES = 20_000;
const MAX_BYTES = 2_000_000;

/** What a file's import closure is searched for. */
type Feature = 'tango' | 'parameter' | 'header' | 'logged' | 'tls';
/** What a file's text is searched for: the closure features, and whether it writes any credential name. */
type Mention = Feature | 'named';

interface ScannedFile {
  /** The digest of the text searched. */
  readonly digest: string;
  readonly imports: readonly string[];
  readonly mentions: Readonly<Record<Mention, boolean>>;
}

/**
 * What the project's files on disk say. It depends on disk texts only, so an edited buffer leaves
 * it valid: when the project's texts change (`ProjectFiles.generation`: a buffer edited, a file
 * saved), the files searched are checked on disk and only the changed ones are searched again.
 */
interface HintCache {
  readonly hosts: string;
  /** The project generation last seen. */
  generation: number;
  /** Each project file's own text scan. */
  readonly scans: Map<string, ScannedFile>;
  /** The version of each file as scanned (see `readVersion`). */
  readonly versions: Map<string, string>;
  /** The scan of each file's last linted text, which may differ from the file on disk. */
  readonly linted: Map<string, ScannedFile>;
  /** Files whose whole import closure is known to reach, or not reach, a mention. */
  readonly reach: Record<Feature, Map<string, boolean>>;
}

const caches = new WeakMap<ProjectFiles, HintCache>();

/** Can a request in this file be a Tango request? Only if a Tango mention is in reach. */
export function mayReachTango(analysis: FileAnalysis): boolean {
  return analysis.memo('hints:tango', () => mayReach(analysis, 'tango'));
}

/**
 * Can a parameter of a function or class this file calls be named like a credential (`apiKey`,
 * `clientSecret`)? Only if such a name is written where a parameter is declared.
 */
export function mayReachCredentialParameter(analysis: FileAnalysis): boolean {
  return analysis.memo('hints:parameter', () => mayReach(analysis, 'parameter'));
}

/**
 * Can a header this file sets, or a key of a form body it sends, be named like a credential?
 * Only if `Authorization` or a credential name is written.
 */
export function mayReachCredentialHeader(analysis: FileAnalysis): boolean {
  return analysis.memo('hints:header', () => mayReach(analysis, 'header'));
}

/**
 * Can an agent or options object this file uses carry a TLS option set in another module? Only
 * if one of the options `tlsFindings` judges is written in the import closure.
 */
export function mayReachTlsOption(analysis: FileAnalysis): boolean {
  return analysis.memo('hints:tls', () => mayReach(analysis, 'tls'));
}

/**
 * Can a value this file logs be known as a credential through what it holds (an environment
 * variable, an object entry or a member named like a credential, an `Authorization` header, a
 * key pair, a signed token, a token response)? Names written at the log call itself are judged
 * without this.
 */
export function mayReachLoggedCredential(analysis: FileAnalysis): boolean {
  return analysis.memo('hints:logged', () => mayReach(analysis, 'logged'));
}

/**
 * Does the linted text itself write `Authorization` or a strong credential name? Names judged
 * where they are written (a logged `apiKey`) need one in the file.
 */
export function writesCredentialName(analysis: FileAnalysis): boolean {
  return ownScan(analysis, cacheOf(analysis.project, analysis.settings)).mentions.header;
}

/**
 * Can the linted text hold a credential sink of its own (see `sinksOf`)? Only where it writes a
 * credential name of any strength or a `SINK_WORDS` word. Sinks that another module names (a
 * credential-named parameter, a header name) are the parameter and header pre-checks' part.
 */
export function writesSinkName(analysis: FileAnalysis): boolean {
  return analysis.memo('hints:sink', () => namesSink(ownScan(analysis, cacheOf(analysis.project, analysis.settings)).mentions.named, analysis.sourceFile.text));
}

/** What a text writes, as `writesSinkName` and `writesCredentialName` judge a linted one. */
export interface TextWrites {
  readonly sinkName: boolean;
  readonly credentialName: boolean;
}

/** `writesSinkName` and `writesCredentialName` for the text of any file, in one search of its names. */
export function textWrites(text: string): TextWrites {
  const names = credentialNames(text);
  return { sinkName: namesSink(names.any, text), credentialName: namesCredential(names.anywhere, text) };
}

/** A text names a sink where it writes a credential name (`named`, found by `credentialNames`) or a `SINK_WORDS` word. */
function namesSink(named: boolean, text: string): boolean {
  return named || SINK_WORDS.test(text);
}

/** A text names a credential where it writes a strong credential name (`strong`, found by `credentialNames`) or `Authorization`. */
function namesCredential(strong: boolean, text: string): boolean {
  return strong || AUTHORIZATION.test(text);
}

/** The linted text's scan, once per analysis (every feature asks). */
function ownScan(analysis: FileAnalysis, cache: HintCache): ScannedFile {
  return analysis.memo('hints:own', () => scanLinted(cache, analysis.sourceFile, analysis.project, analysis.settings));
}

function mayReach(analysis: FileAnalysis, feature: Feature): boolean {
  const { project, settings, sourceFile } = analysis;
  const cache = cacheOf(project, settings);
  const own = ownScan(analysis, cache);
  if (own.mentions[feature]) return true;
  const reach = cache.reach[feature];
  const seen = new Set<string>([sourceFile.fileName]);
  const queue = [...own.imports];
  let complete = true;
  // Other files' closures through the linted file hold its disk text, not the buffer searched here.
  let throughOwn = false;
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (file === sourceFile.fileName) throughOwn = true;
    if (seen.has(file)) continue;
    if (seen.size >= MAX_FILES) {
      complete = false;
      break;
    }
    seen.add(file);
    const known = reach.get(file);
    if (known === true) return true;
    if (known === false) continue;
    const scanned = scan(cache, file, project, settings);
    if (scanned.mentions[feature]) {
      reach.set(file, true);
      return true;
    }
    queue.push(...scanned.imports);
  }
  // Only a closure read to its end is known not to reach a mention; one that leads back to the
  // linted file only when the file on disk is the text just searched.
  const known = complete && (!throughOwn || scan(cache, sourceFile.fileName, project, settings).digest === own.digest);
  if (known) for (const file of seen) if (file !== sourceFile.fileName) reach.set(file, false);
  return !complete;
}

/** Scans the linted text, or reuses the scan of the same text read from disk. */
function scanLinted(cache: HintCache, sourceFile: ts.SourceFile, project: ProjectFiles, settings: TangoSettings): ScannedFile {
  const file = sourceFile.fileName;
  const digest = textDigest(sourceFile.text);
  const known = cache.scans.get(file);
  if (known?.digest === digest) return known;
  const scanned = scanText(sourceFile.text, digest, file, project, settings);
  cache.linted.set(file, scanned);
  return scanned;
}

/** Reads a project file once and searches it for every feature, keeping only the answers. */
function scan(cache: HintCache, file: string, project: ProjectFiles, settings: TangoSettings): ScannedFile {
  const known = cache.scans.get(file);
  if (known) return known;
  const { text, version } = readVersion(file, MAX_BYTES);
  cache.versions.set(file, version);
  let scanned: ScannedFile;
  if (text === undefined) {
    scanned = { digest: '', imports: [], mentions: { tango: false, parameter: false, header: false, logged: false, tls: false, named: false } };
  } else {
    // A file already linted with the same text is not searched again.
    const digest = textDigest(text);
    const linted = cache.linted.get(file);
    scanned = linted?.digest === digest ? linted : scanText(text, digest, file, project, settings);
  }
  cache.scans.set(file, scanned);
  return scanned;
}

function scanText(text: string, digest: string, file: string, project: ProjectFiles, settings: TangoSettings): ScannedFile {
  return { digest, imports: importedFiles(text, file, project), mentions: searchText(text, settings) };
}

/** Every mention of one text. */
function searchText(text: string, settings: TangoSettings): Record<Mention, boolean> {
  const names = credentialNames(text);
  return {
    tango: TANGO.test(text) || settings.hosts.some((host) => text.includes(host)),
    parameter: names.parameter,
    header: namesCredential(names.anywhere, text),
    logged: names.shared || LOGGED_CREDENTIAL.test(text),
    tls: TLS_OPTION.test(text),
    named: names.any,
  };
}

/**
 * Where the text writes a credential name (each possible last word, widened to its whole name):
 * any name at all; and for a strong one, anywhere, where a parameter is declared, and where
 * another module can read it.
 */
function credentialNames(text: string): { any: boolean; anywhere: boolean; parameter: boolean; shared: boolean } {
  const found = { any: false, anywhere: false, parameter: false, shared: false };
  for (const match of text.matchAll(CREDENTIAL_END)) {
    const end = match.index + match[0].length;
    let start = match.index;
    while (start > 0 && end - start < MAX_NAME && NAME_CHAR.test(text.charAt(start - 1))) start--;
    const name = credentialName(text.slice(start, end));
    if (!name) continue;
    found.any = true;
    if (name.strength !== 'strong') continue;
    found.anywhere = true;
    found.parameter ||= isParameterPosition(text, start, end);
    found.shared ||= SHARED_BEFORE.test(text.slice(Math.max(0, start - 10), start));
    if (found.parameter && found.shared) break;
  }
  return found;
}

/**
 * Whether a name sits where a parameter is declared: `apiKey => …`, or in a parenthesised list
 * whose `)` is followed by a body, a return type or an arrow (a call's is not). Brackets inside
 * strings can mislead the count, and an unclosed list counts as a parameter list, so the check
 * errs towards resolving a callee it did not need to.
 */
function isParameterPosition(text: string, start: number, end: number): boolean {
  if (ARROW_AFTER.test(text.slice(end, end + 10))) return true;
  if (!PARAMETER_BEFORE.test(text.slice(Math.max(0, start - 40), start)) || !PARAMETER_AFTER.test(text.slice(end, end + 20))) return false;
  let depth = 0;
  const limit = Math.min(text.length, end + MAX_LIST);
  for (let i = end; i < limit; i++) {
    const char = text.charAt(i);
    if (char === '(' || char === '[' || char === '{') depth++;
    else if (char === ')' || char === ']' || char === '}') {
      if (depth === 0) return char === ')' && LIST_END.test(text.slice(i + 1, i + 40));
      depth--;
    }
  }
  return true;
}

function cacheOf(project: ProjectFiles, settings: TangoSettings): HintCache {
  const hosts = settings.hosts.join(',');
  let cache = caches.get(project);
  if (!cache || cache.hosts !== hosts) {
    const reach = { tango: new Map(), parameter: new Map(), header: new Map(), logged: new Map(), tls: new Map() };
    cache = { hosts, generation: project.generation, scans: new Map(), versions: new Map(), linted: new Map(), reach };
    caches.set(project, cache);
  } else if (cache.generation !== project.generation) {
    cache.generation = project.generation;
    dropChanged(cache);
  }
  return cache;
}

/** Forgets the scans of files changed on disk, and every closure answer when there is one. */
function dropChanged(cache: HintCache): void {
  let changed = false;
  for (const [file, version] of cache.versions) {
    if (fileVersion(file) === version) continue;
    cache.scans.delete(file);
    cache.versions.delete(file);
    changed = true;
  }
  if (changed) for (const answers of Object.values(cache.reach)) answers.clear();
}

function importedFiles(text: string, from: string, project: ProjectFiles): string[] {
  const files: string[] = [];
  for (const match of text.matchAll(SPECIFIER)) {
    const resolved = project.resolveModule(match[1] as string, from);
    if (resolved) files.push(resolved);
  }
  return files;
}
