import fs from 'node:fs';
import type { FileAnalysis } from './analysis.js';
import type { ProjectFiles } from './project.js';
import type { TangoSettings } from './settings.js';

/**
 * Words without which no Tango evidence can exist: hosts, Tango-named variables, `/raas/v2`
 * paths and the order fingerprint all contain one of them.
 */
const HINT = /tango|raas|accountIdentifier|customerIdentifier|\butid\b/i;
// `\s*(?:\(\s*)?`, not `\s*\(?\s*`: two adjacent `\s*` backtrack quadratically over a long run of blanks.
const SPECIFIER = /(?:\bfrom|\bimport|\brequire)\s*(?:\(\s*)?['"]([^'"\n]{1,300})['"]/g;
const MAX_FILES = 20_000;
const MAX_BYTES = 2_000_000;

interface ScannedFile {
  readonly mentions: boolean;
  readonly imports: readonly string[];
}

interface HintCache {
  readonly generation: number;
  readonly hosts: string;
  /** Each project file's own text scan, read once per project version. */
  readonly scans: Map<string, ScannedFile>;
  /** Files whose whole import closure is known to reach, or not reach, a Tango mention. */
  readonly reach: Map<string, boolean>;
}

const caches = new WeakMap<ProjectFiles, HintCache>();

/**
 * A cheap pre-check: can a request in this file be a Tango request? Only if the file, or a
 * project module it imports (directly or not), mentions Tango. Text searches only, no parse; a
 * file that cannot reach a Tango mention skips the Tango-request analyses entirely.
 */
export function mayReachTango(analysis: FileAnalysis): boolean {
  return analysis.memo('tango-hint', () => {
    const { project, settings, sourceFile } = analysis;
    if (mentionsTango(sourceFile.text, settings)) return true;
    const cache = cacheOf(project, settings);
    const seen = new Set<string>([sourceFile.fileName]);
    const queue = [...scan(cache, sourceFile.fileName, project, settings, sourceFile.text).imports];
    let complete = true;
    while (queue.length > 0) {
      const file = queue.pop() as string;
      if (seen.has(file)) continue;
      if (seen.size >= MAX_FILES) {
        complete = false;
        break;
      }
      seen.add(file);
      const reach = cache.reach.get(file);
      if (reach === true) return true;
      if (reach === false) continue;
      const scanned = scan(cache, file, project, settings);
      if (scanned.mentions) {
        cache.reach.set(file, true);
        return true;
      }
      queue.push(...scanned.imports);
    }
    // Only a closure read to its end is known not to reach Tango.
    if (complete) for (const file of seen) if (file !== sourceFile.fileName) cache.reach.set(file, false);
    return !complete;
  });
}

function scan(cache: HintCache, file: string, project: ProjectFiles, settings: TangoSettings, text = readSmall(file)): ScannedFile {
  const known = cache.scans.get(file);
  if (known) return known;
  const scanned = text === undefined ? { mentions: false, imports: [] } : { mentions: mentionsTango(text, settings), imports: importedFiles(text, file, project) };
  cache.scans.set(file, scanned);
  return scanned;
}

function mentionsTango(text: string, settings: TangoSettings): boolean {
  return HINT.test(text) || settings.hosts.some((host) => text.includes(host));
}

function cacheOf(project: ProjectFiles, settings: TangoSettings): HintCache {
  const hosts = settings.hosts.join(',');
  let cache = caches.get(project);
  if (!cache || cache.generation !== project.generation || cache.hosts !== hosts) {
    cache = { generation: project.generation, hosts, scans: new Map(), reach: new Map() };
    caches.set(project, cache);
  }
  return cache;
}

function importedFiles(text: string, from: string, project: ProjectFiles): string[] {
  const files: string[] = [];
  for (const match of text.matchAll(SPECIFIER)) {
    const resolved = project.resolveModule(match[1] as string, from);
    if (resolved) files.push(resolved);
  }
  return files;
}

function readSmall(file: string): string | undefined {
  try {
    if (fs.statSync(file).size > MAX_BYTES) return undefined;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
