// Copies the installed package's browser files into extension/reelrank/, so
// the extension ships them inside itself (an extension may only run its own
// scripts). Run after `npm install`: node copy-reelrank.mjs
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const dist = dirname(require.resolve('reelrank/reelrank.wasm')); // node_modules/reelrank/dist
const out = join(here, 'extension', 'reelrank');
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const files = (await readdir(dist)).filter((f) => /\.(m?js|wasm)$/.test(f));
for (const f of files) await copyFile(join(dist, f), join(out, f));
console.log(`copied ${files.length} files into extension/reelrank/`);
