// Type tests for recommend's calibration and popularityCorrection and the
// evaluation's longTailShare / miscalibration (compiled with tsc --noEmit;
// every @ts-expect-error line must fail to type-check).
import { load, sampleVideos, type EvaluationResult } from '../../dist/index.js';

async function main(): Promise<void> {
  const rr = await load({ tools: true });
  const catalog = new rr.Catalog().addMany(sampleVideos({ count: 10 }));
  const log = new rr.Interactions();
  log.add({ user: 'u1', item: 'vid0001', type: 'like', timestamp: 1 });
  const model = rr.train(log, { algorithm: 'popularity', catalog });
  const me = new rr.Profile({ catalog });
  model.recommend(me, { k: 5, calibration: 0.5, popularityCorrection: 0.5, diversity: 0.2 });
  const range: { readonly default: number; readonly min: number; readonly max: number } = rr.schema.calibration;
  const beta: number = rr.schema.popularityCorrection.max;
  void [range, beta];
  // @ts-expect-error: calibration is a number
  model.recommend(me, { calibration: 'strong' });
  // @ts-expect-error: popularityCorrection is a number
  model.recommend(me, { popularityCorrection: true });

  const data = rr.readDataset('user,item,rating\nu1,a,5\n', { format: 'csv' });
  const r: EvaluationResult = rr.evaluate(data, { algorithm: 'popularity', calibration: 0.5, popularityCorrection: 1 });
  const tail: number | null = r.longTailShare;
  const kl: number | null = r.miscalibration;
  const used: number = r.calibration + r.popularityCorrection;
  void [tail, kl, used];
  // @ts-expect-error: miscalibration may be null (a catalogue without tags)
  const always: number = r.miscalibration;
  void always;
  // @ts-expect-error: calibration is a number
  rr.evaluate(data, { calibration: '0.5' });
}
void main;
