// Type definitions for reelrank (hand-written; the README and docs/ have the prose).
import type { EvalApi } from './eval.js';
import type { Analytics, ModelAnalytics } from './analytics.js';
export * from './eval.js';
export * from './simulate.js';
export * from './analytics.js';

/** Stable error codes carried by every ReelRankError. */
export type ErrorCode =
  | 'E_ARG' | 'E_UNKNOWN_ID' | 'E_CORRUPT' | 'E_VERSION' | 'E_EMPTY' | 'E_MEMORY' | 'E_STATE' | 'E_CANCELLED'
  | 'E_DISPOSED' | 'E_LOAD' | 'E_DECRYPT';

/**
 * Every failure reelrank reports. A call that throws changes nothing.
 * @example
 * try { model.recommend('nobody'); } catch (e) {
 *   if (e instanceof ReelRankError && e.code === 'E_UNKNOWN_ID') showSignUp();
 * }
 */
export class ReelRankError extends Error {
  constructor(code: ErrorCode, message: string);
  readonly code: ErrorCode;
  readonly name: 'ReelRankError';
}

export const ErrorCodes: Readonly<{
  ARG: 'E_ARG'; UNKNOWN_ID: 'E_UNKNOWN_ID'; CORRUPT: 'E_CORRUPT'; VERSION: 'E_VERSION'; EMPTY: 'E_EMPTY';
  MEMORY: 'E_MEMORY'; STATE: 'E_STATE'; CANCELLED: 'E_CANCELLED'; DISPOSED: 'E_DISPOSED'; LOAD: 'E_LOAD'; DECRYPT: 'E_DECRYPT';
}>;

export type EventType = 'view' | 'like' | 'comment' | 'share' | 'follow' | 'skip' | 'dislike' | 'rating';
export const EVENT_TYPES: readonly EventType[];

/** A video in a catalogue. */
export interface Video {
  id: string;
  tags?: string[];
  /** Creator id; omit or null for none. */
  creator?: string | null;
  /** Seconds; 0 or omitted = unknown. */
  duration?: number;
  /** Optional embedding; every video with one must use the catalogue's dimension. */
  embedding?: ArrayLike<number>;
}

/** One person's event, as a Profile records it. */
export interface ProfileEvent {
  item: string;
  type: EventType;
  /** Seconds watched; required for 'view'. */
  watchTime?: number;
  /** Video length in seconds; defaults to the catalogue's. */
  duration?: number;
  /** Required for 'rating'. */
  value?: number;
  /** Unix time in seconds; defaults to now. */
  timestamp?: number;
  /** Inline metadata for a video the catalogue lacks. */
  tags?: string[];
  creator?: string;
}

/** An event in a training log: a ProfileEvent with its person. */
export interface LogEvent extends Omit<ProfileEvent, 'tags' | 'creator'> {
  user: string;
}

/** The weighting policy (docs/weighting.md); every field optional when passed in. */
export interface Weights {
  view: number;
  maxWatchRatio: number;
  like: number;
  comment: number;
  share: number;
  follow: number;
  skip: number;
  dislike: number;
  rating: number;
  confidenceAlpha: number;
  halfLifeDays: number;
}

/** The ranker's blend of signals (defaults in rr.schema.blend); every field optional when passed in. */
export interface BlendWeights {
  collaborative: number;
  content: number;
  creator: number;
  popularity: number;
}

/**
 * The facts the core and JS share, as the core states them (rr.schema). JS
 * keeps no copy of its own; tests/js/schema.test.js checks these types against it.
 */
export interface Schema {
  /** The core's error codes; ErrorCodes adds the wrapper's own E_DISPOSED, E_LOAD and E_DECRYPT. */
  readonly errorCodes: readonly ErrorCode[];
  readonly eventTypes: readonly EventType[];
  /** Each reason kind, the field of a Reason its label goes in (null: none) and whether that field is a number. */
  readonly reasonKinds: readonly { readonly name: Reason['kind']; readonly field: string | null; readonly numeric: boolean }[];
  /** The weighting policy's fields and defaults. */
  readonly weights: Readonly<Weights>;
  /** The blend's weights and defaults. */
  readonly blend: Readonly<BlendWeights>;
  /** Each profile limit's default and allowed range. */
  readonly profileLimits: Readonly<Record<keyof ProfileLimits, { readonly default: number; readonly min: number; readonly max: number }>>;
  /** Most bytes of UTF-8 in any id. */
  readonly maxIdBytes: number;
  /** recommend's serverWeight: default and allowed range. */
  readonly serverWeight: { readonly default: number; readonly min: number; readonly max: number };
  /**
   * recommend's newVideoBudget (default and range), newVideoMethod (the
   * methods and the default) and newVideoWindow (days: default and range),
   * the impressions under which a video counts as new, the events at which
   * the budget halves, and how many new candidates (the best by score)
   * Thompson sampling or UCB values per call.
   */
  readonly newVideos: {
    readonly budget: number;
    readonly minBudget: number;
    readonly maxBudget: number;
    readonly methods: readonly NewVideoMethod[];
    readonly method: NewVideoMethod;
    readonly freshImpressions: number;
    readonly halfEvents: number;
    readonly window: number;
    readonly minWindow: number;
    readonly maxWindow: number;
    readonly sampledCandidates: number;
  };
  /** recommend's calibration: default (0, off) and allowed range. */
  readonly calibration: { readonly default: number; readonly min: number; readonly max: number };
  /** recommend's popularityCorrection: default (0, off) and allowed range. */
  readonly popularityCorrection: { readonly default: number; readonly min: number; readonly max: number };
  /** Field names of recommend's packed results (an internal layout, named once in the binding). */
  readonly recommendLayout: { readonly result: readonly string[]; readonly reason: readonly string[] };
}

/** Base of every object that owns wasm memory. */
export interface Disposable {
  /** Frees the wasm memory this object owns. Safe to call twice. */
  dispose(): void;
  /** Alias of dispose(). */
  delete(): void;
  readonly disposed: boolean;
}

/**
 * The videos a model can recommend.
 * @example
 * const catalog = new rr.Catalog();
 * catalog.add({ id: 'v1', tags: ['cooking', 'asmr'], creator: 'alice', duration: 42 });
 * catalog.addMany(videos);
 * catalog.size; catalog.has('v1');
 */
export interface Catalog extends Disposable {
  add(video: Video): this;
  /** Atomic: if one video is invalid, none is added. */
  addMany(videos: Video[]): this;
  readonly size: number;
  readonly embeddingDim: number;
  has(id: string): boolean;
  get(id: string): { id: string; tags: string[]; creator: string | null; duration: number } | null;
  ids(): string[];
}
export interface CatalogConstructor {
  new (): Catalog;
}

/**
 * Many people's events: the training input of a model.
 * @example
 * const log = new rr.Interactions();
 * log.add({ user: 'u1', item: 'v1', type: 'view', watchTime: 30, timestamp: 1700000000 });
 * log.addRatings({ users: [1, 1, 2], items: [10, 20, 10], values: [4, 3.5, 5] });
 */
export interface Interactions extends Disposable {
  add(event: LogEvent): this;
  addMany(events: LogEvent[]): this;
  addRatings(columns: {
    users: ArrayLike<string | number>;
    items: ArrayLike<string | number>;
    values: ArrayLike<number>;
    timestamps?: ArrayLike<number>;
  }): this;
  readonly eventCount: number;
  readonly userCount: number;
  readonly itemCount: number;
}
export interface InteractionsConstructor {
  new (): Interactions;
}

export interface ProfileLimits {
  maxEvents: number;
  maxItems: number;
  maxTags: number;
  maxCreators: number;
}

export interface ProfileOptions {
  /** Supplies tags, creators and durations of recorded items. */
  catalog?: Catalog | Model | null;
  weights?: Partial<Weights>;
  limits?: Partial<ProfileLimits>;
}

/**
 * One person's own events, kept on the device. Save it to IndexedDB with save().
 * @example
 * const me = new rr.Profile({ catalog });
 * me.record({ item: 'v1', type: 'like' });
 * me.interests(10); // [{ tag: 'cooking', weight: 2 }, ...]
 * const bytes = me.save(); const again = rr.Profile.load(bytes, { catalog });
 */
export interface Profile extends Disposable {
  catalog: Catalog | Model | null;
  record(event: ProfileEvent): this;
  /** Atomic: if one event is invalid, none is recorded. */
  recordMany(events: ProfileEvent[]): this;
  interests(n?: number): { tag: string; weight: number }[];
  creators(n?: number): { creator: string; weight: number }[];
  block(what: { item: string } | { creator: string } | { item: string; creator: string }): this;
  readonly eventCount: number;
  readonly totalRecorded: number;
  readonly itemCount: number;
  readonly memoryBytes: number;
  /** The most memoryBytes can ever be under this profile's limits. */
  readonly memoryLimitBytes: number;
  readonly weights: Weights;
  /** Removes events and everything derived from them; returns items / events removed. */
  forget(what: { item: string } | { before: number }): number;
  /** The profile as bytes. */
  save(): Uint8Array;
  /** An encrypted export (AES-GCM, key from PBKDF2-SHA-256 of the passphrase). */
  save(options: { passphrase: string; iterations?: number }): Promise<Uint8Array>;
}
export interface ProfileConstructor {
  new (options?: ProfileOptions): Profile;
  load(bytes: Uint8Array | ArrayBuffer, options?: { catalog?: Catalog | Model | null }): Profile;
  /** Decrypts an encrypted export; a wrong passphrase rejects with E_DECRYPT. */
  load(bytes: Uint8Array | ArrayBuffer, options: { catalog?: Catalog | Model | null; passphrase: string }): Promise<Profile>;
}

export type Algorithm = 'popularity' | 'userknn' | 'itemknn' | 'content' | 'mf' | 'ials' | 'ease' | 'transitions' | 'slist' | 'trending';

export interface TrainProgress {
  iteration: number;
  iterations: number;
  loss: number | null;
  seconds: number;
  /** The figure training stops early on (sasrec: validation NDCG@10 of this epoch); null when there is none. */
  validation: number | null;
}

/** What training takes whatever the algorithm. */
export interface TrainCommon {
  catalog?: Catalog | null;
  weights?: Partial<Weights>;
  blend?: Partial<BlendWeights>;
  /** Return false to cancel (the call then throws E_CANCELLED). Every algorithm reports at least once. */
  onProgress?: (p: TrainProgress) => boolean | void;
  signal?: AbortSignal;
}

// One member per trainable algorithm of the core's registry; ranges and
// defaults are in rr.algorithms (and docs/models.md), and
// tests/js/algorithms.test.js checks these option names against it.

/** Item-based CF (the default algorithm). */
export interface ItemKnnTrainOptions extends TrainCommon {
  algorithm?: 'itemknn';
  /** Neighbours kept per item (default 100). */
  neighbors?: number;
  /** Shrinkage of the cosine for items with few common viewers (default 10). */
  shrink?: number;
  /** Recent events after which an event weighs half: what was just watched counts most (0: the profile's own weights). */
  recency?: number;
}
export interface UserKnnTrainOptions extends TrainCommon {
  algorithm: 'userknn';
  /** Neighbours per person (default 50). */
  neighbors?: number;
  /** Predict around each user's mean (default true). */
  normalize?: boolean | 0 | 1;
  /** Recent events after which an event weighs half: what was just watched counts most (0: the profile's own weights). */
  recency?: number;
}
export interface PopularityTrainOptions extends TrainCommon {
  algorithm: 'popularity';
}
export interface ContentTrainOptions extends TrainCommon {
  algorithm: 'content';
}
export interface MfTrainOptions extends TrainCommon {
  algorithm: 'mf';
  /** Latent dimension (128). */
  factors?: number;
  /** SGD epochs (100). */
  epochs?: number;
  /** SGD step (0.015); biases default to the same. */
  learningRate?: number;
  biasLearningRate?: number;
  /** L2 penalties on factors and biases (0.1 each). */
  regularization?: number;
  biasRegularization?: number;
  /** Learning-rate factor per epoch (0.98). */
  decay?: number;
  /** Standard deviation of the initial factors (0.05). */
  initStd?: number;
  /** Random seed (42). */
  seed?: number;
  /** Recent events after which an event weighs half: what was just watched counts most (0: the profile's own weights). */
  recency?: number;
}
export interface IalsTrainOptions extends TrainCommon {
  algorithm: 'ials';
  /** Latent dimension (64). */
  factors?: number;
  /** ALS sweeps (20). */
  iterations?: number;
  /** L2 penalty (40). */
  regularization?: number;
  /** Confidence slope (default: the weighting policy's confidenceAlpha). */
  alpha?: number;
  /** Conjugate-gradient steps per solve (3). */
  cgSteps?: number;
  scaleRegularization?: boolean | 0 | 1;
  /** Random seed (42). */
  seed?: number;
  /** Recent events after which an event weighs half: what was just watched counts most (0: the profile's own weights). */
  recency?: number;
}
export interface EaseTrainOptions extends TrainCommon {
  algorithm: 'ease';
  /** Ridge penalty (2500). */
  lambda?: number;
  /** Most-interacted items kept (2000; memory is items^2 floats). */
  maxItems?: number;
  /** Fit on 0/1 instead of weights. */
  binary?: boolean | 0 | 1;
  /** Recent events after which an event weighs half: what was just watched counts most (0: the profile's own weights). */
  recency?: number;
}
/** Next-video transitions read from the person's recent events in order. */
export interface TransitionsTrainOptions extends TrainCommon {
  algorithm: 'transitions';
  /** Events after an item that count as its next, weighted 1/distance (3). */
  window?: number;
  /** Recent events a person's score reads (10). */
  history?: number;
  /** Weight of each step further back (0.6). */
  decay?: number;
  /** How hard a skip or dislike pushes down what follows it (0.5). */
  skipWeight?: number;
  /** Successors kept per item (200). */
  neighbors?: number;
}
/** SLIST-like closed form: what goes together and what comes next, read in order. */
export interface SlistTrainOptions extends TrainCommon {
  algorithm: 'slist';
  /** L2 penalty (100). */
  lambda?: number;
  /** Weight of what goes together against what comes next (0.2). */
  alpha?: number;
  /** Earlier events that predict each next one (5). */
  window?: number;
  /** Weight of each step further back (0.7). */
  decay?: number;
  /** Recent events a person's score reads (20). */
  history?: number;
  /** How hard a skip or dislike pushes down what it predicts (0.5). */
  skipWeight?: number;
  /** Items kept, the most-watched (2000; training holds 4 x items^2 floats). */
  maxItems?: number;
}
/** Trending now: popularity at the person's own moment, decayed by age. */
export interface TrendingTrainOptions extends TrainCommon {
  algorithm: 'trending';
  /** Hours after which an event counts half (24). */
  halfLifeHours?: number;
}
/** SASRec: self-attention over the person's recent events in order, trained with full-softmax cross-entropy. */
export interface SasrecTrainOptions extends TrainCommon {
  algorithm: 'sasrec';
  /** Hidden size d, also the feed-forward size (64). */
  dim?: number;
  /** Self-attention blocks (2). */
  blocks?: number;
  /** Attention heads; must divide dim (1). */
  heads?: number;
  /** Recent events read, the positions (200). */
  maxLen?: number;
  /** Maximum passes over the sequences (200). */
  epochs?: number;
  /** Adam step size (0.003). */
  learningRate?: number;
  /** Dropout on embeddings, attention and FFN outputs (0.5). */
  dropout?: number;
  /** Sequences per step (128). */
  batch?: number;
  /** Epochs without a better validation NDCG@10 before stopping (20). */
  patience?: number;
  /** 0: full softmax; k > 0: k sampled negatives per position (0 up to 20000 items, 256 beyond). */
  negatives?: number;
  /** 1: a learned embedding of each event's kind is added to its input (0). */
  feedback?: number;
  /** Seed of the initialisation, order, dropout and negatives (42). */
  seed?: number;
}
export type TrainOptions =
  | ItemKnnTrainOptions | UserKnnTrainOptions | PopularityTrainOptions | ContentTrainOptions
  | MfTrainOptions | IalsTrainOptions | EaseTrainOptions | TransitionsTrainOptions | SlistTrainOptions | TrendingTrainOptions
  | SasrecTrainOptions;

/** One option of an algorithm, as the core registers it. */
export interface AlgorithmOption {
  name: string;
  /** null when derived from something else (the description says what). */
  default: number | null;
  min: number;
  max: number;
  integer: boolean;
  description: string;
  /** Values rr.evaluateNextItem({ tune: true }) tries (every combination of the options' grids); may be empty. */
  grid: readonly number[];
}
/** An algorithm of the core's registry (rr.algorithms). */
export interface AlgorithmInfo {
  name: Algorithm | 'factors';
  description: string;
  /** false for 'factors', made only by Model.fromFactors. */
  trainable: boolean;
  /** Recommends from the training users themselves (cannot be saved without them). */
  needsUsers: boolean;
  /** Reads the order of the recent events. */
  readsOrder: boolean;
  /** Which signal of the ranker's blend its score is. */
  signal: 'collaborative' | 'content' | 'popularity';
  /** Predictions are on the rating scale, with the default options. */
  predictsRatings: boolean;
  options: readonly AlgorithmOption[];
}

/** A NumPy array read by rr.readNpy (float32 or float64, C order). */
export interface NpyArray {
  shape: number[];
  data: Float32Array;
  dtype: 'float32' | 'float64';
}

/**
 * Item factors trained elsewhere (Spark MLlib ALS, Python implicit, ...):
 * one row of `dim` floats per item id. With itemBias or globalMean the model
 * predicts ratings (explicit MF); otherwise it is an implicit model.
 */
export interface FactorSpec {
  items: ReadonlyArray<string | number>;
  factors: Float32Array | Float64Array | number[] | NpyArray;
  /** Defaults to factors.shape[1] for an NpyArray. */
  dim?: number;
  itemBias?: Float32Array | Float64Array | number[] | NpyArray;
  globalMean?: number;
  /** Fold-in settings for the person's vector solved on the device. */
  regularization?: number;
  alpha?: number;
  scaleRegularization?: boolean;
  biasRegularization?: number;
}

export type Reason =
  | { kind: 'similar'; item: string; weight: number }
  | { kind: 'tag'; tag: string; weight: number }
  | { kind: 'creator'; creator: string; weight: number }
  | { kind: 'people'; count: number; weight: number }
  | { kind: 'popular'; weight: number }
  | { kind: 'explore'; weight: number }
  /** A sequence model's "because you just watched `item`". */
  | { kind: 'recent'; item: string; weight: number }
  /** The score a server sent with the candidate (recommend's `candidates: [{ id, score }]`). */
  | { kind: 'server'; weight: number }
  /** A new video tried in one of recommend's `newVideoBudget` slots ("new, trying it"); weight 0. */
  | { kind: 'new'; weight: number };

export interface Recommendation {
  id: string;
  score: number;
  reasons: Reason[];
}

/** A candidate a server sent, with the server's own score. */
export interface ServerCandidate {
  id: string;
  score: number;
}

export interface RecommendOptions {
  /** How many (default 10). */
  k?: number;
  /**
   * Rank only these: ids (every one must be a model item), or a server's page
   * of `{ id, score }` (scores on any finite scale; one form per call). A page's
   * scores are min-max scaled to [0, 1] and blended in with `serverWeight`;
   * a candidate the model does not know keeps its server part alone.
   * @example
   * // re-rank the rest of the page after each swipe
   * model.recommend(me, { candidates: page.map((c) => ({ id: c.id, score: c.score })), k: page.length });
   */
  candidates?: ArrayLike<string> | ArrayLike<ServerCandidate>;
  /** Weight of a server page's scaled score in the blend (default 1, like the collaborative part; 0..100). */
  serverWeight?: number;
  /** Never return these ids. */
  exclude?: ArrayLike<string>;
  /** Leave out what the person has seen (default true). */
  excludeSeen?: boolean;
  /** 0 = pure relevance .. 1 = maximal spread (MMR). */
  diversity?: number;
  /** At most this many results per creator (0 = no cap). */
  maxPerCreator?: number;
  /** Share of slots given to random eligible videos. */
  exploration?: number;
  /**
   * Calibrated re-ranking (Steck 2018), 0 = off .. 1 (range in rr.schema.calibration):
   * the weight of "the feed's tag mix follows the person's history" against
   * relevance. Slot r (1-based) is taken greedily to maximise
   * (1 - calibration) * relevance / log2(r + 1) - calibration * KL(history mix || feed mix),
   * so the lower slots move first (docs/ranking.md; on ml-latest-small about 0.4 halves
   * the feeds' miscalibration, docs/evaluation.md).
   * No effect when the person's history has no tags. Exploration slots are not calibrated.
   * @example
   * model.recommend(me, { k: 10, calibration: 0.5 });
   */
  calibration?: number;
  /**
   * Popularity correction beta, 0 = off (range in rr.schema.popularityCorrection):
   * every score becomes score - beta * popularity, popularity the model's
   * log-scaled interaction count in [0, 1], so less watched videos move up.
   * @example
   * model.recommend(me, { k: 10, popularityCorrection: 0.5 });
   */
  popularityCorrection?: number;
  seed?: number;
  /** Attach reasons (default true). */
  explain?: boolean;
  /**
   * Share of the k slots (0..1, default `rr.schema.newVideos.budget`, 0 = off)
   * for new videos: those with fewer than `rr.schema.newVideos.freshImpressions`
   * training impressions that the training log first saw within `newVideoWindow`
   * days of its newest event, or never saw (a model saved before format 4:
   * the impressions alone). It shrinks as the profile grows:
   * `budget * h / (h + events)`, h = `rr.schema.newVideos.halfEvents`. Which new
   * videos are tried follows each one's engagement estimate (docs/ranking.md, "New videos"),
   * over the `rr.schema.newVideos.sampledCandidates` best-scored of them;
   * they are marked `{ kind: 'new' }` and respect exclusions, seen-filtering and `maxPerCreator`.
   * @example
   * model.recommend(me, { k: 10, newVideoBudget: 0.2, newVideoMethod: 'ucb' });
   */
  newVideoBudget?: number;
  /** How new videos are picked: 'thompson' (a draw from each one's posterior, seeded by `seed`; the default) or 'ucb' (an upper confidence bound). */
  newVideoMethod?: NewVideoMethod;
  /**
   * Days (0 to `rr.schema.newVideos.maxWindow`, default `rr.schema.newVideos.window`)
   * before the model's newest training event within which a video first seen
   * by the log still counts as new; a video the log never saw always does.
   * @example
   * model.recommend(me, { k: 10, newVideoBudget: 0.2, newVideoWindow: 7 });
   */
  newVideoWindow?: number;
}

/** recommend's ways of picking new videos (rr.schema.newVideos.methods). */
export type NewVideoMethod = 'thompson' | 'ucb';

export interface ModelInfo {
  algorithm: Algorithm;
  items: number;
  users: number;
  tags: number;
  creators: number;
  explicitRatings: boolean;
  hasUsers: boolean;
  weights: Weights;
}

/**
 * The item side, shareable: trained with rr.train, shipped as bytes.
 * @example
 * const model = rr.train(log, { algorithm: 'itemknn', catalog });
 * model.recommend(me, { k: 10, diversity: 0.3 });
 * model.recommend('u1', { k: 10 });
 * const shipped = model.save({ includeUsers: false });
 */
/**
 * A server's page resolved once against a model (model.page): re-rank it for a
 * Profile after every swipe without sending the page again.
 * @example
 * const page = model.page(serverPage);            // [{ id, score }], once per page
 * me.record({ item: shown, type: 'view', watchTime: 4, duration: 15 });
 * const next = page.recommend(me, { k: 3 });      // what to show next, with reasons
 * const order = page.order(me);                   // Int32Array: places in serverPage, best first
 */
export interface ServerPage extends Disposable {
  readonly size: number;
  recommend(who: Profile, options?: Omit<RecommendOptions, 'candidates'>): Recommendation[];
  /** Places in the page (0 = its first candidate), best first; k defaults to the whole page (at most 10,000). */
  order(who: Profile, options?: Omit<RecommendOptions, 'candidates' | 'explain'>): Int32Array;
}

/** Model.tagMix's answer: two mixes over the same tags, each summing to 1 (or all 0: nothing tagged). */
export interface TagMix {
  /** The model's tags, in the order of `history` and `list`. */
  tags: string[];
  /** The person's history mix: each watched video's decayed interest split evenly over its tags. */
  history: Float64Array;
  /** The mix of the given videos, each weighing 1. */
  list: Float64Array;
  /** KL(history || list) with Steck's alpha 0.01 (at most log 100); null when the history has no tagged video. */
  miscalibration: number | null;
}

export interface Model extends Disposable, ModelAnalytics {
  recommend(who: Profile | string, options?: RecommendOptions): Recommendation[];
  /** A server's page of { id, score }, resolved once for re-ranking after every swipe (ServerPage). */
  page(candidates: ArrayLike<ServerCandidate>): ServerPage;
  /** Predicted preference (rating scale for ratings); null when there is no basis. */
  predict(who: Profile | string, item: string): number | null;
  similarItems(item: string, n?: number): { id: string; score: number }[];
  /**
   * The tag mix of `ids` (each video weighs 1) against the person's history mix
   * as `calibration` reads it (decayed interest), over the model's tags.
   * E_UNKNOWN_ID for an id the model does not know; E_ARG when `profile` is not a Profile.
   */
  tagMix(profile: Profile, ids: ArrayLike<string>): TagMix;
  save(options?: { includeUsers?: boolean }): Uint8Array;
  readonly info: ModelInfo;
  readonly algorithm: Algorithm;
  readonly itemCount: number;
}
export interface ModelConstructor {
  load(bytes: Uint8Array | ArrayBuffer): Model;
  /**
   * A model from imported item factors; profiles are folded in on the device.
   * @example
   * const f = rr.readNpy(new Uint8Array(await (await fetch('item_factors.npy')).arrayBuffer()));
   * const model = rr.Model.fromFactors({ items: ids, factors: f });
   */
  fromFactors(spec: FactorSpec): Model;
  /**
   * A SASRec model from a .safetensors file trained elsewhere (PyTorch; the
   * tensor names are in docs/models.md). items[r] is embedding row r + 1.
   * @example
   * const bytes = new Uint8Array(await (await fetch('sasrec.safetensors')).arrayBuffer());
   * const model = rr.Model.fromSafetensors(bytes, { items: ids });
   * model.recommend(me, { k: 10 });
   */
  fromSafetensors(bytes: Uint8Array | ArrayBuffer, spec: { items: ReadonlyArray<string | number> }): Model;
  train(log: Interactions, options?: TrainOptions): Model;
}

export interface CosineSteps {
  products: number[];
  dot: number;
  normA: number;
  normB: number;
  value: number;
}

export interface UserCFResult {
  similarity: number[][];
  neighbors: { user: number; weight: number }[][];
  predictions: (number | null)[][];
  steps: {
    user: number;
    item: number;
    terms: { user: number; weight: number; rating: number; contribution: number }[];
    numerator: number;
    denominator: number;
    prediction: number | null;
  }[];
}

/**
 * The textbook algorithms step by step, on the production code path.
 * @example
 * rr.teach.cosine([1, 2, 3], [3, 2, 1]);
 * rr.teach.userBasedCF([[5, 3, null], [4, null, 4]], { k: 1 });
 */
export interface Teach {
  cosine(u: ArrayLike<number>, v: ArrayLike<number>): number;
  cosineSteps(u: ArrayLike<number>, v: ArrayLike<number>): CosineSteps;
  userBasedCF(R: (number | null)[][], options?: { k?: number; normalize?: boolean }): UserCFResult;
}

/** The API returned by load(); readDataset and evaluate come from EvalApi (eval.d.ts). */
export interface ReelRank extends EvalApi {
  Catalog: CatalogConstructor;
  Interactions: InteractionsConstructor;
  Profile: ProfileConstructor;
  Model: ModelConstructor;
  train(log: Interactions, options?: TrainOptions): Model;
  /**
   * Every algorithm the core registers, with its options and traits.
   * @example
   * for (const a of rr.algorithms) console.log(a.name, a.options.map((o) => `${o.name}=${o.default}`).join(' '));
   */
  readonly algorithms: readonly AlgorithmInfo[];
  /** The facts the core and JS share: error codes, event types, reason kinds, weights, blend, limits. */
  readonly schema: Schema;
  teach: Teach;
  /** Reads a NumPy .npy file (float32/float64, C order). */
  readNpy(bytes: Uint8Array | ArrayBuffer): NpyArray;
  /** Creator and community analytics with a privacy guard (docs/analytics.md). */
  analytics: Analytics;
  /** Runs fn and disposes every reelrank object made inside it except those it returns. */
  scope<T>(fn: () => T): T;
  ReelRankError: typeof ReelRankError;
  ErrorCodes: typeof ErrorCodes;
  EVENT_TYPES: readonly EventType[];
  heapInUse(): number;
  memoryBytes(): number;
  /** True when loaded with { tools: true }. */
  readonly tools: boolean;
}

export interface LoadOptions {
  /** Where to fetch reelrank.wasm from (default: beside this module). */
  wasmUrl?: string | URL;
  /** The wasm bytes themselves (no fetch at all); reelrank-tools.wasm's bytes need tools: true too. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /**
   * Load reelrank-tools.wasm, which adds evaluation (rr.readDataset,
   * rr.evaluate) and creator analytics (rr.analytics, model.audienceFor,
   * model.lookalike). Without it those calls throw E_STATE. Default false:
   * the default module is much smaller.
   */
  tools?: boolean;
}

/**
 * Loads the wasm module.
 * @example
 * import { load } from 'reelrank';
 * const rr = await load();
 */
export function load(options?: LoadOptions): Promise<ReelRank>;

/** True when this runtime supports WebAssembly SIMD (reelrank's wasm needs it). */
export function supportsSimd(): boolean;

export interface SampleVideo {
  id: string;
  tags: string[];
  creator: string;
  duration: number;
  title: string;
}
export const SAMPLE_TOPICS: readonly string[];
export function sampleVideos(options?: { count?: number; creators?: number; seed?: number }): SampleVideo[];
export function simulateViewers(
  videos: SampleVideo[],
  options?: { people?: number; perPerson?: number; seed?: number; start?: number },
): { events: LogEvent[]; tastes: Record<string, string[]> };
export function seededRandom(seed: number): () => number;
