#!/usr/bin/env node
// A tiny static file server for the demo (no dependencies): serves web/ and
// the built package in dist/ from the repository, so web/index.html imports
// reelrank from /dist/index.js exactly as a user of the package would.
//
//   node scripts/serve.mjs            # http://127.0.0.1:8080/
//   PORT=3000 node scripts/serve.mjs  # another port; PORT=0 picks a free one
//
// Binds to 127.0.0.1 only. Nothing but web/ and dist/ is reachable.
import { createServer } from 'node:http';
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROOTS = ['web', 'dist']; // top-level folders that may be served
const HOST = '127.0.0.1';
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.csv': 'text/csv; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

/** Maps a URL path to a file inside one of ROOTS, or null. */
function resolvePath(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const rel = normalize(decoded).replace(/^[/\\]+/, '');
  const top = rel.split(/[/\\]/)[0];
  if (!ROOTS.includes(top)) return null;
  const full = join(root, rel);
  if (!full.startsWith(join(root, top) + sep) && full !== join(root, top)) return null;
  return full;
}

async function handle(req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'only GET and HEAD\n', { Allow: 'GET, HEAD' });
  const url = new URL(req.url, `http://${HOST}`);
  if (url.pathname === '/' || url.pathname === '/web') return send(res, 302, '', { Location: '/web/' });
  let file = resolvePath(url.pathname);
  if (!file) return send(res, 404, `not found: ${url.pathname}\n`);
  let info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    if (!url.pathname.endsWith('/')) return send(res, 302, '', { Location: `${url.pathname}/` });
    file = join(file, 'index.html');
    info = await stat(file).catch(() => null);
  }
  if (!info?.isFile()) {
    const hint = url.pathname.startsWith('/dist/') ? ' (run `node scripts/build.mjs` first)' : '';
    return send(res, 404, `not found: ${url.pathname}${hint}\n`);
  }
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
}

const server = createServer((req, res) => {
  handle(req, res).catch((err) => {
    if (!res.headersSent) send(res, 500, `server error: ${err.message}\n`);
    else res.destroy();
  });
});

const port = process.env.PORT === undefined || process.env.PORT === '' ? 8080 : Number(process.env.PORT);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`serve: PORT must be a number from 0 to 65535 (got ${JSON.stringify(process.env.PORT)})`);
  process.exit(2);
}
server.on('error', (err) => {
  console.error(err.code === 'EADDRINUSE' ? `serve: port ${port} is in use; try PORT=8081 npm start` : `serve: ${err.message}`);
  process.exit(1);
});
server.listen(port, HOST, () => {
  const { port: actual } = server.address();
  if (!existsSync(join(root, 'dist', 'index.js'))) {
    console.error('serve: dist/ is not built yet; run `node scripts/build.mjs` (npm start does it for you)');
  }
  console.log(`reelrank demo: http://${HOST}:${actual}/web/`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
