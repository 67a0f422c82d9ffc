// The sample world's events written as a KuaiRand-style TSV (one row per view,
// with its play time, duration and the like/follow/comment/share that went
// with it), so that rr.readDataset(text, { format: 'kuairand' }) can read
// them for rr.evaluate. A skip becomes a row with no play time marked is_hate:
// the nearest thing KuaiRand has to "not for me".

const HEADER = ['user_id', 'video_id', 'time_ms', 'is_follow', 'is_comment', 'is_forward', 'play_time_ms', 'duration_ms',
  'is_like', 'is_hate'];
const FLAG = { like: 'is_like', follow: 'is_follow', comment: 'is_comment', share: 'is_forward' };

export function sampleEventsToTsv(events, videos) {
  const duration = new Map(videos.map((v) => [v.id, v.duration]));
  const rows = [];
  const lastRow = new Map(); // "user\0item" -> the row of that person's latest view of it
  for (const e of events) {
    const key = `${e.user}\0${e.item}`;
    if (e.type === 'view' || e.type === 'skip') {
      const row = {
        user_id: e.user, video_id: e.item, time_ms: Math.round((e.timestamp ?? 0) * 1000), is_follow: 0, is_comment: 0,
        is_forward: 0, play_time_ms: e.type === 'view' ? Math.round(e.watchTime * 1000) : 0,
        duration_ms: Math.round((e.duration ?? duration.get(e.item) ?? 0) * 1000), is_like: 0, is_hate: e.type === 'skip' ? 1 : 0,
      };
      rows.push(row);
      lastRow.set(key, row);
    } else if (FLAG[e.type] && lastRow.has(key)) {
      lastRow.get(key)[FLAG[e.type]] = 1;
    }
  }
  return [HEADER.join('\t'), ...rows.map((r) => HEADER.map((h) => r[h]).join('\t'))].join('\n');
}
