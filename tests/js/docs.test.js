// The docs' option tables are generated from the core's registry
// (scripts/algorithm-docs.mjs); this fails when docs/models.md is stale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rr } from './helpers.js';
import { algorithmSection, BEGIN, END } from '../../scripts/algorithm-docs.mjs';

test('docs/models.md holds the option tables of rr.algorithms (node scripts/algorithm-docs.mjs --write updates them)', () => {
  const doc = readFileSync(new URL('../../docs/models.md', import.meta.url), 'utf8');
  const inDoc = doc.slice(doc.indexOf(BEGIN), doc.indexOf(END) + END.length);
  assert.equal(inDoc, algorithmSection(rr.algorithms));
  for (const a of rr.algorithms) {
    for (const o of a.options) assert.ok(inDoc.includes(`| \`${o.name}\` |`), `${a.name}.${o.name} is documented`);
  }
});
