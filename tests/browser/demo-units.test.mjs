// Unit tests (plain node, no browser) of the demo's own logic that the browser
// run may not reach: the sample world's KuaiRand-style export for
// rr.readDataset, and the dashboard's plain words for a privacy report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sampleEventsToTsv } from '../../web/js/sample-tsv.js';
import { privacyWords } from '../../web/js/dashboard-privacy.js';

test('sampleEventsToTsv: one row per view or skip, with its likes, comments, shares and follows', () => {
  const videos = [{ id: 'v1', duration: 30 }, { id: 'v2', duration: 10 }];
  const tsv = sampleEventsToTsv([
    { user: 'a', item: 'v1', type: 'view', watchTime: 12.5, duration: 30, timestamp: 1000 },
    { user: 'a', item: 'v1', type: 'like', timestamp: 1001 },
    { user: 'a', item: 'v1', type: 'share', timestamp: 1002 },
    { user: 'a', item: 'v2', type: 'skip', timestamp: 1100 },
  ], videos);
  assert.deepEqual(tsv.split('\n'), [
    'user_id\tvideo_id\ttime_ms\tis_follow\tis_comment\tis_forward\tplay_time_ms\tduration_ms\tis_like\tis_hate',
    'a\tv1\t1000000\t0\t0\t1\t12500\t30000\t1\t0',
    'a\tv2\t1100000\t0\t0\t0\t0\t10000\t0\t1',
  ]);
});

test('privacyWords: what the guard merged, hid or left out, in plain words', () => {
  const base = { minGroupSize: 5, mergedGroups: 0, mergedPeople: 0, otherShown: false, hiddenGroups: 0, hiddenPeople: 0, hiddenLabels: 0, note: '' };
  const videos = { one: 'video', many: 'videos' };
  assert.deepEqual(privacyWords(base, videos),
    { changed: false, text: 'Every video has at least 5 people, so nothing is merged or hidden.' });
  assert.deepEqual(privacyWords({ ...base, mergedGroups: 4, mergedPeople: 6, otherShown: true }, videos),
    { changed: true, text: '4 videos with fewer than 5 people each are merged into one “other” group (6 people together).' });
  assert.deepEqual(privacyWords({ ...base, minGroupSize: 20, mergedGroups: 1, hiddenGroups: 1, hiddenPeople: 1 }, { one: 'day', many: 'days' }),
    { changed: true, text: '1 day with fewer than 20 people is hidden, because even merged it came to only 1 person.' });
  const segments = { one: 'segment', many: 'segments', labels: ['tag or creator', 'tags and creators'] };
  assert.deepEqual(privacyWords({ ...base, hiddenLabels: 1 }, segments),
    { changed: false, text: 'Every segment has at least 5 people, so nothing is merged or hidden; 1 tag or creator that fewer than 5 members engaged with is not listed.' });
  assert.match(privacyWords({ ...base, hiddenLabels: 1466 }, segments).text, /; 1,466 tags and creators that fewer than 5 members engaged with are not listed\.$/);
});
