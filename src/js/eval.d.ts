// Types of rr.readDataset and rr.evaluate (src/js/eval.js; docs/evaluation.md).
import type { Algorithm, Catalog, Disposable, Interactions, Video, Weights } from './index.js';

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

/** The members load() adds for evaluation. */
export interface EvalApi {
  readDataset(text: string | Uint8Array | ArrayBuffer, options: ReadDatasetOptions): Dataset;
  evaluate(data: Dataset | { train: Dataset; test: Dataset }, options?: EvaluateOptions): EvaluationResult;
}
