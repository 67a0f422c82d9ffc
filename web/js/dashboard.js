// Section 6: a creator dashboard over the sample world. A creator is picked;
// their "export" is every event on their videos. From it, rr.analytics gives
// the engagement per video and per day; the audience segments cluster the
// creator's viewers by everything they watch; and model.audienceFor predicts
// who to reach with a new video the visitor describes by its tags (the cold
// start). Every result passes the privacy guard, whose minimum group size the
// visitor can change; the notice says in plain words what it merged or hid.
//
// The work runs on the main thread in small steps (tens of ms each on the
// sample), with a frame between steps so the page keeps painting.
import { byId, errorText, fixed, fmt, h, nextFrame } from './dom.js';
import { privacyWords } from './dashboard-privacy.js';
import {
  renderDayChart, renderEngagementTable, renderHistogram, renderKpis, renderReach, renderSegments, renderVideoChart,
} from './dashboard-panels.js';

const SEED = 1;
const REACH_LIST = 50; // people on the "reach list" of model.audienceFor
const MIN_GROUP = { min: 2, max: 100, initial: 5 };
const STEPS = ['engagement', 'segments', 'reach']; // in the order they run
const LABELS = ['tag or creator', 'tags and creators']; // what describes a segment

export function initDashboard(rr, world) {
  const el = {
    section: byId('dashboard'), creator: byId('dash-creator'), min: byId('dash-min'), minMsg: byId('dash-min-msg'),
    status: byId('dash-status'), privacy: byId('dash-privacy'), kpis: byId('dash-kpis'), videoChart: byId('dash-video-chart'),
    hist: byId('dash-hist'), table: byId('dash-table'), caption: byId('dash-table-caption'), days: byId('dash-days'), segSummary: byId('dash-seg-summary'),
    segments: byId('dash-segments'), topics: byId('dash-topics'), subtags: byId('dash-subtags'),
    reachCreator: byId('dash-reach-creator'), reachCreatorLabel: byId('dash-reach-creator-label'), reach: byId('dash-reach'),
  };
  const state = { creator: null, minGroupSize: MIN_GROUP.initial, logs: null, times: {}, notices: {} };

  // --- the sample world, seen per creator --------------------------------------
  const videosOf = new Map(); // creator -> [video]
  const subtagsOf = new Map(); // topic -> sorted sub-tags
  for (const v of world.videos) {
    if (!videosOf.has(v.creator)) videosOf.set(v.creator, []);
    videosOf.get(v.creator).push(v);
    if (!subtagsOf.has(v.tags[0])) subtagsOf.set(v.tags[0], new Set());
    for (const t of v.tags.slice(1)) subtagsOf.get(v.tags[0]).add(t);
  }

  /** The creator's own export (events on their videos) and their audience's whole activity. */
  function logsFor(creator) {
    if (state.logs?.creator === creator) return state.logs;
    state.logs?.own.dispose();
    state.logs?.audience.dispose();
    const ids = new Set(videosOf.get(creator).map((v) => v.id));
    const ownEvents = world.events.filter((e) => ids.has(e.item));
    const people = new Set(ownEvents.map((e) => e.user));
    state.logs = {
      creator,
      own: new rr.Interactions().addMany(ownEvents),
      audience: new rr.Interactions().addMany(world.events.filter((e) => people.has(e.user))),
    };
    return state.logs;
  }

  /** The topic of the creator's most viewed videos: the new video's starting description. */
  const mainTopic = (creator) => {
    const topicOf = new Map(videosOf.get(creator).map((v) => [v.id, v.tags[0]]));
    const views = new Map();
    for (const e of world.events) {
      if (e.type === 'view' && topicOf.has(e.item)) views.set(topicOf.get(e.item), (views.get(topicOf.get(e.item)) ?? 0) + 1);
    }
    return [...views].sort((a, b) => b[1] - a[1])[0]?.[0] ?? videosOf.get(creator)[0].tags[0];
  };

  // --- the three steps ------------------------------------------------------------
  const steps = {
    engagement() {
      const { own } = logsFor(state.creator);
      const options = { catalog: world.catalog, minGroupSize: state.minGroupSize };
      const byVideo = rr.analytics.engagement(own, { ...options, by: 'video' });
      const byDay = rr.analytics.engagement(own, { ...options, by: 'day' });
      renderKpis(el.kpis, byVideo.overall, state.minGroupSize);
      renderEngagementTable(el.table, el.caption, byVideo, world, state.creator);
      renderVideoChart(el.videoChart, byVideo, world);
      renderHistogram(el.hist, byVideo.overall, byVideo.histogramEdges);
      renderDayChart(el.days, byDay);
      notice('videos', 'Videos', privacyWords(byVideo.privacy, { one: 'video', many: 'videos' }));
      notice('days', 'Days', privacyWords(byDay.privacy, { one: 'day', many: 'days' }));
    },
    segments() {
      const { audience } = logsFor(state.creator);
      // graphNeighbors: 0 = segments only (the community graph is not shown here).
      const result = rr.analytics.segments(audience, {
        catalog: world.catalog, seed: SEED, minGroupSize: state.minGroupSize, graphNeighbors: 0,
      });
      const tried = result.tried.filter((t) => t.silhouette !== null);
      el.segSummary.textContent = `${result.people.toLocaleString('en')} people watched @${state.creator}. ` +
        `k-means++ on their ${result.features === 'tags' ? 'tag profiles' : 'viewing rows'} found k = ${result.k} segments: ` +
        `the k with the best silhouette (${fixed(result.silhouette, 2)}) of ` +
        `${tried.map((t) => `${t.k}: ${fixed(t.silhouette, 2)}`).join(', ')}. ` +
        'A card names what its members watch more than this audience as a whole; its figures cover everything they watch.';
      renderSegments(el.segments, result, state.creator);
      el.segments.dataset.min = String(state.minGroupSize);
      notice('segments', 'Audience segments', privacyWords(result.privacy, { one: 'segment', many: 'segments', labels: LABELS }));
    },
    reach() {
      const tags = checkedTags();
      const creator = el.reachCreator.checked ? state.creator : null;
      if (tags.length === 0 && !creator) {
        el.reach.replaceChildren(h('p', { class: 'muted' }, 'Pick at least one tag (or the creator) to describe the video.'));
        el.reach.dataset.state = 'empty';
        notice('reach', 'Who to reach', null);
        return;
      }
      const features = creator ? { tags, creator } : { tags };
      const { model } = world.model('itemknn');
      const total = model.info.users;
      const audience = model.audienceFor(features, { k: Math.min(REACH_LIST, total), seed: SEED, minGroupSize: state.minGroupSize });
      // Everyone ranked, without segments (a few ms), just to count who has any affinity.
      const all = model.audienceFor(features, { k: total, segments: false, minGroupSize: state.minGroupSize });
      const positive = all.people.filter((p) => p.score > 0).length;
      renderReach(el.reach, { audience, positive, total, listSize: Math.min(REACH_LIST, total) });
      el.reach.dataset.state = 'done';
      el.reach.dataset.tags = tags.join(' ');
      notice('reach', 'Who to reach', privacyWords(audience.privacy, { one: 'segment', many: 'segments', labels: LABELS }));
    },
  };

  // --- the privacy notice -----------------------------------------------------------
  function notice(key, title, words) {
    state.notices[key] = words ? { title, ...words } : null;
    const items = ['videos', 'days', 'segments', 'reach'].filter((k) => state.notices[k]).map((k) => {
      const n = state.notices[k];
      return h('li', { 'data-result': k, class: n.changed ? 'changed' : null }, h('strong', {}, `${n.title}: `), n.text);
    });
    el.privacy.replaceChildren(...items,
      h('li', { class: 'muted' }, `A figure drawn from fewer than ${state.minGroupSize} people shows as —.`));
  }

  // --- running the steps without freezing the page ------------------------------
  const pending = new Set();
  let running = null;

  function request(...parts) {
    for (const p of parts) pending.add(p);
    el.section.dataset.state = 'computing';
    if (!running) running = run().finally(() => { running = null; });
    return running;
  }

  async function run() {
    while (pending.size) {
      const step = STEPS.find((s) => pending.has(s));
      el.status.textContent = `Computing ${step === 'reach' ? 'who to reach' : step === 'segments' ? 'the audience segments' : 'the engagement'}…`;
      await nextFrame();
      pending.delete(step);
      const t0 = performance.now();
      try {
        steps[step]();
        state.times[step] = performance.now() - t0;
      } catch (err) {
        state.times[step] = null;
        const target = { engagement: el.kpis, segments: el.segments, reach: el.reach }[step];
        target.replaceChildren(h(step === 'segments' ? 'li' : 'p', { class: 'error' }, `Could not compute this: ${errorText(err)}`));
      }
    }
    const t = state.times;
    const ms = (x) => (x === null || x === undefined ? '—' : `${fmt(x, 0)} ms`);
    const shown = Object.values(state.notices).filter(Boolean);
    const changed = shown.filter((n) => n.changed).length;
    el.status.textContent = `Updated for @${state.creator} with groups of at least ${state.minGroupSize} people; ` +
      `the privacy guard merged or hid groups in ${changed} of ${shown.length} results. ` +
      `Computed in this tab's WebAssembly: engagement ${ms(t.engagement)}, segments ${ms(t.segments)}, who to reach ${ms(t.reach)}.`;
    el.section.dataset.creator = state.creator;
    el.section.dataset.min = String(state.minGroupSize);
    el.section.dataset.state = 'ready';
  }

  // --- controls -------------------------------------------------------------------
  function checkedTags() {
    return [...el.section.querySelectorAll('input[name="dash-tag"]:checked')].map((i) => i.value);
  }

  const tagBox = (tag, checked) => h('label', { class: 'chip-check' },
    h('input', { type: 'checkbox', name: 'dash-tag', value: tag, checked }), `#${tag}`);

  function renderSubtags() {
    const keep = new Set(checkedTags());
    const topics = world.topics.filter((t) => keep.has(t));
    el.subtags.replaceChildren(...topics.flatMap((t) => [...subtagsOf.get(t)].sort().map((s) => tagBox(s, keep.has(s)))));
    el.subtags.closest('.subtag-row').hidden = topics.length === 0;
  }

  function onMinChange() {
    const raw = Number(el.min.value);
    let value = Math.round(raw);
    let message = '';
    if (el.min.value.trim() === '' || !Number.isFinite(raw)) {
      value = state.minGroupSize;
      message = `Type a whole number from ${MIN_GROUP.min} to ${MIN_GROUP.max}.`;
    } else if (value < MIN_GROUP.min) {
      value = MIN_GROUP.min;
      message = 'A group of one is a person, so the smallest allowed group is 2.';
    } else if (value > MIN_GROUP.max) {
      value = MIN_GROUP.max;
      message = `At most ${MIN_GROUP.max} here.`;
    }
    el.min.value = String(value);
    el.min.setAttribute('aria-invalid', message ? 'true' : 'false');
    el.minMsg.textContent = message;
    if (value === state.minGroupSize) return;
    state.minGroupSize = value;
    request('engagement', 'segments', 'reach');
  }

  function start() {
    try {
      return begin();
    } catch (err) {
      el.status.textContent = `The dashboard could not start: ${errorText(err)}`;
      el.section.dataset.state = 'error';
      console.error(err);
      return Promise.resolve();
    }
  }

  function begin() {
    // The creators, most viewed first: the by-creator engagement of the whole world.
    const table = rr.analytics.engagement(world.log, { by: 'creator', catalog: world.catalog, minGroupSize: MIN_GROUP.min });
    const listed = new Set();
    const options = table.groups.filter((g) => !g.other && videosOf.has(g.key)).map((g) => {
      listed.add(g.key);
      return h('option', { value: g.key }, `@${g.key} · ${videosOf.get(g.key).length} videos · ${g.views.toLocaleString('en')} views`);
    });
    for (const c of [...videosOf.keys()].sort()) {
      if (!listed.has(c)) options.push(h('option', { value: c }, `@${c} · ${videosOf.get(c).length} videos · few views`));
    }
    el.creator.replaceChildren(...options);
    state.creator = el.creator.value = options[0].value;
    el.reachCreatorLabel.textContent = `made by @${state.creator}`;
    const topic = mainTopic(state.creator);
    el.topics.replaceChildren(...world.topics.map((t) => tagBox(t, t === topic)));
    renderSubtags();
    el.creator.disabled = false;
    el.min.disabled = false;
    return request(...STEPS);
  }

  el.creator.addEventListener('change', () => {
    state.creator = el.creator.value;
    el.reachCreatorLabel.textContent = `made by @${state.creator}`;
    request('engagement', 'segments', ...(el.reachCreator.checked ? ['reach'] : []));
  });
  el.min.addEventListener('change', onMinChange);
  el.section.querySelector('#dash-tags').addEventListener('change', (event) => {
    if (event.target.name === 'dash-tag' && world.topics.includes(event.target.value)) renderSubtags();
    request('reach');
  });

  return { start };
}
