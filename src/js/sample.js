// A built-in sample world, generated deterministically: short videos with
// tags, creators and durations, and simulated viewers whose behaviour follows
// their (hidden) tastes. Used by the quick-start, the demo and the tests, so
// everything is alive without downloading anything.

const TOPICS = {
  cooking: ['baking', 'vegan', 'streetfood', 'recipes'],
  travel: ['beaches', 'hiking', 'cities', 'vanlife'],
  fitness: ['yoga', 'running', 'gym', 'stretching'],
  music: ['guitar', 'piano', 'covers', 'kpop'],
  dance: ['hiphop', 'ballet', 'tutorial', 'challenge'],
  comedy: ['sketch', 'pranks', 'standup', 'parody'],
  pets: ['cats', 'dogs', 'birds', 'rescue'],
  gaming: ['speedrun', 'minecraft', 'esports', 'retro'],
  tech: ['gadgets', 'coding', 'ai', 'reviews'],
  fashion: ['streetwear', 'thrift', 'outfits', 'sneakers'],
  beauty: ['makeup', 'skincare', 'nails', 'hair'],
  diy: ['woodwork', 'crafts', 'repair', 'homedecor'],
  science: ['space', 'physics', 'chemistry', 'biology'],
  sports: ['football', 'basketball', 'skate', 'climbing'],
  asmr: ['whisper', 'tapping', 'slime', 'soap'],
  art: ['drawing', 'painting', 'animation', 'pottery'],
};
export const SAMPLE_TOPICS = Object.freeze(Object.keys(TOPICS));

/** A small deterministic PRNG (mulberry32). */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick(rand, list) {
  return list[Math.floor(rand() * list.length)];
}

/**
 * Sample videos: [{ id, tags, creator, duration, title }]. Each creator works
 * on one or two topics; each video has its creator's topic plus one or two
 * sub-tags.
 */
export function sampleVideos({ count = 2000, creators = 150, seed = 7 } = {}) {
  const rand = seededRandom(seed);
  const creatorTopics = [];
  for (let c = 0; c < creators; c++) {
    const first = pick(rand, SAMPLE_TOPICS);
    creatorTopics.push(rand() < 0.3 ? [first, pick(rand, SAMPLE_TOPICS)] : [first]);
  }
  const videos = [];
  for (let i = 0; i < count; i++) {
    const c = Math.floor(rand() * creators);
    const topic = pick(rand, creatorTopics[c]);
    const subs = TOPICS[topic];
    const tags = [topic, pick(rand, subs)];
    if (rand() < 0.4) {
      const extra = pick(rand, subs);
      if (!tags.includes(extra)) tags.push(extra);
    }
    const duration = Math.round(8 + rand() * rand() * 170);
    videos.push({ id: `vid${String(i).padStart(4, '0')}`, tags, creator: `creator${String(c).padStart(3, '0')}`, duration,
      title: `${tags[1]} ${topic} #${i}` });
  }
  return videos;
}

/**
 * Simulated viewers: each person has two or three favourite topics and
 * watches, likes, shares, comments, follows or skips accordingly.
 * Returns { events, tastes } (events carry user, item, type, watchTime, timestamp).
 */
export function simulateViewers(videos, { people = 300, perPerson = 60, seed = 11, start = 1_700_000_000 } = {}) {
  const rand = seededRandom(seed);
  const byTopic = new Map();
  for (const v of videos) {
    if (!byTopic.has(v.tags[0])) byTopic.set(v.tags[0], []);
    byTopic.get(v.tags[0]).push(v);
  }
  const topics = [...byTopic.keys()];
  const events = [];
  const tastes = {};
  for (let p = 0; p < people; p++) {
    const user = `viewer${String(p).padStart(3, '0')}`;
    const likes = new Set();
    const n = rand() < 0.5 ? 2 : 3;
    while (likes.size < n) likes.add(pick(rand, topics));
    tastes[user] = [...likes];
    let t = start + Math.floor(rand() * 86400 * 7);
    for (let k = 0; k < perPerson; k++) {
      const favourite = rand() < 0.7;
      const topic = favourite ? pick(rand, tastes[user]) : pick(rand, topics);
      const pool = byTopic.get(topic);
      // Popular videos (low index within a topic) are seen more often.
      const v = pool[Math.floor(rand() * rand() * pool.length)];
      const fits = likes.has(v.tags[0]);
      t += 20 + Math.floor(rand() * 600);
      const ratio = fits ? 0.6 + rand() * 0.8 : rand() * 0.4;
      if (!fits && rand() < 0.5) {
        events.push({ user, item: v.id, type: 'skip', timestamp: t });
        continue;
      }
      events.push({ user, item: v.id, type: 'view', watchTime: Math.round(ratio * v.duration * 10) / 10, duration: v.duration, timestamp: t });
      if (fits && rand() < 0.35) events.push({ user, item: v.id, type: 'like', timestamp: t + 1 });
      if (fits && rand() < 0.08) events.push({ user, item: v.id, type: 'share', timestamp: t + 2 });
      if (fits && rand() < 0.06) events.push({ user, item: v.id, type: 'comment', timestamp: t + 3 });
      if (fits && rand() < 0.03) events.push({ user, item: v.id, type: 'follow', timestamp: t + 4 });
    }
  }
  return { events, tastes };
}
