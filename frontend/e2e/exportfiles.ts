// Shared by the export specs: saving what the browser downloads, and running `caseward export verify`
// as someone who received the files would: no DATABASE_URL, no CASEWARD_* settings, no data dir.
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Download, Page } from '@playwright/test';

// The binary the tests serve with: its `export verify` subcommand is the offline checker.
import { casewardBinary } from './server';

export interface Run {
  code: number;
  output: string;
}

/** run executes a program and resolves with its exit status and output, whatever the status. */
export function run(file: string, args: string[], cwd?: string): Promise<Run> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('CASEWARD_') && k !== 'DATABASE_URL'),
  );
  return new Promise((resolve) => {
    execFile(file, args, { env: cwd ? { ...env, HOME: cwd } : env, cwd, timeout: 15_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

/**
 * verifyOffline copies files into an empty temporary folder and runs `caseward export verify` there on
 * them; it returns the result and what the folder holds afterwards.
 */
export async function verifyOffline(files: string[]): Promise<Run & { left: string[] }> {
  const folder = await mkdtemp(path.join(tmpdir(), 'caseward-received-'));
  try {
    for (const f of files) await copyFile(f, path.join(folder, path.basename(f)));
    const result = await run(casewardBinary, ['export', 'verify', ...files.map((f) => path.basename(f))], folder);
    return { ...result, left: (await readdir(folder)).sort() };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

export interface Saved {
  file: string;
  download: Download;
}

/** saveAll waits for count downloads that one action starts (an export and its .sig) and keeps them in dir. */
export async function saveAll(page: Page, dir: string, count: number, action: () => Promise<void>): Promise<Saved[]> {
  const got: Download[] = [];
  const all = new Promise<void>((resolve) => {
    const on = (d: Download) => {
      got.push(d);
      if (got.length < count) return;
      page.off('download', on);
      resolve();
    };
    page.on('download', on);
  });
  await action();
  await all;
  return Promise.all(
    got.map(async (download) => {
      const file = path.join(dir, download.suggestedFilename());
      await download.saveAs(file);
      return { file, download };
    }),
  );
}

/** save waits for the one download that action starts and keeps it in dir under its suggested name. */
export async function save(page: Page, dir: string, action: () => Promise<void>): Promise<Saved> {
  const [download] = await Promise.all([page.waitForEvent('download'), action()]);
  const file = path.join(dir, download.suggestedFilename());
  await download.saveAs(file);
  return { file, download };
}
