// The benchmark workload, written to TSV files so the native and wasm builds
// of the core benchmark and the JS API all time identical data.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleVideos, simulateViewers } from '../dist/index.js';

/** 10,000 videos (or `count`), 2,000 simulated viewers, one person's 40-event profile. */
export function makeWorkload({ count = 10_000 } = {}) {
  const videos = sampleVideos({ count, creators: Math.max(500, count / 20), seed: 21 });
  const { events } = simulateViewers(videos, { people: 2000, perPerson: 50, seed: 22 });
  const me = videos.filter((v) => v.tags[0] === 'cooking' || v.tags[0] === 'travel').slice(0, 30);
  const profileEvents = [];
  me.forEach((v, i) => {
    profileEvents.push({ item: v.id, type: 'view', watchTime: v.duration * 0.8, duration: v.duration, timestamp: 1_700_100_000 + i * 60 });
    if (i % 3 === 0) profileEvents.push({ item: v.id, type: 'like', timestamp: 1_700_100_001 + i * 60 });
  });
  return { videos, events, profileEvents };
}

/** Writes the workload as catalog.tsv, events.tsv, profile.tsv; returns the folder. */
export function writeWorkload({ videos, events, profileEvents }) {
  const dir = mkdtempSync(join(tmpdir(), 'reelrank-bench-'));
  writeFileSync(join(dir, 'catalog.tsv'), videos.map((v) => [v.id, v.tags.join(','), v.creator, v.duration].join('\t')).join('\n'));
  const row = (e) => [e.item, e.type, e.watchTime ?? e.value ?? 0, e.duration ?? 0, e.timestamp].join('\t');
  writeFileSync(join(dir, 'events.tsv'), events.map((e) => `${e.user}\t${row(e)}`).join('\n'));
  writeFileSync(join(dir, 'profile.tsv'), profileEvents.map(row).join('\n'));
  return dir;
}
