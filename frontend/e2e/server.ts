// Starts `caseward serve` on a free port with a fresh data dir: one per Playwright worker
// (fixtures.ts), so that workers never see each other's data.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const frontendDir = path.resolve(import.meta.dirname, '..');
const READY_TIMEOUT_MS = 20_000;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** serverEnv is the parent's environment without settings that could point the server elsewhere. */
function serverEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('CASEWARD_') && key !== 'DATABASE_URL') env[key] = value;
  }
  return { ...env, ...extra };
}

async function waitReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`caseward serve exited with code ${child.exitCode} before it was ready:\n${output()}`);
    }
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`caseward serve was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${output()}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export const casewardBinary = path.resolve(frontendDir, process.env.CASEWARD_BIN ?? '../bin/caseward');
export const spaDist = path.join(frontendDir, 'dist');

export interface Server {
  url: string;
  adminPassword: string;
  /** stop stops the server and removes its data dir. */
  stop: () => Promise<void>;
}

/** startServer starts a server; extraEnv adds settings (e2e/sso.spec.ts: single sign-on). */
export async function startServer(extraEnv: Record<string, string> = {}, port?: number): Promise<Server> {
  port ??= await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'caseward-e2e-'));
  const adminPassword = `e2e-${randomBytes(12).toString('base64url')}`;

  let log = '';
  const child = spawn(casewardBinary, ['serve'], {
    cwd: dataDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: serverEnv({
      CASEWARD_ADDR: `127.0.0.1:${port}`,
      CASEWARD_DATA_DIR: dataDir,
      CASEWARD_STATIC_DIR: spaDist,
      CASEWARD_ADMIN_PASSWORD: adminPassword,
      CASEWARD_LOG_LEVEL: 'warn',
      // e2e/webhooks.spec.ts runs its webhook receiver on loopback, over plain http.
      CASEWARD_WEBHOOK_ALLOW: '127.0.0.1/32',
      CASEWARD_WEBHOOK_ALLOW_HTTP: 'true',
      ...extraEnv,
    }),
  });
  const keep = (chunk: Buffer) => {
    log += chunk.toString();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const teardown = async () => {
    await stop(child);
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await waitReady(url, child, () => log);
  } catch (err) {
    await teardown();
    throw err;
  }
  return { url, adminPassword, stop: teardown };
}
