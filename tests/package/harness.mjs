// Helpers for tests/package/environments.test.mjs: pack once, install the
// tarball into empty folders as a stranger would, serve folders on loopback
// while logging every request, and drive Debian's Chromium with playwright-core.
import { execFile, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EXAMPLES = join(ROOT, 'examples');
export const CHROMIUM = process.env.REELRANK_CHROMIUM ?? '/usr/bin/chromium';

// Tools a stranger would add next to reelrank, pinned.
export const VITE = 'vite@8.3.8';
export const ESBUILD = 'esbuild@0.28.2';

/** Runs a command; resolves { stdout, stderr }; rejects with both in the message. */
export async function run(cmd, args, options = {}) {
  try {
    return await execFileP(cmd, args, { maxBuffer: 64 << 20, timeout: 120_000, ...options });
  } catch (err) {
    err.message = `${cmd} ${args.join(' ')} failed (exit ${err.code}):\n${err.stdout ?? ''}\n${err.stderr ?? ''}`;
    throw err;
  }
}

/** The npm environment every install shares: one cache, no audit, no fund, no update check. */
export function npmEnv(cacheDir) {
  const env = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  if (cacheDir) env.npm_config_cache = cacheDir;
  // npm's own variables set when this suite runs under `npm run` would leak into the stranger's installs.
  for (const k of Object.keys(env)) {
    if (/^npm_(package|lifecycle|config_(prefix|global|local|save|workspace))/i.test(k)) delete env[k];
  }
  return env;
}

export async function makeTemp(prefix) {
  return mkdtemp(join(tmpdir(), prefix));
}

/** npm pack of the repository into `dest`; returns the tarball's absolute path. */
export async function packOnce(dest, env) {
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dest], { cwd: ROOT, env });
  const info = JSON.parse(stdout.slice(stdout.indexOf('[')));
  return { tarball: join(dest, info[0].filename), files: info[0].files.map((f) => f.path) };
}

/** The packed package.json, read from the tarball itself. */
export async function packedManifest(tarball) {
  const { stdout } = await run('tar', ['-xzOf', tarball, 'package/package.json']);
  return JSON.parse(stdout);
}

/**
 * A new, empty app folder with the tarball installed as a stranger would
 * (`npm install <tarball> [tools...]`), then the example's own files copied
 * in (everything but package.json, node_modules and README).
 */
export async function makeApp(base, name, { tarball, tools = [], env, example = name }) {
  const app = join(base, name);
  await mkdir(app, { recursive: true });
  const before = await readdir(app);
  if (before.length) throw new Error(`${app} is not empty`);
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball, ...tools], { cwd: app, env });
  const src = join(EXAMPLES, example);
  // Only the example's own sources: no install or build output a developer may have left in the repository.
  const skip = new Set(['package.json', 'package-lock.json', 'node_modules', 'dist', 'README.md', '.gitignore']);
  const filter = (from) => {
    const rel = relative(src, from).split(sep);
    return !rel.some((part) => part === 'node_modules') && !(rel[0] === 'extension' && rel[1] === 'reelrank');
  };
  for (const entry of await readdir(src)) {
    if (skip.has(entry)) continue;
    await cp(join(src, entry), join(app, entry), { recursive: true, filter });
  }
  return app;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
};

/**
 * A static server on 127.0.0.1 for `root`, logging every request path.
 * Resolves { origin, requests, close }.
 */
export async function serveStatic(root) {
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push(path);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root + sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    try {
      const s = await stat(file);
      if (!s.isFile()) throw new Error('not a file');
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    requests,
    close: () => new Promise((ok) => {
      server.closeAllConnections?.();
      server.close(() => ok());
    }),
  };
}

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

let playwright;
async function chromiumApi() {
  playwright ??= await import('playwright-core');
  return playwright.chromium;
}

/** A persistent context on a fresh --user-data-dir; extra args appended. Caller closes it and removes dir. */
export async function launchChromium(base, name, extraArgs = []) {
  const chromium = await chromiumApi();
  const userDataDir = await mkdtemp(join(base, `profile-${name}-`));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: false, // '--headless' is passed in args, exactly as documented in TOOLCHAIN.md
    args: [...CHROMIUM_ARGS, ...extraArgs],
    timeout: 60_000,
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Opens `url` in a new page of `context`, recording every request the page
 * (and its workers) makes and every console error, then waits until the page
 * sets document.body.dataset.status to 'done' or 'error'. Resolves
 * { page, requests, result, consoleErrors }.
 */
export async function openAndWait(context, url, { timeout = 30_000 } = {}) {
  const page = await context.newPage();
  const requests = [];
  const consoleErrors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(url);
  try {
    await page.waitForFunction(() => ['done', 'error'].includes(document.body?.dataset.status), null, { timeout });
  } catch (err) {
    const text = await page.evaluate(() => document.body?.innerText).catch(() => '');
    err.message += `\npage text: ${text}\nconsole errors: ${consoleErrors.join('\n')}\nrequests: ${requests.join('\n')}`;
    throw err;
  }
  const result = await page.evaluate(() => window.reelrankResult);
  return { page, requests, result, consoleErrors };
}

/** Spawns a long-running process; resolves once `ready` matches its output. */
export function spawnUntil(cmd, args, { cwd, env, ready, timeout = 60_000 }) {
  return new Promise((resolveP, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${cmd} ${args.join(' ')} did not become ready in ${timeout} ms:\n${out}`));
    }, timeout);
    const onData = (chunk) => {
      out += chunk;
      const m = out.match(ready);
      if (m) {
        clearTimeout(timer);
        resolveP({ child, match: m, output: () => out });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} exited (${code}) before it was ready:\n${out}`));
    });
  });
}

export function stopChild(child) {
  return new Promise((ok) => {
    if (child.exitCode !== null || child.signalCode !== null) return ok();
    child.once('exit', () => ok());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
}
