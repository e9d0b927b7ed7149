// The cases list as a user meets it, in Debian's Chromium (never a downloaded browser): how long
// from navigation to the first row, the main thread's long tasks meanwhile, and the JavaScript the
// page loaded until then. `go run ./bench -only spa-list-speed` runs it against a seeded server;
// it prints one JSON object on stdout.
//
//   node bench/listspeed.mjs --base http://127.0.0.1:8080 [--runs 7] [--email responder.0@example.org]
//
// Each run opens a fresh browser context (empty cache, no session), signs in on /login, and then
//   load: opens /cases as a new page load (the browser's cache is warm from the sign-in, the
//         session is restored from its refresh token: what a reload or a bookmark costs);
//   nav:  goes to the overview and clicks "Cases" in the navigation (a navigation inside the app).
// The first row is the first element with data-testid="case-row" in the DOM, seen by a
// MutationObserver the page gets before its own scripts; long tasks come from a buffered
// PerformanceObserver('longtask') in the same script. A long task's duration is wall time: on a busy
// machine it includes the time the page's main thread waited for a core. The browser's trace gives
// each task's thread time too (what the page itself cost), reported as long_task_cpu_ms.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .join(' ')
    .split('--')
    .filter(Boolean)
    .map((a) => a.trim().split(/\s+/)),
);
const base = args.base ?? 'http://127.0.0.1:8080';
const runs = Number(args.runs ?? 7);
const email = args.email ?? 'responder.0@example.org';
const password = args.password ?? 'caseward-seed-password';
const timeout = 30_000;

// Runs in the page before its scripts: marks the first row and keeps every long task.
const probe = () => {
  window.__bench = { longTasks: [], firstRow: null };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const seen = () => {
    if (window.__bench.firstRow === null && document.querySelector('[data-testid="case-row"]')) {
      window.__bench.firstRow = performance.now();
      performance.mark('caseward:first-row');
    }
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x) => Math.round(x * 10) / 10;

async function signIn(page) {
  await page.goto(base + '/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout });
}

/** settle waits for the page to go quiet after the first row, so late long tasks are counted too. */
async function measure(page, t0) {
  await page.waitForFunction(() => window.__bench.firstRow !== null, null, { timeout, polling: 50 });
  await page.waitForTimeout(1000);
  return page.evaluate((t0) => {
    const b = window.__bench;
    const tasks = b.longTasks.filter((t) => t.start + t.duration >= t0 && t.start <= b.firstRow + 1000);
    const js = performance
      .getEntriesByType('resource')
      .filter((r) => r.name.endsWith('.js') && r.startTime <= b.firstRow)
      .map((r) => r.name);
    return {
      first_row_ms: b.firstRow - t0,
      long_tasks: tasks.length,
      long_task_max_ms: Math.max(0, ...tasks.map((t) => t.duration)),
      long_task_total_ms: tasks.reduce((n, t) => n + t.duration, 0),
      js,
    };
  }, t0);
}

/**
 * traced runs step with the browser tracing the page, and returns the main thread's time of the
 * longest task it ran meanwhile (ms): the renderer's main thread is the one that evaluated scripts.
 */
async function traced(browser, page, step) {
  const dir = await mkdtemp(path.join(tmpdir(), 'caseward-trace-'));
  const file = path.join(dir, 'trace.json');
  await browser.startTracing(page, {
    path: file,
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'],
  });
  let result;
  try {
    result = await step();
  } finally {
    await browser.stopTracing();
  }
  const events = JSON.parse(await readFile(file, 'utf8')).traceEvents;
  await rm(dir, { recursive: true, force: true });
  const scripted = new Set(events.filter((e) => e.name === 'FunctionCall').map((e) => `${e.pid}:${e.tid}`));
  const cpu = events
    .filter((e) => e.name === 'RunTask' && e.ph === 'X' && scripted.has(`${e.pid}:${e.tid}`))
    .map((e) => (e.tdur ?? 0) / 1000);
  result.long_task_cpu_ms = Math.max(0, ...cpu);
  return result;
}

const gzipCache = new Map();
async function gzipBytes(request, urls) {
  let total = 0;
  for (const url of new Set(urls)) {
    if (!gzipCache.has(url)) gzipCache.set(url, gzipSync(await (await request.get(url)).body(), { level: 9 }).length);
    total += gzipCache.get(url);
  }
  return total;
}

const browser = await chromium.launch({
  executablePath: process.env.CASEWARD_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
});
const samples = { load: [], nav: [] };
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(probe);
    const page = await context.newPage();
    await signIn(page);

    const load = await traced(browser, page, async () => {
      await page.goto(base + '/cases', { waitUntil: 'commit' });
      return measure(page, 0);
    });
    load.js_gzip_bytes = await gzipBytes(context.request, load.js);
    samples.load.push(load);

    await page.goto(base + '/');
    const navLink = page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Cases' });
    await navLink.waitFor({ timeout });
    await page.waitForTimeout(500);
    const t0 = await page.evaluate(() => {
      window.__bench.firstRow = null;
      return performance.now();
    });
    const nav = await traced(browser, page, async () => {
      await navLink.click();
      return measure(page, t0);
    });
    nav.js_gzip_bytes = await gzipBytes(context.request, nav.js);
    samples.nav.push(nav);
    await context.close();
  }
} finally {
  await browser.close();
}

const summary = (list) => ({
  runs: list.length,
  first_row_ms_median: round(median(list.map((s) => s.first_row_ms))),
  first_row_ms_max: round(Math.max(...list.map((s) => s.first_row_ms))),
  long_task_max_ms_median: round(median(list.map((s) => s.long_task_max_ms))),
  long_task_max_ms_max: round(Math.max(...list.map((s) => s.long_task_max_ms))),
  long_task_total_ms_median: round(median(list.map((s) => s.long_task_total_ms))),
  long_task_cpu_ms_median: round(median(list.map((s) => s.long_task_cpu_ms))),
  long_task_cpu_ms_max: round(Math.max(...list.map((s) => s.long_task_cpu_ms))),
  js_files_to_first_row: list[0].js.length,
  js_gzip_bytes_to_first_row: list[0].js_gzip_bytes,
  first_row_ms_each: list.map((s) => round(s.first_row_ms)),
});
console.log(JSON.stringify({ email, load: summary(samples.load), nav: summary(samples.nav) }));
