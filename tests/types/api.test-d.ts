// Type tests: this file must compile under `tsc --noEmit`, and every line
// marked @ts-expect-error must fail to type-check (tsc reports an unused
// directive otherwise).
import { load, ReelRankError, sampleVideos, type NewVideoMethod, type Recommendation, type Reason } from '../../dist/index.js';

async function main(): Promise<void> {
  const rr = await load();
  const catalog = new rr.Catalog().addMany(sampleVideos({ count: 10 }));
  const log = new rr.Interactions();
  log.add({ user: 'u1', item: 'vid0001', type: 'view', watchTime: 3, timestamp: 1 });
  log.addRatings({ users: new Int32Array([1]), items: ['vid0001'], values: [4] });
  const model = rr.train(log, { algorithm: 'itemknn', catalog, neighbors: 20, onProgress: (p) => { void p.iteration; } });
  const me = new rr.Profile({ catalog, weights: { like: 5 }, limits: { maxEvents: 100 } });
  me.record({ item: 'vid0001', type: 'like' });
  const recs: Recommendation[] = model.recommend(me, { k: 5, diversity: 0.2, exclude: ['vid0002'] });
  const first: Reason | undefined = recs[0]?.reasons[0];
  if (first?.kind === 'similar') { const s: string = first.item; void s; }
  const p: number | null = model.predict('u1', 'vid0001');
  const bytes: Uint8Array = me.save();
  rr.Profile.load(bytes, { catalog });
  rr.Model.load(model.save({ includeUsers: false }));
  const kept = rr.scope(() => new rr.Profile());
  kept.dispose();
  const c: number = rr.teach.cosine([1, 2], [2, 1]);
  const cf = rr.teach.userBasedCF([[1, null], [2, 3]], { k: 1 });
  const pred: number | null | undefined = cf.predictions[0]?.[1];
  try { model.recommend('x'); } catch (e) { if (e instanceof ReelRankError) { const code: string = e.code; void code; } }
  void [p, c, pred];
  const ials = rr.train(log, { algorithm: 'ials', factors: 16, iterations: 5 });
  const npy = rr.readNpy(new Uint8Array(0));
  const imported = rr.Model.fromFactors({ items: ['a', 'b'], factors: npy, dim: 2 });
  rr.train(log, { algorithm: 'ease', lambda: 500, maxItems: 1000 });
  void [ials, imported];

  // @ts-expect-error: unknown algorithm
  rr.train(log, { algorithm: 'magic' });
  // @ts-expect-error: neighbors is an option of the kNN algorithms, not of ease
  rr.train(log, { algorithm: 'ease', neighbors: 5 });
  // @ts-expect-error: an option of the wrong type
  rr.train(log, { algorithm: 'ials', factors: '8' });
  const names: string[] = rr.algorithms.filter((a) => a.trainable).map((a) => a.name);
  const defaults: (number | null)[] = rr.algorithms[0]?.options.map((o) => o.default) ?? [];
  void [names, defaults];
  // @ts-expect-error: fromFactors needs the item ids
  rr.Model.fromFactors({ factors: new Float32Array(4), dim: 2 });
  // @ts-expect-error: an event needs a known type
  me.record({ item: 'vid0001', type: 'watch' });
  // @ts-expect-error: k is a number
  model.recommend(me, { k: '10' });
  const reranked = model.recommend(me, { candidates: [{ id: 'vid0003', score: 0.9 }, { id: 'new', score: 0.2 }], serverWeight: 2 });
  if (reranked[0]?.reasons[0]?.kind === 'recent') { const r: string = reranked[0].reasons[0].item; void r; }
  const tried = model.recommend(me, { k: 10, newVideoBudget: 0.2, newVideoMethod: 'ucb', seed: 3 });
  if (tried[0]?.reasons[0]?.kind === 'new') { const w: number = tried[0].reasons[0].weight; void w; }
  const methods: readonly NewVideoMethod[] = rr.schema.newVideos.methods;
  const halfEvents: number = rr.schema.newVideos.halfEvents;
  const window: number = rr.schema.newVideos.window + rr.schema.newVideos.sampledCandidates;
  void [methods, halfEvents, window];
  model.recommend(me, { k: 10, newVideoBudget: 0.2, newVideoWindow: 7 });
  // @ts-expect-error: the window is a number of days
  model.recommend(me, { newVideoWindow: '7' });
  // @ts-expect-error: the method is 'thompson' or 'ucb'
  model.recommend(me, { newVideoMethod: 'greedy' });
  // @ts-expect-error: the budget is a number
  model.recommend(me, { newVideoBudget: '0.2' });
  // @ts-expect-error: a server candidate needs its score
  model.recommend(me, { candidates: [{ id: 'vid0003' }] });
  // @ts-expect-error: Model has no public constructor
  new rr.Model();
  // @ts-expect-error: a log event needs a user
  log.add({ item: 'vid0001', type: 'like' });
  // @ts-expect-error: save returns bytes, not a string
  const s: string = me.save();
  void s;
}
void main;
