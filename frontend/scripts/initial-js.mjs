// The JavaScript a first visit loads before any screen: the entry script of dist/index.html and
// the chunks it imports statically (Vite lists them as modulepreload links), gzipped as a server
// would send them. Fails when the total is over the budget (300 KB, issue 20).
//
//   node scripts/initial-js.mjs [dist] [--json] [--max-kb 300]      (npm run check:size builds first)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const args = process.argv.slice(2);
const flag = (name) => args.indexOf(name);
const maxAt = flag('--max-kb');
const maxKB = maxAt >= 0 ? Number(args[maxAt + 1]) : 300;
const json = flag('--json') >= 0;
const dist = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--max-kb') ?? 'dist';

/** initialJS lists the entry chunk and its static imports with their raw and gzipped sizes. */
export function initialJS(distDir) {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const files = new Set();
  for (const m of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)) files.add(m[1]);
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) files.add(m[1]);
  if (files.size === 0) throw new Error(`${distDir}/index.html names no module script: run vite build first`);
  return [...files].map((href) => {
    const body = readFileSync(join(distDir, href.replace(/^\//, '')));
    return { file: href, bytes: body.length, gzip: gzipSync(body, { level: 9 }).length };
  });
}

const chunks = initialJS(dist);
const total = chunks.reduce((n, c) => n + c.gzip, 0);
const kb = (n) => (n / 1000).toFixed(1);
if (json) {
  console.log(JSON.stringify({ files: chunks, gzip_bytes: total, max_gzip_bytes: maxKB * 1000 }));
} else {
  for (const c of chunks)
    console.log(`${c.file.padEnd(48)} ${kb(c.bytes).padStart(8)} KB  gzip ${kb(c.gzip).padStart(7)} KB`);
  console.log(`initial JavaScript: ${kb(total)} KB gzipped (budget ${maxKB} KB)`);
}
if (total > maxKB * 1000) {
  console.error(`initial JavaScript is ${kb(total)} KB gzipped, over the ${maxKB} KB budget`);
  process.exit(1);
}
