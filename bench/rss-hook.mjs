// Loaded with --import: writes the process's peak RSS to $TANGO_BENCH_RSS_FILE when it exits.
import fs from 'node:fs';

const file = process.env.TANGO_BENCH_RSS_FILE;
if (file) process.on('exit', () => fs.writeFileSync(file, String(process.resourceUsage().maxRSS)));
