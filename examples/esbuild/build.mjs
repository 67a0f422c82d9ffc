// Bundles src/main.js with esbuild into dist/, and puts reelrank.wasm beside
// the bundle, where the package's `new URL('./reelrank.wasm', import.meta.url)`
// looks for it. Run: node build.mjs   then serve this folder statically.
import * as esbuild from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
await mkdir('dist', { recursive: true });
await esbuild.build({
  entryPoints: ['src/main.js'],
  bundle: true,
  format: 'esm', // keeps import.meta.url, which finds the .wasm
  minify: true,
  sourcemap: true,
  outdir: 'dist',
  logLevel: 'warning',
});
// The package exports its .wasm as 'reelrank/reelrank.wasm'.
await copyFile(require.resolve('reelrank/reelrank.wasm'), 'dist/reelrank.wasm');
console.log('built dist/main.js and dist/reelrank.wasm');
