// Damaged payloads that pass the envelope: each is resealed with a correct
// length and CRC-32, as a careless tool (or an attacker) would write them, so
// the damage reaches the section readers in wasm instead of the checksum.
// Every such model or profile loads and works, or is E_CORRUPT; nothing else,
// and the module stays usable throughout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rr, world } from './helpers.js';

const CRC_TABLE = Array.from({ length: 256 }, (_, i) => {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
// docs/format.md: magic[4] | u16 version | u16 reserved | u64 length | payload | u32 crc32.
function reseal(sealed, edit) {
  const out = sealed.slice();
  edit(out.subarray(16, out.length - 4));
  new DataView(out.buffer).setUint32(out.length - 4, crc32(out.subarray(0, out.length - 4)), true);
  return out;
}

function loadsOrCorrupt(load, bytes, what) {
  try {
    return load(bytes);
  } catch (err) {
    assert.ok(err instanceof rr.ReelRankError, `${what}: ${err}`);
    assert.equal(err.code, 'E_CORRUPT', `${what}: ${err.message}`);
    return null;
  }
}

test('resealing keeps a snapshot valid: the helper is right', () => {
  const { catalog, log, model } = world('itemknn');
  const bytes = model.save();
  const same = reseal(bytes, () => {});
  assert.deepEqual(same, bytes);
  const back = rr.Model.load(same);
  assert.deepEqual(back.save(), bytes);
  for (const o of [back, model, log, catalog]) o.dispose();
});

test('every byte of a model payload, changed and resealed, loads and ranks or is E_CORRUPT', () => {
  for (const algorithm of ['itemknn', 'userknn', 'content', 'ials', 'ease', 'popularity']) {
    const extra = algorithm === 'ials' ? { factors: 2, iterations: 1 } : {};
    const { catalog, log, model } = world(algorithm, extra);
    const bytes = model.save();
    const me = new rr.Profile();
    me.record({ item: 'v1', type: 'like', timestamp: 1_700_000_000 });
    let refused = 0;
    for (let at = 0; at < bytes.length - 20; at++) {
      const damaged = reseal(bytes, (p) => { p[at] ^= 0xff; });
      const m = loadsOrCorrupt(rr.Model.load, damaged, `${algorithm} byte ${at}`);
      if (!m) {
        refused += 1;
        continue;
      }
      assert.ok(Array.isArray(m.recommend(me, { k: 3, explain: true })));
      m.dispose();
    }
    assert.ok(refused > 0, `${algorithm}: some damage is refused`);
    for (const o of [me, model, log, catalog]) o.dispose();
  }
});

test('every byte of a profile payload, changed and resealed, loads or is E_CORRUPT; a profile that loads saves again', () => {
  const me = new rr.Profile();
  me.recordMany([
    { item: 'v1', type: 'like', timestamp: 10, tags: ['a'], creator: 'c' },
    { item: 'v2', type: 'view', watchTime: 5, duration: 10, timestamp: 20 },
    { item: 'v3', type: 'skip', timestamp: 30 },
  ]);
  me.block({ creator: 'spam' });
  const bytes = me.save();
  const heap = rr.heapInUse();
  for (let at = 0; at < bytes.length - 20; at++) {
    const p = loadsOrCorrupt((b) => rr.Profile.load(b), reseal(bytes, (x) => { x[at] ^= 0xff; }), `profile byte ${at}`);
    if (p) {
      const again = p.save();
      const q = rr.Profile.load(again);
      assert.deepEqual(q.save(), again);
      q.dispose();
      p.dispose();
    }
  }
  assert.equal(rr.heapInUse(), heap, 'refused loads leave nothing behind');
  me.dispose();
});
