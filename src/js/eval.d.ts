// Types of rr.readDataset and rr.evaluate (src/js/eval.js; docs/evaluation.md).
import type { Algorithm, Catalog, Disposable, EventType, Interactions, Video, Weights } from './index.js';

export type DatasetFormat = 'movielens' | 'csv' | 'tsv' | 'kuairand';

export interface ReadDatasetOptions {
  format: DatasetFormat;
  /** Skip malformed lines (counted in `skipped`) instead of throwing E_ARG naming the line. */
  skipBad?: boolean;
}

/** A dataset parsed in wasm; its events stay in wasm memory until dispose(). */
export interface Dataset extends Disposable {
  readonly format: DatasetFormat;
  /** Data lines read (header, blank and skipped lines excluded). */
  readonly lines: number;
  readonly skipped: number;
  /** The first messages about skipped lines, e.g. "line 17: expected 4 fields, found 3". */
  readonly warnings: string[];
  /** Events made from the lines (a KuaiRand row is a view plus its likes, follows, ...). */
  readonly events: number;
  readonly users: number;
  readonly items: number;
  /** The events are explicit ratings, so RMSE and MAE can be measured. */
  readonly hasRatings: boolean;
  /** Adds every event to a training log; returns the log. */
  addTo<T extends Interactions>(log: T): T;
}

export interface EvalProgress {
  stage: 'fit' | 'recommend';
  /** 0-based. */
  fold: number;
  folds: number;
  done: number;
  total: number;
  /** Since the evaluation started. */
  seconds: number;
}

export interface EvaluateOptions {
  algorithm?: Algorithm;
  /** 'kfold:K' | 'user:FRACTION' | 'time:FRACTION' (default 'user:0.25'); fixed for { train, test }. */
  split?: string;
  /** List length of the top-N metrics (default 10). */
  k?: number;
  /** Seed of the shuffled splits (default 42). */
  seed?: number;
  /** The catalogue each fold trains with, as rr.train takes it (tags, creators, durations, embeddings): for the content algorithm and diversity. */
  catalog?: Catalog | Video[] | null;
  weights?: Partial<Weights>;
  blend?: Partial<{ collaborative: number; content: number; creator: number; popularity: number }>;
  /** Return false to cancel (evaluate then throws E_CANCELLED). */
  onProgress?: (p: EvalProgress) => boolean | void;
  signal?: AbortSignal;
  /** Calibrated re-ranking weight of every ranking, as recommend's `calibration` (default 0, off; range rr.schema.calibration). */
  calibration?: number;
  /** Popularity correction beta of every ranking, as recommend's `popularityCorrection` (default 0, off; range rr.schema.popularityCorrection). */
  popularityCorrection?: number;
  /** Algorithm options, as in rr.train. */
  neighbors?: number;
  shrink?: number;
  normalize?: boolean;
}

/** Figures of one evaluation; k-fold gives the means over folds. null = not applicable. */
export interface EvaluationResult {
  algorithm: string;
  k: number;
  split: string;
  folds: number;
  seed: number;
  /** People scored (per fold). */
  users: number;
  precision: number | null;
  recall: number | null;
  ndcg: number | null;
  map: number | null;
  hitrate: number | null;
  mrr: number | null;
  coverage: number | null;
  /** Mean training-row count of the recommended items. */
  popularity: number | null;
  /** Intra-list tag distance; null without tags. */
  diversity: number | null;
  /** Share of recommended slots outside the head (the most popular items making up 20% of the training rows). */
  longTailShare: number | null;
  /** Mean KL(history tag mix || list tag mix) over the people whose history has tags (Steck 2018, alpha 0.01); null without tags. */
  miscalibration: number | null;
  /** The calibration weight the rankings used. */
  calibration: number;
  /** The popularity correction beta the rankings used. */
  popularityCorrection: number;
  /** With fallbacks for unpredictable pairs; null unless the log has ratings and the algorithm predicts them. */
  rmse: number | null;
  mae: number | null;
  ratings: {
    tested: number;
    predicted: number;
    userMeanFallbacks: number;
    globalMeanFallbacks: number;
    rmseModelOnly: number | null;
    maeModelOnly: number | null;
  } | null;
  fitSeconds: number;
  recommendSeconds: number;
  predictSeconds: number | null;
  skippedUsers: number;
  trainRows: number;
  testRows: number;
}

export interface NextItemProgress {
  stage: 'valid' | 'test';
  /** 0-based combination of the grid being fitted (valid), 0 of 1 for test. */
  trial: number;
  trials: number;
  /** People ranked so far. */
  done: number;
  total: number;
}

export interface NextItemOptions {
  algorithm?: Algorithm;
  /**
   * 'last' (leave the last item out, default) | 'global:FRACTION' (a global time cut) |
   * 'session:SECONDS' (each session's last item; a longer gap starts a session); fixed for { train, valid, test }.
   */
  split?: string;
  /** List length (default 10). */
  k?: number;
  /** Choose the options on the validation item from the algorithm's grids (rr.algorithms[].options[].grid), then refit on train + valid. */
  tune?: boolean;
  /** Event types that make a person's sequence; 'auto' (default): ratings if any, else likes if any, else views. */
  sequence?: 'auto' | string | EventType[];
  catalog?: Catalog | Video[] | null;
  weights?: Partial<Weights>;
  blend?: Partial<{ collaborative: number; content: number; creator: number; popularity: number }>;
  /** Return false to cancel (then E_CANCELLED). */
  onProgress?: (p: NextItemProgress) => boolean | void;
  signal?: AbortSignal;
  /** Algorithm options, as in rr.train; an option given here is held fixed while tuning. */
  [option: string]: unknown;
}

/** Figures of one stage: one relevant item per person. */
export interface NextItemFigures {
  /** People asked for a next item. */
  people: number;
  /** Of them, those whose item the training log never holds (counted as misses). */
  unseenTargets: number;
  trainEvents: number;
  trainItems: number;
  hitrate: number;
  /** Mean of 1/log2(rank + 1) for a hit in the top k, 0 otherwise. */
  ndcg: number;
  mrr: number;
  /** Distinct recommended items / items in the training log. */
  coverage: number;
  fitSeconds: number;
  rankSeconds: number;
}

export interface NextItemResult {
  algorithm: string;
  split: string;
  k: number;
  /** The event types that made the sequences, e.g. ['like']. */
  sequence: string[];
  sequenceEvents: number;
  people: number;
  /** People with too few items to be asked (fewer than 3 for 'last'). */
  trainOnlyPeople: number;
  tuned: boolean;
  /** The grid values chosen on the validation item ({} without tune or without a grid). */
  chosen: Record<string, number>;
  trials: { options: Record<string, number>; valid: NextItemFigures }[];
  /** The validation stage with the chosen options; null without tune. */
  valid: NextItemFigures | null;
  test: NextItemFigures;
}

/** The members load() adds for evaluation. */
export interface EvalApi {
  readDataset(text: string | Uint8Array | ArrayBuffer, options: ReadDatasetOptions): Dataset;
  evaluate(data: Dataset | { train: Dataset; test: Dataset }, options?: EvaluateOptions): EvaluationResult;
  /**
   * The next-item protocol: predict each person's next item (docs/evaluation.md, "Next item").
   * @example
   * const data = rr.readDataset(text, { format: 'kuairand' });   // liked videos make the sequence
   * const r = rr.evaluateNextItem(data, { algorithm: 'itemknn', split: 'last', tune: true });
   * console.log(r.chosen, r.valid.ndcg, r.test.ndcg, r.test.hitrate);
   * const given = rr.evaluateNextItem({ train, valid, test }, { algorithm: 'ease' });   // split files made elsewhere
   */
  evaluateNextItem(data: Dataset | { train: Dataset; valid: Dataset; test: Dataset }, options?: NextItemOptions): NextItemResult;
  /** The feed simulator (docs/simulator.md). */
  simulateFeed: import('./simulate.js').SimulateFeed;
}
