// A random-weight SASRec as a .safetensors file (the layout
// rr.Model.fromSafetensors reads, docs/models.md), so the benchmark can time
// recommend() at any catalogue size without training: inference costs the
// same whatever the weights are.
const f32 = 4;

// Seeded standard-normal-ish values (sum of uniforms from a 32-bit LCG).
function filler(seed) {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  return () => (u() + u() + u() - 1.5) * 2;
}

export function randomSasrec({ items, dim = 64, blocks = 2, heads = 1, maxLen = 200, ffn = dim, seed = 1 }) {
  const tensors = [];
  const add = (name, shape, value) => tensors.push({ name, shape, value });
  const next = filler(seed);
  const random = (scale) => () => next() * scale;
  const constant = (c) => () => c;
  add('item_embedding', [items + 1, dim], random(0.1));
  add('position_embedding', [maxLen, dim], random(0.1));
  for (let b = 0; b < blocks; b++) {
    add(`block.${b}.norm1.weight`, [dim], constant(1));
    add(`block.${b}.norm1.bias`, [dim], constant(0));
    add(`block.${b}.qkv.weight`, [3 * dim, dim], random(1 / Math.sqrt(dim)));
    add(`block.${b}.qkv.bias`, [3 * dim], constant(0));
    add(`block.${b}.proj.weight`, [dim, dim], random(1 / Math.sqrt(dim)));
    add(`block.${b}.proj.bias`, [dim], constant(0));
    add(`block.${b}.norm2.weight`, [dim], constant(1));
    add(`block.${b}.norm2.bias`, [dim], constant(0));
    add(`block.${b}.ffn1.weight`, [ffn, dim], random(1 / Math.sqrt(dim)));
    add(`block.${b}.ffn1.bias`, [ffn], constant(0));
    add(`block.${b}.ffn2.weight`, [dim, ffn], random(1 / Math.sqrt(ffn)));
    add(`block.${b}.ffn2.bias`, [dim], constant(0));
  }
  add('final_norm.weight', [dim], constant(1));
  add('final_norm.bias', [dim], constant(0));

  const header = { __metadata__: { architecture: 'sasrec', max_len: String(maxLen), heads: String(heads) } };
  let offset = 0;
  for (const t of tensors) {
    const bytes = t.shape.reduce((a, b) => a * b, 1) * f32;
    header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);  // the data starts 8-byte aligned
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  out.set(new TextEncoder().encode(json), 8);
  let at = 8 + json.length;
  for (const t of tensors) {
    const n = t.shape.reduce((a, b) => a * b, 1);
    for (let i = 0; i < n; i++, at += f32) view.setFloat32(at, t.value(), true);
  }
  return out;
}
