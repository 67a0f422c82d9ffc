// The demo as a Vite app.
//   npm start           Vite's dev server on http://127.0.0.1:8080/ (PORT=9000 for another port)
//   npm run build:demo  a static folder, build/demo/, for any static host; it works offline
// The page imports the package by its name, `reelrank`, exactly as a user
// would; here the name resolves to the built package in dist/ (its public
// entry, never src/). Vite emits the package's .wasm files as assets, in the
// page and in the evaluation worker.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

function port() {
  const text = process.env.PORT;
  if (text === undefined || text === '') return 8080;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535) throw new Error(`PORT must be a number from 0 to 65535 (got ${JSON.stringify(text)})`);
  return n;
}

export default defineConfig({
  root: here('.'),
  // Relative URLs in the build, so the folder works from any path of any host.
  base: './',
  publicDir: false,
  clearScreen: false,
  resolve: {
    alias: [{ find: /^reelrank$/, replacement: here('../dist/index.js') }],
  },
  server: {
    host: '127.0.0.1',
    port: port(),
    strictPort: true,
    // Serve web/ and the built package; nothing else of the repository.
    fs: { strict: true, allow: [here('.'), here('../dist'), here('../node_modules')] },
  },
  preview: { host: '127.0.0.1', port: port(), strictPort: true },
  // The worker imports reelrank, whose tools module is a separate chunk: ES workers.
  worker: { format: 'es' },
  build: {
    outDir: here('../build/demo'),
    emptyOutDir: true,
    target: 'es2022',
    // The .wasm files are far above any inline limit; keep every asset a file.
    assetsInlineLimit: 0,
    reportCompressedSize: true,
  },
});
