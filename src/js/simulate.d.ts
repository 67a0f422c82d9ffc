// Types of rr.simulateFeed (src/js/simulate.js; docs/simulator.md).
import type { Algorithm, Catalog, Video } from './index.js';

/** 'none' | 'random:SHARE' | 'oracle' (rr.simulateFeed.schema.policies lists them). */
export type FeedPolicy = string;

export interface SimulateProgress {
  /** world: fitting the true tastes; train: (re)training the recommender; simulate: sessions. */
  stage: 'world' | 'train' | 'simulate';
  /** 0-based index of the policy being run, of `policies` (one more than asked for when the oracle baseline is added). */
  policy: number;
  policies: number;
  /** 0-based round (simulated day), of `rounds`. */
  round: number;
  rounds: number;
  /** People of this round done (world: iALS sweeps done). */
  done: number;
  total: number;
  /** Since the simulation started (world: since the fit started). */
  seconds: number;
}

/** The simulation's settings; every one is optional (defaults: docs/simulator.md, rr.simulateFeed.schema.fields). */
export interface SimulateSettings {
  /** Sessions per person, one per round (simulated day); 1 to 1000, default 5. */
  sessions: number;
  /** People simulated, a seeded sample of the log's users (0 = all); default 200. */
  people: number;
  /** Videos per recommend() call (the feed re-ranks after each page); 1 to 100, default 10. */
  pageSize: number;
  /** A session ends after this many videos; default 50. */
  maxSessionVideos: number;
  /** Rounds between retrains of the recommender (0 = never); default 1. */
  retrainEvery: number;
  seed: number;
  /** Share of the log's videos held out to arrive during the run; 0 to 0.9, default 0.1. */
  newVideoShare: number;
  /** Videos per synthetic creator; default 10. */
  videosPerCreator: number;
  /** iALS factors of the true tastes; default 32. */
  worldFactors: number;
  /** Expected watch fraction at the median affinity (default 0.2) ... */
  lowFraction: number;
  /** ... and at the highQuantile affinity (default 0.8 at 0.99). */
  highFraction: number;
  highQuantile: number;
  /** Seconds, for videos whose log gives no duration; default 30. */
  defaultDuration: number;
  /** Standard deviation of the watch fraction around its expectation; default 0.15. */
  watchNoise: number;
  /** A watch fraction below this is a skip (a poor video); default 0.25. */
  skipBelow: number;
  /** The person leaves after this many poor videos in a session; default 3. */
  patience: number;
  /** P(like) = likeRate * watch fraction; default 0.2. */
  likeRate: number;
  /** P(share) = shareRate * watch fraction; default 0.02. */
  shareRate: number;
  /** A new video has "reached" when shown this many times; default 20. */
  impressionTarget: number;
  /**
   * recommend's newVideoWindow (days) for every policy, read by thompson and
   * ucb: a video the log first saw longer ago than this is not new; default
   * `rr.schema.newVideos.window`.
   */
  newVideoWindow: number;
}

export interface SimulateOptions extends Partial<SimulateSettings> {
  /** Default ['none', 'random:0.1', 'oracle']; a comma-separated string works too. */
  policies?: FeedPolicy[] | string;
  /** The recommender every model policy ranks with (default 'ials'); retrained every retrainEvery rounds. */
  algorithm?: Algorithm;
  /** Tags by video id (e.g. MovieLens genres), as rr.evaluate takes a catalogue. */
  catalog?: Catalog | Video[] | null;
  /** Return false to cancel (simulateFeed then throws E_CANCELLED). */
  onProgress?: (p: SimulateProgress) => boolean | void;
  signal?: AbortSignal;
  /** Any other key is an option of `algorithm`, as in rr.train. */
  [option: string]: unknown;
}

export interface SimulatedWorld {
  people: number;
  videos: number;
  newVideos: number;
  /** Videos that carry dataset tags. */
  taggedVideos: number;
  creators: number;
  /** Creators with only new videos. */
  newCreators: number;
  /** Events of the recommender's training log (the log less the new videos' events). */
  trainingEvents: number;
  factors: number;
  /** Expected watch fraction = 1 / (1 + exp(-scale (affinity - offset))). */
  scale: number;
  offset: number;
  fitSeconds: number;
}

export interface PolicyFigures {
  policy: FeedPolicy;
  /** People x rounds. */
  sessions: number;
  /** Seconds watched per session. */
  watchTimePerSession: number;
  /** Seconds watched per session on each day, day 1 first (length `sessions` of the settings): the first sessions against the long run. */
  watchTimeByDay: number[];
  likesPerSession: number;
  sharesPerSession: number;
  skipsPerSession: number;
  /** Videos swiped per session. */
  sessionLength: number;
  /** Mean watch fraction over every swipe; null when nothing was shown. */
  meanWatchFraction: number | null;
  /** Expected seconds watched per session: the sum of m * duration over the swipes (the behaviour noise removed). */
  expectedWatchTimePerSession: number;
  /** The oracle's expected watch time per session minus this policy's, in seconds (0 for the oracle; may be negative). */
  regretPerSession: number;
  /** Per page, the oracle's expected watch fraction at each swiped slot minus the shown video's, summed per session (0 for the oracle). */
  slotRegretPerSession: number;
  /** Share of the new videos shown at least impressionTarget times; null without new videos. */
  newVideosReached: number | null;
  /** Impressions per new video during the run; null without new videos. */
  newVideoMeanImpressions: number | null;
  /** The new videos' share of the run's impressions; null without new videos (or impressions). */
  newVideoImpressionShare: number | null;
  /** Gini coefficient of impressions over every video, and over every creator. */
  giniVideos: number;
  giniCreators: number;
  /** Mean KL divergence of the feed's tag mix from the history's (Steck 2018); null without tags (docs/simulator.md). */
  miscalibration: number | null;
  retrains: number;
  seconds: number;
}

export interface SimulationResult {
  algorithm: Algorithm;
  /** Every setting the run used (given or default). */
  settings: SimulateSettings;
  world: SimulatedWorld;
  policies: PolicyFigures[];
}

export interface SimulateSchema {
  readonly fields: ReadonlyArray<{ readonly name: keyof SimulateSettings; readonly default: number; readonly min: number; readonly max: number; readonly integer: boolean }>;
  readonly policies: ReadonlyArray<{ readonly name: string; readonly parameter: string | null; readonly min: number; readonly max: number; readonly oracle: boolean }>;
  readonly stages: ReadonlyArray<SimulateProgress['stage']>;
  readonly defaultAlgorithm: Algorithm;
}

export interface SimulateFeed {
  /**
   * Fits a world of true tastes to the dataset (iALS), holds out new videos,
   * and feeds every simulated person through recommend -> events ->
   * profile.record for each policy (docs/simulator.md). Needs load({ tools: true }).
   * @example
   * const data = rr.readDataset(text, { format: 'movielens' });
   * const r = rr.simulateFeed(data, { policies: ['none', 'random:0.1', 'oracle'], sessions: 5, people: 100 });
   * for (const p of r.policies) console.log(p.policy, p.watchTimePerSession, p.regretPerSession);
   */
  (data: import('./eval.js').Dataset, options?: SimulateOptions): SimulationResult;
  /** The core's settings (names, defaults, ranges), policies and stages; only with the tools module. */
  readonly schema?: SimulateSchema;
}
