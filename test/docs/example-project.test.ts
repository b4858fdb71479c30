import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { ROOT } from './markdown.js';

const EXAMPLE = path.join(ROOT, 'examples', 'express-basic-auth');

// The example's README lists what `npm run example` reports; this keeps the two in step.
describe('examples/express-basic-auth', () => {
  it('reports exactly the two mistakes its README lists', async () => {
    const eslint = new ESLint({ cwd: EXAMPLE, overrideConfigFile: true, overrideConfig: [plugin.configs.recommended] });
    const results = await eslint.lintFiles(['.']);
    const findings = results.flatMap((result) =>
      result.messages.map((m) => ({ file: path.relative(EXAMPLE, result.filePath), line: m.line, rule: m.ruleId, severity: m.severity })),
    );
    expect(results.map((r) => path.relative(EXAMPLE, r.filePath)).sort()).toEqual([
      'src/config.ts',
      'src/orders.ts',
      'src/server.ts',
      'src/tango-client.ts',
    ]);
    expect(findings).toEqual([
      { file: 'src/orders.ts', line: 20, rule: 'tango/require-request-timeout', severity: 2 },
      { file: 'src/tango-client.ts', line: 14, rule: 'tango/no-disabled-tls-verification', severity: 2 },
    ]);
  });
});
