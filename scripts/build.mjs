#!/usr/bin/env node
// Builds the npm package into dist/: the wasm module (Emscripten, release
// flags) plus the ESM wrapper and its types. Usage: node scripts/build.mjs
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, NODE_PATH: '/usr/share/nodejs' }; // TOOLCHAIN.md pitfall 1
const wasmDir = join(root, 'build', 'wasm');

function run(cmd, args) {
  console.error(`> ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { cwd: root, env, stdio: 'inherit' });
}

if (!existsSync(join(wasmDir, 'CMakeCache.txt'))) {
  run('emcmake', ['cmake', '-S', '.', '-B', wasmDir, '-DCMAKE_BUILD_TYPE=Release']);
}
run('cmake', ['--build', wasmDir, '--target', 'reelrank_wasm', 'reelrank_tools_wasm', '-j2']);

const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });
for (const f of ['reelrank.mjs', 'reelrank.wasm', 'reelrank-tools.mjs', 'reelrank-tools.wasm']) copyFileSync(join(wasmDir, 'module', f), join(dist, f));
for (const f of readdirSync(join(root, 'src', 'js'))) {
  if (f.endsWith('.js') || f.endsWith('.d.ts')) copyFileSync(join(root, 'src', 'js', f), join(dist, f));
}
console.error('dist/ is ready');
