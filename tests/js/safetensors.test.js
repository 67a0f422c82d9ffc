// Model.fromSafetensors: a tiny SASRec written by the numpy reference script
// (tests/fixtures/sasrec_reference.py computes its scores with the issue's
// equations), loaded through the JS API, must rank as numpy scores.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rr, expectCode } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'rr-safetensors-'));
execFileSync('/usr/bin/python3', [new URL('../fixtures/sasrec_reference.py', import.meta.url).pathname, dir]);
const bytes = new Uint8Array(readFileSync(join(dir, 'sasrec_tiny.safetensors')));
// The reference file: "model NAME ITEMS FEEDBACK", then "case N i1..iN" and "scores N s1..sN" lines.
const cases = [];
let model = null;
for (const line of readFileSync(join(dir, 'sasrec_reference.txt'), 'utf8').split('\n')) {
  const [kind, ...rest] = line.trim().split(/\s+/);
  if (kind === 'model') model = rest[0];
  else if (kind === 'case' && model === 'sasrec_tiny.safetensors') cases.push({ items: rest.slice(1).map(Number) });
  else if (kind === 'scores' && model === 'sasrec_tiny.safetensors') cases.at(-1).scores = rest.slice(1).map(Number);
}
rmSync(dir, { recursive: true, force: true });
const ITEMS = Array.from({ length: 12 }, (_, i) => `v${i}`);

test('a PyTorch-layout SASRec ranks as numpy scores it (scaled by the largest |score|, as the blend does)', () => {
  // Sequences without a repeated neighbour: a profile's repeated view of one
  // video is one step, numpy's sequence is not.
  const usable = cases.filter((c) => c.items.every((x, i) => i === 0 || c.items[i - 1] !== x));
  assert.ok(usable.length >= 3, 'the script wrote the sequences this test reads');
  rr.scope(() => {
    const m = rr.Model.fromSafetensors(bytes, { items: ITEMS });
    assert.equal(m.algorithm, 'sasrec');
    assert.equal(m.itemCount, 12);
    for (const c of usable) {
      const me = new rr.Profile();
      c.items.forEach((x, t) => me.record({ item: ITEMS[x], type: 'like', timestamp: 1_700_000_000 + t }));
      const recs = m.recommend(me, { k: 12, excludeSeen: false, explain: false });
      const top = Math.max(...c.scores.map(Math.abs));
      for (const r of recs) {
        const expected = c.scores[Number(r.id.slice(1))] / top;
        assert.ok(Math.abs(r.score - expected) < 1e-4, `sequence ${c.items}: ${r.id} ${r.score} vs numpy ${expected}`);
      }
      assert.equal(recs.length, 12);
    }
    // Saved and loaded, the imported model ranks the same.
    const me = new rr.Profile();
    usable[1].items.forEach((x, t) => me.record({ item: ITEMS[x], type: 'like', timestamp: 1_700_000_000 + t }));
    const back = rr.Model.load(m.save());
    assert.deepEqual(back.recommend(me, { k: 5 }), m.recommend(me, { k: 5 }));
    // A reason from the attention: the recent video it attends to most.
    assert.ok(m.recommend(me, { k: 3 }).some((r) => r.reasons.some((why) => why.kind === 'recent' && ITEMS.includes(why.item))));
  });
});

test('fromSafetensors: mismatches are E_ARG naming what is wrong, damage E_CORRUPT, and nothing leaks', () => {
  const heap = rr.heapInUse?.();
  expectCode(() => rr.Model.fromSafetensors(bytes, { items: ITEMS.slice(1) }), 'E_ARG');
  assert.throws(() => rr.Model.fromSafetensors(bytes, { items: ITEMS.slice(1) }), /12.*11|11.*12/);
  expectCode(() => rr.Model.fromSafetensors(bytes, {}), 'E_ARG');
  expectCode(() => rr.Model.fromSafetensors(bytes, { items: ITEMS, dim: 8 }), 'E_ARG');
  expectCode(() => rr.Model.fromSafetensors('not bytes', { items: ITEMS }), 'E_ARG');
  expectCode(() => rr.Model.fromSafetensors(bytes, { items: [...ITEMS.slice(1), 'v1'] }), 'E_ARG');
  const damaged = bytes.slice();
  damaged[10] = '}'.charCodeAt(0);  // inside the JSON header
  expectCode(() => rr.Model.fromSafetensors(damaged, { items: ITEMS }), 'E_CORRUPT');
  expectCode(() => rr.Model.fromSafetensors(bytes.slice(0, 40), { items: ITEMS }), 'E_CORRUPT');
  if (heap !== undefined) assert.equal(rr.heapInUse(), heap, 'failed imports leave the heap as it was');
});
