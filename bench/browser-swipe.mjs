// One SASRec swipe (record + recommend, k 10; bench/sasrec-swipe-world.mjs)
// timed inside headless Debian Chromium, the engine a page runs in, where
// the rest of npm run bench times it under Node. Serves the repository's
// dist/ and bench/ from a local static server (nothing leaves 127.0.0.1).
//   node bench/browser-swipe.mjs [--items 1000,10000,100000] [--history 0]
// Needs dist/ built (node scripts/build.mjs) and Chromium (CHROMIUM_PATH or
// /usr/bin/chromium). npm run bench calls timeSwipesInChromium for 10,000.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { serveStatic } from '../tests/browser/static-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Median and fastest milliseconds of one swipe for each catalogue size, in
 * Chromium; null when there is no Chromium to run.
 * @returns {Promise<null | { browser: string, rows: { items: number, median: number, fastest: number }[] }>}
 */
export async function timeSwipesInChromium({ items = [10_000], history = 0 } = {}) {
  if (!existsSync(CHROMIUM)) return null;
  if (!existsSync(join(root, 'dist/reelrank.wasm'))) throw new Error('browser-swipe: dist/ is not built (node scripts/build.mjs)');
  const server = await serveStatic(root);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/bench/browser-swipe.html`);
    await page.waitForFunction(() => window.ready === true || document.title === 'failed', null, { timeout: 30_000 })
      .catch(() => { throw new Error(`browser-swipe: the page did not load (${errors.join('; ') || 'no error reported'})`); });
    const rows = [];
    for (const n of items) rows.push({ items: n, ...(await page.evaluate((o) => window.runSwipes(o), { items: n, history })) });
    const agent = await page.evaluate(() => navigator.userAgent);
    return { browser: agent.replace(/^.*(HeadlessChrome\/[\d.]+).*$/, '$1'), rows };
  } finally {
    await browser.close();
    await server.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { items: { type: 'string', default: '1000,10000,100000' }, history: { type: 'string', default: '0' } } });
  const history = Number(values.history);
  const r = await timeSwipesInChromium({ items: values.items.split(',').map(Number), history });
  if (!r) {
    console.error(`browser-swipe: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH, or apt-get install chromium)`);
    process.exit(2);
  }
  console.log(r.browser);
  const seen = history > 0 ? `, ${history.toLocaleString('en')} videos seen before` : '';
  for (const row of r.rows) {
    console.log(`one swipe (record + sasrec recommend, k 10), ${row.items.toLocaleString('en')} videos, d 64, 2 blocks, ` +
      `200 events${seen}: median ${row.median.toFixed(3)} ms (fastest ${row.fastest.toFixed(3)}), 40 samples of 10 swipes`);
  }
}
