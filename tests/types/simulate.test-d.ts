// Type tests of rr.simulateFeed (src/js/simulate.d.ts): must compile under
// `tsc --noEmit`; every @ts-expect-error line must fail to type-check.
import { load, type PolicyFigures, type SimulationResult, type SimulateProgress } from '../../dist/index.js';

async function main(): Promise<void> {
  const rr = await load({ tools: true });
  const data = rr.readDataset('user,item,value\na,x,1\n', { format: 'csv' });
  const r: SimulationResult = rr.simulateFeed(data, {
    policies: ['none', 'random:0.1', 'oracle'], sessions: 5, people: 100, seed: 1, patience: 4, algorithm: 'itemknn', neighbors: 20,
    onProgress: (p: SimulateProgress) => p.stage !== 'simulate' || p.done < p.total,
    signal: new AbortController().signal,
  });
  const first: PolicyFigures = r.policies[0];
  const regret: number = first.regretPerSession;
  const reached: number | null = first.newVideosReached;
  const perNewVideo: number | null = first.newVideoMeanImpressions ?? first.newVideoImpressionShare;
  void perNewVideo;
  const miscalibration: number | null = first.miscalibration;
  const lastDay: number = first.watchTimeByDay[first.watchTimeByDay.length - 1];
  const newVideos: number = r.world.newVideos;
  const sessions: number = r.settings.sessions;
  rr.simulateFeed(data, { policies: 'none,oracle' });
  rr.simulateFeed(data);
  const names = rr.simulateFeed.schema?.fields.map((f) => f.name);
  void [regret, reached, lastDay, miscalibration, newVideos, sessions, names];
  // @ts-expect-error sessions is a number
  rr.simulateFeed(data, { sessions: '5' });
  // @ts-expect-error a Dataset, not text
  rr.simulateFeed('user,item\n');
  // @ts-expect-error the figures are numbers
  const wrong: string = first.watchTimePerSession;
  // @ts-expect-error one number per day, not one string
  const wrongDays: string = first.watchTimeByDay;
  void [wrong, wrongDays];
  data.dispose();
}
void main;
