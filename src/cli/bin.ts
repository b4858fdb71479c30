#!/usr/bin/env node
import { main } from './main.js';

// ESLint gives advice about worker counts as a process warning. Standard error is kept for
// errors, so that advice is dropped; other warnings still show, on one line each.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name !== 'ESLintPoorConcurrencyWarning') process.stderr.write(`tango-lint: warning: ${warning.message}\n`);
});

process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: process.stderr.isTTY === true,
  env: process.env,
});
