// Types of rr.analytics, model.audienceFor and model.lookalike
// (src/js/analytics.js; docs/analytics.md).
import type { Catalog, Interactions, Model, Weights } from './index.js';

/** What the privacy guard did to a result. */
export interface PrivacyReport {
  /** Groups of fewer people are never shown on their own (default 5, never below 2). */
  minGroupSize: number;
  /** Groups under the minimum folded into "other". */
  mergedGroups: number;
  /** Distinct people in "other" (0 when there is none). */
  mergedPeople: number;
  otherShown: boolean;
  /** Groups left out because even "other" was under the minimum. */
  hiddenGroups: number;
  hiddenPeople: number;
  /** Describing labels engaged by too few people, left out. */
  hiddenLabels: number;
  /** One sentence for a person reading the export. */
  note: string;
}

/** One engagement row; rates and ratio figures are null when drawn from too few people. */
export interface EngagementRow {
  /** Video id, creator id, "YYYY-MM-DD" (UTC) or "other". */
  key: string;
  other?: true;
  mergedGroups?: number;
  people: number;
  uniqueViewers: number;
  impressions: number;
  views: number;
  skips: number;
  likes: number;
  dislikes: number;
  comments: number;
  shares: number;
  follows: number;
  /** Distinct (person, video) pairs with any event in the group (by video: people); a like implies an exposure. */
  exposures: number;
  /** Exposures with at least one like (dislike, comment, share, follow); by video, the people who liked. */
  likers: number;
  dislikers: number;
  commenters: number;
  sharers: number;
  followers: number;
  watchSeconds: number;
  measuredViews: number;
  meanWatchRatio: number | null;
  watchRatio: { p25: number | null; median: number | null; p75: number | null; histogram: number[] };
  /** likers / exposures (a share, at most 1); likewise dislike, comment, share, follow. */
  likeRate: number | null;
  dislikeRate: number | null;
  commentRate: number | null;
  shareRate: number | null;
  followRate: number | null;
  /** skips / impressions. */
  skipRate: number | null;
  returningViewerRate: number | null;
}

export interface EngagementOptions {
  by?: 'video' | 'creator' | 'day';
  catalog?: Catalog;
  minGroupSize?: number;
  /** A view under this watch ratio counts as a skip (default 0.2). */
  skipBelow?: number;
  /** Seconds between views that start a new session (default 1800). */
  sessionGap?: number;
}

export interface EngagementTable {
  by: 'video' | 'creator' | 'day';
  groups: EngagementRow[];
  overall: EngagementRow | null;
  events: number;
  unattributedEvents: number;
  /** Lower edges of the 11 histogram bins. */
  histogramEdges: readonly number[];
  privacy: PrivacyReport;
}

export interface SegmentLabel {
  share: number;
  lift: number;
  people: number;
}

export interface Group {
  /** null for "other". */
  id: number | null;
  other: boolean;
  mergedGroups?: number;
  size: number;
  tags: (SegmentLabel & { tag: string })[];
  creators: (SegmentLabel & { creator: string })[];
  videos: (SegmentLabel & { video: string })[];
  /** With { members: true }. */
  members?: string[];
}

export interface Segment extends Group {
  engagement: EngagementRow | null;
}

export type PeopleFeatures = 'auto' | 'tags' | 'items';

export interface SegmentOptions {
  /** Number of segments; chosen by silhouette in [2, kMax] when left out. */
  k?: number;
  kMax?: number;
  model?: Model;
  catalog?: Catalog;
  seed?: number;
  minGroupSize?: number;
  features?: PeopleFeatures;
  dims?: number;
  /** Neighbours per person in the community graph; 0 = no communities (default 10). */
  graphNeighbors?: number;
  /** Labels of each kind per group (default 5). */
  top?: number;
  members?: boolean;
  weights?: Partial<Weights>;
}

export interface SegmentsResult {
  people: number;
  k: number;
  features: 'tags' | 'items';
  dims: number;
  silhouette: number | null;
  tried: { k: number; silhouette: number | null }[];
  inertia: number | null;
  segments: Segment[];
  privacy: PrivacyReport;
  communities: { count: number; modularity: number | null; groups: Segment[]; privacy: PrivacyReport } | null;
}

/** A video the model does not know yet. */
export interface NewVideoFeatures {
  tags?: string[];
  creator?: string;
  embedding?: ArrayLike<number>;
}

export interface AudienceOptions {
  /** People to return (default 20, or fewer when the model has fewer people). */
  k?: number;
  /** false = no segments; a number fixes their k; true / left out = chosen by silhouette. */
  segments?: boolean | number;
  kMax?: number;
  seed?: number;
  minGroupSize?: number;
  includeSeen?: boolean;
  features?: PeopleFeatures;
  dims?: number;
  top?: number;
  members?: boolean;
}

export interface PersonScore {
  user: string;
  score: number;
}

export interface AudienceSegment extends Group {
  meanAffinity: number | null;
  topShare: number;
  reached: number;
}

export interface Audience {
  basis: 'model' | 'content';
  people: PersonScore[];
  candidates: number;
  reached: number;
  segments: AudienceSegment[] | null;
  segmentK: number | null;
  silhouette: number | null;
  privacy: PrivacyReport;
}

export interface Analytics {
  readonly DEFAULT_MIN_GROUP_SIZE: 5;
  engagement(log: Interactions, options?: EngagementOptions): EngagementTable;
  segments(log: Interactions, options?: SegmentOptions): SegmentsResult;
  audienceFor(model: Model, video: string | NewVideoFeatures, options?: AudienceOptions): Audience;
  lookalike(model: Model, users: ArrayLike<string>, options?: { k?: number }): PersonScore[];
}

/** The two methods analytics adds to Model. */
export interface ModelAnalytics {
  audienceFor(video: string | NewVideoFeatures, options?: AudienceOptions): Audience;
  lookalike(users: ArrayLike<string>, options?: { k?: number }): PersonScore[];
}
