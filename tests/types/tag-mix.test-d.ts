// Type tests for model.tagMix (compiled with tsc --noEmit; each line marked
// to expect an error must fail to type-check).
import { load, sampleVideos, type TagMix } from '../../dist/index.js';

async function main(): Promise<void> {
  const rr = await load();
  const catalog = new rr.Catalog().addMany(sampleVideos({ count: 10 }));
  const log = new rr.Interactions();
  log.add({ user: 'u1', item: 'vid0001', type: 'like', timestamp: 1 });
  const model = rr.train(log, { algorithm: 'popularity', catalog });
  const me = new rr.Profile({ catalog });
  const mix: TagMix = model.tagMix(me, ['vid0001', 'vid0002']);
  const tags: string[] = mix.tags;
  const shares: Float64Array[] = [mix.history, mix.list];
  const kl: number | null = mix.miscalibration;
  void [tags, shares, kl];
  // @ts-expect-error: miscalibration may be null (no tagged video in the history)
  const always: number = mix.miscalibration;
  void always;
  // @ts-expect-error: the mix is of a Profile's history, not a training user id
  model.tagMix('u1', ['vid0001']);
  // @ts-expect-error: ids are strings
  model.tagMix(me, [1, 2]);
}
void main;
