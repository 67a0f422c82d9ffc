// Loads the model train_and_export.py wrote and ranks for the person in
// check.json, next to PyTorch's own top 10 for them.
//   node recommend.mjs OUT_DIR
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'reelrank';

const dir = process.argv[2] ?? 'out';
const rr = await load();
const items = JSON.parse(readFileSync(join(dir, 'items.json'), 'utf8'));
const check = JSON.parse(readFileSync(join(dir, 'check.json'), 'utf8'));
const model = rr.Model.fromSafetensors(new Uint8Array(readFileSync(join(dir, 'sasrec.safetensors'))), { items });
const me = new rr.Profile();
check.events.forEach((item, t) => me.record({ item, type: 'like', timestamp: 1_700_000_000 + t }));
const recs = model.recommend(me, { k: 10, excludeSeen: false });
console.log('reelrank:', recs.map((r) => r.id).join(' '));
console.log('PyTorch: ', check.top.join(' '));
const same = recs.filter((r, i) => r.id === check.top[i]).length;
console.log(`${same} of 10 in the same place; first reason: ${JSON.stringify(recs[0].reasons[0])}`);
process.exitCode = same === 10 ? 0 : 1;
