import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { analyze } from '../../src/analyzer/analysis.js';
import { browserCallFindings, isTangoCredentialName } from '../../src/analyzer/browser-calls.js';
import type { ModuleRuntime } from '../../src/analyzer/browser.js';
import { browserContext, describeBrowserReason, publicEnvReads } from '../../src/analyzer/browser.js';
import { componentScript, prologueDirective, scanModule } from '../../src/analyzer/import-graph.js';
import type { TangoSettings } from '../../src/analyzer/settings.js';
import { DEFAULT_SETTINGS, readSettings } from '../../src/analyzer/settings.js';
import { analyzeFixture } from './helpers.js';

/** The decision for a fixture file as read from disk, in short: `browser: reason` or `server: reason`. */
function decision(project: string, file: string, settings: TangoSettings = DEFAULT_SETTINGS): string {
  return summary(browserContext(analyzeFixture([project, ...file.split('/')], settings)));
}

function summary(runtime: ModuleRuntime): string {
  const reason = runtime.reason;
  let detail: string;
  switch (reason.kind) {
    case 'convention':
      detail = `convention ${reason.convention}`;
      break;
    case 'imported':
      detail = `imported by ${[reason.importer, ...reason.via].join(' > ')}`;
      break;
    case 'server-importers':
      detail = `server importers ${reason.importers.join(', ')}`;
      break;
    case 'browser-global':
    case 'public-env':
      detail = `${reason.kind} ${reason.name}`;
      break;
    case 'browser-files':
      detail = `browser-files ${reason.glob}`;
      break;
    case 'server-files':
      detail = `server-files ${reason.glob}`;
      break;
    default:
      detail = reason.kind;
  }
  return `${runtime.browser ? 'browser' : 'server'}: ${detail}`;
}

/** The decision for some text standing for a file at `filePath`. */
function decisionOf(filePath: string, text: string, settings: TangoSettings = DEFAULT_SETTINGS): string {
  return summary(browserContext(analyze({ filePath, text, settings })));
}

const FIXTURE_DECISIONS: Record<string, Record<string, string>> = {
  'next-app-router': {
    'app/layout.tsx': 'server: server-component',
    'app/page.tsx': 'server: server-component',
    'app/orders/page.tsx': 'server: server-component',
    'app/rewards/page.tsx': 'server: server-component',
    'app/rewards/RewardButton.tsx': 'browser: use-client',
    'app/rewards/actions.ts': 'server: use-server',
    'app/api/rewards/route.ts': 'server: convention next-route-handler',
    'app/api/tango-token/route.ts': 'server: convention next-route-handler',
    'app/token-widget/TokenWidget.tsx': 'browser: use-client',
    'app/dance/DanceClasses.tsx': 'browser: use-client',
    'components/OrderSummary.tsx': 'browser: use-client',
    'components/TangoSetup.tsx': 'browser: use-client',
    'lib/tango-browser.ts': 'browser: imported by app/rewards/RewardButton.tsx',
    'lib/balance.ts': 'browser: imported by app/rewards/RewardButton.tsx',
    'lib/tango-http.ts': 'browser: imported by app/rewards/RewardButton.tsx > lib/balance.ts',
    'lib/tango-server.ts': 'server: server importers app/api/rewards/route.ts, app/page.tsx, app/rewards/actions.ts',
    'lib/orders.ts': 'server: server importers app/orders/page.tsx',
    'lib/tango-token.ts': 'server: server-only',
    'lib/public-config.ts': 'browser: public-env NEXT_PUBLIC_TANGO_PLATFORM_KEY',
    'lib/flags.ts': 'browser: public-env NEXT_PUBLIC_TANGO_ENABLED',
    'middleware.ts': 'server: convention next-middleware',
  },
  'next-pages-router': {
    'pages/index.tsx': 'browser: convention next-page',
    'pages/rewards.tsx': 'browser: convention next-page',
    'pages/_document.tsx': 'server: convention next-document',
    'pages/api/order.ts': 'server: convention next-api-route',
    'lib/tango.ts': 'server: server importers pages/api/order.ts',
    'lib/catalog.ts': 'server: no-evidence',
  },
  'vite-spa': {
    'src/main.tsx': 'browser: convention vite-app',
    'src/App.tsx': 'browser: convention vite-app',
    'src/components/RewardForm.tsx': 'browser: convention vite-app',
    'src/components/FeatureGate.tsx': 'browser: convention vite-app',
    'src/components/Checkout.tsx': 'browser: convention vite-app',
    'src/api/tango.ts': 'browser: imported by src/components/RewardForm.tsx',
    'src/lib/dance.ts': 'server: no-evidence',
    'src/widgets/tango-widget.ts': 'server: no-evidence',
    'server/index.ts': 'server: convention server-directory',
    'vite.config.ts': 'server: convention build-config',
  },
  'nuxt-store': {
    'store/rewards.ts': 'browser: convention nuxt-app',
    'store/cart.ts': 'browser: convention nuxt-app',
    'composables/useTangoConfig.ts': 'browser: convention nuxt-app',
    'plugins/tango.client.ts': 'browser: convention client-suffix',
    'lib/tango-direct.ts': 'browser: imported by components/RewardBadge.vue',
    'server/api/rewards.post.ts': 'server: convention server-directory',
    'utils/rewards.server.ts': 'server: convention server-suffix',
    'nuxt.config.ts': 'server: convention build-config',
  },
};

describe('browser context of every fixture file', () => {
  const cases = Object.entries(FIXTURE_DECISIONS).flatMap(([project, files]) =>
    Object.entries(files).map(([file, expected]) => ({ project, file, expected })),
  );

  it.each(cases)('$project/$file → $expected', ({ project, file, expected }) => {
    expect(decision(project, file)).toBe(expected);
  });

  it('covers every TypeScript file of the four fixtures', () => {
    for (const [project, files] of Object.entries(FIXTURE_DECISIONS)) {
      const root = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', project);
      const onDisk = listFiles(root).filter((file) => /\.tsx?$/.test(file));
      expect(onDisk.sort()).toEqual(Object.keys(files).sort());
    }
  });
});

function listFiles(root: string, dir = ''): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = dir ? `${dir}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(root, relative) : [relative];
  });
}

describe('settings', () => {
  it('browserFiles marks a module as browser code', () => {
    const settings = readSettings({ browserFiles: ['src/widgets/**'] });
    expect(decision('vite-spa', 'src/widgets/tango-widget.ts', settings)).toBe('browser: browser-files src/widgets/**');
  });

  it('serverFiles wins over every browser sign', () => {
    const settings = readSettings({ serverFiles: ['src/components/**', 'app/rewards/RewardButton.tsx'], browserFiles: ['src/**'] });
    expect(decision('vite-spa', 'src/components/RewardForm.tsx', settings)).toBe('server: server-files src/components/**');
    expect(decision('next-app-router', 'app/rewards/RewardButton.tsx', settings)).toBe('server: server-files app/rewards/RewardButton.tsx');
  });

  it('a server module ends the search for client importers', () => {
    // With RewardButton declared server code, nothing brings the lib into the browser any more.
    const settings = readSettings({ serverFiles: ['app/rewards/RewardButton.tsx'] });
    expect(decision('next-app-router', 'lib/tango-browser.ts', settings)).toBe('server: server importers app/rewards/RewardButton.tsx');
  });

  it('test files are not browser code', () => {
    const file = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'vite-spa', 'src', 'components', 'RewardForm.test.tsx');
    expect(decisionOf(file, "'use client';\nexport {};\n")).toBe('server: test-file');
  });
});

describe('own signs of a module', () => {
  const file = (name: string): string => path.join(os.tmpdir(), 'tango-browser-no-project', name);

  it('reads directives from the prologue only', () => {
    expect(decisionOf(file('a.ts'), "// comment\n'use strict';\n'use client';\nexport {};\n")).toBe('browser: use-client');
    expect(decisionOf(file('b.ts'), "export {};\n'use client';\n")).toBe('server: no-evidence');
    expect(decisionOf(file('c.ts'), '"use server";\nexport {};\n')).toBe('server: use-server');
  });

  it('counts browser globals only as free identifiers', () => {
    expect(decisionOf(file('d.ts'), 'export const width = window.innerWidth;\n')).toBe('browser: browser-global window');
    expect(decisionOf(file('e.ts'), 'export const props = { window };\n')).toBe('browser: browser-global window');
    expect(decisionOf(file('f.ts'), 'export const w = options.window;\nexport interface P { document: string }\n')).toBe('server: no-evidence');
    expect(decisionOf(file('g.ts'), 'export function f(localStorage: Storage) { return localStorage.length; }\n')).toBe('server: no-evidence');
    expect(decisionOf(file('h.ts'), '// window.alert\nexport const s = "document";\n')).toBe('server: no-evidence');
    expect(decisionOf(file('i.ts'), 'export const cores = navigator.hardwareConcurrency;\n')).toBe('server: no-evidence');
    expect(decisionOf(file('j.ts'), 'export const share = () => navigator.share({ url: "/" });\n')).toBe('browser: browser-global navigator');
  });

  it('treats a module that tests typeof window as isomorphic', () => {
    const text = "export const host = typeof window === 'undefined' ? 'server' : window.location.host;\n";
    expect(decisionOf(file('k.ts'), text)).toBe('server: no-evidence');
  });

  it('counts public env prefixes by how they are read', () => {
    expect(decisionOf(file('l.ts'), 'export const a = process.env.NEXT_PUBLIC_SITE;\n')).toBe('browser: public-env NEXT_PUBLIC_SITE');
    expect(decisionOf(file('m.ts'), "export const a = process.env['REACT_APP_SITE'];\n")).toBe('browser: public-env REACT_APP_SITE');
    expect(decisionOf(file('n.ts'), 'export const a = import.meta.env.VITE_SITE;\n')).toBe('browser: public-env VITE_SITE');
    expect(decisionOf(file('o.ts'), 'export const a = import.meta.env.PUBLIC_SITE;\n')).toBe('browser: public-env PUBLIC_SITE');
    // Node configuration reads VITE_ and PUBLIC_ names through process.env: not browser code.
    expect(decisionOf(file('p.ts'), 'export const a = process.env.VITE_SITE ?? process.env.PUBLIC_URL;\n')).toBe('server: no-evidence');
    expect(decisionOf(file('q.ts'), '// process.env.NEXT_PUBLIC_SITE\nexport const n = "NEXT_PUBLIC_SITE";\n')).toBe('server: no-evidence');
  });

  it('lists public env reads with their ranges, destructuring included', () => {
    const text = 'const { VITE_A, VITE_B: b } = import.meta.env;\nexport const c = process.env.NUXT_PUBLIC_C;\n';
    const reads = publicEnvReads(analyze({ filePath: file('r.ts'), text, settings: DEFAULT_SETTINGS }));
    expect(reads.map((r) => [r.name, r.prefix, text.slice(r.range[0], r.range[1])])).toEqual([
      ['VITE_A', 'VITE_', 'VITE_A'],
      ['VITE_B', 'VITE_', 'VITE_B: b'],
      ['NUXT_PUBLIC_C', 'NUXT_PUBLIC_', 'process.env.NUXT_PUBLIC_C'],
    ]);
  });

  it('recomputes the decision when the text of a file changes', () => {
    const filePath = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'next-app-router', 'lib', 'flags.ts');
    const original = fs.readFileSync(filePath, 'utf8');
    expect(decisionOf(filePath, original)).toBe('browser: public-env NEXT_PUBLIC_TANGO_ENABLED');
    expect(decisionOf(filePath, "export const tangoEnabled = process.env.TANGO_ENABLED === 'true';\n")).toBe('server: no-evidence');
    expect(decisionOf(filePath, original)).toBe('browser: public-env NEXT_PUBLIC_TANGO_ENABLED');
  });
});

describe('describeBrowserReason', () => {
  it('names the importer, the modules in between and why the importer is browser code', () => {
    const runtime = browserContext(analyzeFixture(['next-app-router', 'lib', 'tango-http.ts']));
    expect(runtime.browser && describeBrowserReason(runtime.reason)).toBe(
      "this module is imported by app/rewards/RewardButton.tsx (through lib/balance.ts), which runs there (it starts with 'use client')",
    );
  });
});

describe('module scan', () => {
  it('keeps value imports of every form and drops type-only ones', () => {
    const text = [
      "import type { A } from './a';",
      "import { type B } from './b';",
      "import C from './c';",
      "import type from './d';",
      "export * from './e';",
      "export type { F } from './f';",
      "const g = require('./g');",
      "const h = import('./h');",
      "import './i';",
    ].join('\n');
    expect(scanModule(text).specifiers).toEqual(['./b', './c', './d', './e', './g', './h', './i']);
  });

  it('reads the directive after a BOM, a shebang and comments, and stops at the first statement', () => {
    expect(prologueDirective("\uFEFF#!/usr/bin/env node\n/* a */ // b\n'use client'\n")).toBe('use client');
    expect(prologueDirective('"use strict"; "use server";')).toBe('use server');
    expect(prologueDirective("const a = 1;\n'use client';")).toBeUndefined();
    expect(prologueDirective("'use client\n';")).toBeUndefined();
  });

  it('reads the script blocks of a Vue component', () => {
    const vue = '<template><b /></template>\n<script setup lang="ts">\nimport { a } from "../lib/a";\n</script>\n';
    expect(scanModule(componentScript(vue)).specifiers).toEqual(['../lib/a']);
  });
});

describe('Tango credential names', () => {
  it.each([
    ['TANGO_PLATFORM_KEY', true],
    ['TANGO_KEY', true],
    ['TANGO_CLIENT_SECRET', true],
    ['tangoAccessToken', true],
    ['config tango apiKey', true],
    ['TangoClient apiKey', true],
    ['TANGO_ENABLED', false],
    ['TANGO_CLIENT_ID', false],
    ['TANGO_PUBLIC_KEY', false],
    ['TANGO_API_URL', false],
    ['TANGO_DANCE_API_KEY', false],
    ['STRIPE_SECRET_KEY', false],
  ])('%s → %s', (name, expected) => {
    expect(isTangoCredentialName(name)).toBe(expected);
  });
});

describe('findings', () => {
  const nextApp = (file: string): string => path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'next-app-router', file);

  it('leave out code inside an inline server action of a browser module', () => {
    const text = [
      "'use client';",
      'export async function order() {',
      "  'use server';",
      "  return fetch('https://integration-api.tangocard.com/raas/v2/orders', { method: 'POST' });",
      '}',
      "export const balance = () => fetch('https://integration-api.tangocard.com/raas/v2/accounts/a');",
    ].join('\n');
    const findings = browserCallFindings(analyze({ filePath: nextApp('components/Inline.tsx'), text, settings: DEFAULT_SETTINGS }));
    expect(findings.map((f) => [f.problem, text.slice(f.range[0], f.range[1])])).toEqual([['request', 'fetch']]);
  });

  it('leave out requests whose only sign of Tango is an order body', () => {
    const text = [
      "'use client';",
      "export const order = (url: string) => fetch(url, { method: 'POST', body: JSON.stringify({ accountIdentifier: 'a', customerIdentifier: 'c', utid: 'U1', amount: 5 }) });",
    ].join('\n');
    expect(browserCallFindings(analyze({ filePath: nextApp('components/Order.tsx'), text, settings: DEFAULT_SETTINGS }))).toEqual([]);
  });
});

describe('import graph', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tango-browser-graph-'));
  const write = (file: string, text: string): string => {
    const full = path.join(root, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
    return full;
  };
  write('package.json', '{ "name": "graph-project", "private": true }\n');
  const tango = "export const load = () => fetch('https://integration-api.tangocard.com/raas/v2/catalogs');\n";
  const libA = write('lib/a.ts', tango);
  const libB = write('lib/b.ts', tango);
  const plain = write('lib/plain.ts', 'export const two = 1 + 1;\n');
  write('node_modules/pkg/index.js', "'use client';\nimport '../../lib/a';\n");
  write('dist/client.js', "'use client';\nimport '../lib/a';\n");
  write('nested/package.json', '{ "name": "nested" }\n');
  write('nested/client.ts', "'use client';\nimport '../lib/a';\n");

  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });
  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  const findingsOf = (filePath: string) => browserCallFindings(analyze({ filePath, text: fs.readFileSync(filePath, 'utf8'), settings: DEFAULT_SETTINGS }));

  it('is not read for a file with nothing to report', () => {
    const readdir = vi.spyOn(fs, 'readdirSync');
    expect(findingsOf(plain)).toEqual([]);
    expect(readdir).not.toHaveBeenCalled();
  });

  it('is read once per project root, skipping node_modules, build output and nested projects', () => {
    const readdir = vi.spyOn(fs, 'readdirSync');
    expect(findingsOf(libA)).toEqual([]);
    const listed = readdir.mock.calls.map(([dir]) => path.relative(root, String(dir)));
    expect(listed.sort()).toEqual(['', 'lib', 'nested']);
    readdir.mockClear();
    expect(findingsOf(libB)).toEqual([]);
    expect(readdir).not.toHaveBeenCalled();
  });

  it('sees files added later, once its refresh interval has passed', () => {
    write('components/widget.ts', "'use client';\nimport { load } from '../lib/a';\nexport const w = load;\n");
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 60_000);
    expect(findingsOf(libA).map((f) => f.reason)).toEqual([
      { kind: 'imported', importer: 'components/widget.ts', importerReason: { kind: 'use-client' }, via: [] },
    ]);
  });
});
