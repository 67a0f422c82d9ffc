// The package's public surface, pinned. A named export added to an entry point
// (an internal helper leaking out, as Owned and unwrap once did from index.js)
// fails here until it is added on purpose, with its types and docs; internals
// are imported by their module path inside the repo (src/js/lifecycle.js,
// src/js/errors.js), never through the package.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';

const dist = new URL('../../dist/', import.meta.url);

const INDEX_EXPORTS = [
  'ErrorCodes', 'EVENT_TYPES', 'load', 'ReelRankError', 'SAMPLE_TOPICS', 'sampleVideos', 'seededRandom',
  'simulateViewers', 'supportsSimd',
].sort();
const WORKER_EXPORTS = ['connect', 'ReelRankError', 'serve'].sort();

// Value exports a .d.ts declares (class, const, function, `export { a, b }`),
// following `export * from './x.js'` into x.d.ts. Type-only exports are not
// values and are not counted.
function declaredValues(file, seen = new Set()) {
  if (seen.has(file)) return [];
  seen.add(file);
  const text = readFileSync(new URL(file, dist), 'utf8');
  const names = [];
  for (const m of text.matchAll(/^export\s+(?:declare\s+)?(?:abstract\s+)?(?:class|const|let|var|function)\s+([A-Za-z_$][\w$]*)/gm)) {
    names.push(m[1]);
  }
  for (const m of text.matchAll(/^export\s+\{([^}]*)\}/gm)) {
    for (const part of m[1].split(',')) {
      const name = part.trim().split(/\s+as\s+/).pop();
      if (name && !name.startsWith('type ')) names.push(name);
    }
  }
  for (const m of text.matchAll(/^export\s+\*\s+from\s+'\.\/([\w-]+)\.js'/gm)) {
    names.push(...declaredValues(`${m[1]}.d.ts`, seen));
  }
  return names;
}

test('dist/index.js exports exactly the public API, nothing internal', async () => {
  const m = await import(new URL('index.js', dist));
  assert.deepEqual(Object.keys(m).sort(), INDEX_EXPORTS);
  assert.equal(m.Owned, undefined);
  assert.equal(m.unwrap, undefined);
});

test('dist/worker.js exports exactly serve, connect and ReelRankError', async () => {
  const m = await import(new URL('worker.js', dist));
  assert.deepEqual(Object.keys(m).sort(), WORKER_EXPORTS);
  const index = await import(new URL('index.js', dist));
  assert.equal(m.ReelRankError, index.ReelRankError, 'one error class for both entry points');
});

test('the .d.ts files declare the same values the modules export', () => {
  assert.deepEqual([...new Set(declaredValues('index.d.ts'))].sort(), INDEX_EXPORTS);
  assert.deepEqual([...new Set(declaredValues('worker.d.ts'))].sort(), WORKER_EXPORTS);
});

test("package.json exports the entry points and the two wasm files, no glue or internal module", () => {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  assert.deepEqual(Object.keys(manifest.exports).sort(),
    ['.', './package.json', './reelrank-tools.wasm', './reelrank.wasm', './worker']);
  assert.deepEqual(manifest.exports['.'], { types: './dist/index.d.ts', default: './dist/index.js' });
  assert.deepEqual(manifest.exports['./worker'], { types: './dist/worker.d.ts', default: './dist/worker.js' });
  assert.equal(manifest.exports['./reelrank.wasm'], './dist/reelrank.wasm');
  assert.equal(manifest.exports['./reelrank-tools.wasm'], './dist/reelrank-tools.wasm');
  // No subpath pattern ('./*', './dist/*') that would open every module to importers.
  assert.ok(Object.keys(manifest.exports).every((k) => !k.includes('*')));
});

test('the shipped modules carry no benchmark kernels', () => {
  // bench_bindings.cpp's module is built for the benchmarks only
  // (build/wasm/bench-module); its embind names are strings in a module's data.
  for (const f of ['reelrank.wasm', 'reelrank-tools.wasm', 'reelrank.mjs', 'reelrank-tools.mjs']) {
    const text = readFileSync(new URL(f, dist)).toString('latin1');
    for (const name of ['_BenchKernels', '_cosineScan', '_knnScoreAt']) {
      assert.ok(!text.includes(name), `dist/${f} holds ${name}`);
    }
  }
  assert.deepEqual(readdirSync(dist).filter((f) => /bench/i.test(f)), []);
});
