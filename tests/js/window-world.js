// The world of the new-video window's JS tests and of tests/fixtures/v3:
// six established videos e1..e6 (30 full views each, 10 days after T0), old
// (3 full views at T0, so 10 days before the log's newest event) and fresh1
// (2 full views half a day before the newest). Every view is a full one, so
// the log's base rate is 1. Data only (no module), so scripts/make-v3-fixtures.mjs
// can use it with any build.
export const T0 = 1_700_000_000;
const DAY = 86400;

export const WINDOW_VIDEOS = [
  ...[1, 2, 3, 4, 5, 6].map((i) => ({ id: `e${i}`, creator: `ce${i}`, duration: 10 })),
  { id: 'old', creator: 'co', duration: 10 },
  { id: 'fresh1', creator: 'cf', duration: 10 },
];

export const WINDOW_EVENTS = (() => {
  const events = [];
  let n = 0;
  for (let i = 1; i <= 6; i++) {
    for (let u = 1; u <= 30; u++) events.push({ user: `u${u}`, item: `e${i}`, type: 'view', watchTime: 10, duration: 10, timestamp: T0 + 10 * DAY + n++ });
  }
  for (let u = 1; u <= 3; u++) events.push({ user: `u${u}`, item: 'old', type: 'view', watchTime: 10, duration: 10, timestamp: T0 + u });
  for (let u = 1; u <= 2; u++) events.push({ user: `u${u}`, item: 'fresh1', type: 'view', watchTime: 10, duration: 10, timestamp: T0 + 9.5 * DAY + u });
  return events;
})();

// The person: one full view of e1.
export const WINDOW_PROFILE = [{ item: 'e1', type: 'view', watchTime: 10, duration: 10, timestamp: T0 + 11 * DAY }];

// k 4 leaves e2..e5 exploited; one event and budget 0.25 give 1 new-video
// slot (round(0.25 * 50 / 51 * 4)); fresh1 excluded leaves old the only
// candidate under 20 impressions.
export const WINDOW_REQUEST = { k: 4, newVideoBudget: 0.25, newVideoMethod: 'ucb', exclude: ['fresh1'] };
