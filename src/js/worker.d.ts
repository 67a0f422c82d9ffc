// Type definitions for reelrank/worker (hand-written).
import type {
  LoadOptions, LogEvent, ModelInfo, ProfileEvent, ProfileLimits, Recommendation, RecommendOptions,
  ReelRank, TrainOptions, TrainProgress, Video, Weights,
} from './index.js';

export { ReelRankError } from './index.js';

// Structural types (no DOM lib needed): a Worker, a worker's `self` and a
// MessagePort all fit.
/** Where serve() listens and answers: the worker's global scope by default. */
export interface MessageEndpoint {
  postMessage(message: any, transfer: any[]): void;
  addEventListener(type: 'message', listener: (event: { data: any }) => void): void;
}

/** What connect() talks to: a module Worker (or a MessagePort). */
export interface WorkerLike {
  postMessage(message: any, transfer: any[]): void;
  addEventListener(type: string, listener: (event: any) => void): void;
  removeEventListener(type: string, listener: (event: any) => void): void;
  start?(): void;
  terminate?(): void;
}

export interface ServeOptions extends LoadOptions {
  /** Defaults to the worker's global scope (`self`). */
  scope?: MessageEndpoint;
}

/**
 * Answers reelrank requests inside a module Web Worker. Call it once, at the
 * top level of the worker module. Resolves to the loaded API (rejects with
 * E_LOAD when the wasm cannot be loaded; every call then rejects the same way).
 * @example
 * // rank.worker.js
 * import { serve } from 'reelrank/worker';
 * serve();
 */
export function serve(options?: ServeOptions): Promise<ReelRank>;

/** The last argument of addRatings, loadModel and loadProfile: transfer the buffers instead of copying them. */
export interface TransferOption {
  /** true: the caller's buffers are moved to the worker and become detached (empty) here. */
  transfer?: boolean;
}

/** train() options through a worker: the catalogue is the worker's, and cancellation is by terminating the worker. */
export type WorkerTrainOptions = (TrainOptions extends infer T ? T extends unknown
  ? Omit<T, 'catalog' | 'signal' | 'onProgress'> : never : never) & {
  /** Called on the main thread with each progress report. */
  onProgress?: (p: TrainProgress) => void;
};

export interface LogSummary {
  eventCount: number;
  userCount: number;
  itemCount: number;
}

export interface ProfileSummary {
  eventCount: number;
  totalRecorded: number;
}

export interface WorkerStats {
  catalogSize: number;
  eventCount: number;
  model: ModelInfo | null;
  profile: ProfileSummary;
  heapInUse: number;
  memoryBytes: number;
}

/**
 * A reelrank running in a worker. The worker owns one catalogue, one training
 * log, one model and one profile (the person on this device). Every method
 * returns a Promise and rejects with a ReelRankError whose code is the one
 * raised in the worker.
 * @example
 * import { connect } from 'reelrank/worker';
 * const rr = connect(new Worker(new URL('./rank.worker.js', import.meta.url), { type: 'module' }));
 * await rr.loadCatalog(videos);
 * await rr.addEvents(events);
 * await rr.train({ algorithm: 'itemknn', onProgress: (p) => console.log(p.iteration) });
 * await rr.record({ item: 'v1', type: 'like' });
 * const feed = await rr.recommend({ k: 10, diversity: 0.3 });
 * const bytes = await rr.saveProfile(); // store in IndexedDB
 */
export interface ReelRankWorker {
  /** Resolves once the wasm is loaded in the worker (rejects with E_LOAD otherwise). */
  ready(): Promise<{ memoryBytes: number }>;
  /** Replaces the catalogue with these videos (atomic). */
  loadCatalog(videos: Video[]): Promise<{ size: number }>;
  /** Appends events to the training log. */
  addEvents(events: LogEvent[]): Promise<LogSummary>;
  addRatings(
    columns: {
      users: ArrayLike<string | number>;
      items: ArrayLike<string | number>;
      values: ArrayLike<number>;
      timestamps?: ArrayLike<number>;
    },
    options?: TransferOption,
  ): Promise<LogSummary>;
  /** Drops the training log (a trained model stays). */
  clearEvents(): Promise<null>;
  /** Trains on the log (with the catalogue) and keeps the model; the profile then ranks with it. */
  train(options?: WorkerTrainOptions): Promise<ModelInfo>;
  loadModel(bytes: Uint8Array | ArrayBuffer, options?: TransferOption): Promise<ModelInfo>;
  saveModel(options?: { includeUsers?: boolean }): Promise<Uint8Array>;
  modelInfo(): Promise<ModelInfo>;
  /** Records one event or several (atomic) in the profile. */
  record(events: ProfileEvent | ProfileEvent[]): Promise<ProfileSummary>;
  /** Ranks for the profile. */
  recommend(options?: RecommendOptions): Promise<Recommendation[]>;
  /** Ranks for a person known to the training log. */
  recommendFor(user: string, options?: RecommendOptions): Promise<Recommendation[]>;
  predict(item: string): Promise<number | null>;
  similarItems(item: string, n?: number): Promise<{ id: string; score: number }[]>;
  interests(n?: number): Promise<{ tag: string; weight: number }[]>;
  creators(n?: number): Promise<{ creator: string; weight: number }[]>;
  block(what: { item: string } | { creator: string } | { item: string; creator: string }): Promise<null>;
  /** The profile as bytes (transferred to this thread). */
  saveProfile(): Promise<Uint8Array>;
  loadProfile(bytes: Uint8Array | ArrayBuffer, options?: TransferOption): Promise<ProfileSummary>;
  /** Starts an empty profile with these weights and limits. */
  resetProfile(options?: { weights?: Partial<Weights>; limits?: Partial<ProfileLimits> }): Promise<ProfileSummary>;
  stats(): Promise<WorkerStats>;
  /** Frees everything the worker holds (it keeps running, with an empty profile). */
  dispose(): Promise<null>;
  /** dispose(), then terminates the worker; later calls reject with E_DISPOSED. */
  close(): Promise<void>;
  /** The worker (or port) passed to connect(). */
  readonly worker: WorkerLike;
}

/** Connects to a worker whose script called serve(). */
export function connect(worker: WorkerLike): ReelRankWorker;

