// Section 3: the feed simulator. A private rr.Profile records what the visitor
// does to the video on the phone; after every action the interests and the
// next recommendations are recomputed with model.recommend(profile, ...), and
// the profile's bytes are saved to IndexedDB (profile-store.js). After each
// swipe, #feed-changes says which videos entered and left "Up next" and names
// the action that caused it.
//
// The feed's clock: the visitor's events are recorded in the sample world's
// time, starting just after its simulated viewers' last event and moving on
// with the real seconds between swipes. The models that read time (trending,
// and the order of a sequence) then see the visitor at the world's "now"; on
// the real clock the sample's week would be years old and nothing would be
// trending. The clock is saved with the profile.
import { byId, clock, download, errorText, fmt, h, nextFrame } from './dom.js';
import { createWorld } from './feed-world.js';
import { renderCard, renderChanges, renderInterests, renderUpNext } from './feed-panels.js';
import { describeChange, renderBubble } from './feed-bubble.js';
import { deleteAll, loadProfile, saveProfile } from './profile-store.js';

const NAMES = {
  itemknn: 'item-kNN', userknn: 'user-kNN', content: 'content', popularity: 'popularity',
  transitions: 'next-video transitions', slist: 'SLIST sequence model', trending: 'trending now',
};
// The sequence models come right after the four textbook algorithms (in this
// order); every other trainable algorithm of the registry follows. sasrec is
// left out: training it on the sample world takes far more than the few
// seconds a visitor would wait with the page frozen (measured in docs/demo.md).
const SEQUENCE_FIRST = ['transitions', 'trending', 'slist'];
const NOT_IN_FEED = new Set(['sasrec']);
const LABELS = {
  transitions: 'next-video transitions (what people watch next)',
  trending: 'trending now (popular at your moment)',
  slist: 'SLIST sequence model (trains in a few seconds)',
};
const nameOf = (algorithm) => NAMES[algorithm] ?? algorithm;
const UP_NEXT = 8;
const PLAY_SPEED = 5; // simulated seconds per real second

export async function initFeed(rr, world = createWorld(rr)) {
  const el = {
    screen: byId('phone-screen'), controls: byId('phone-controls'), status: byId('feed-status'),
    algorithm: byId('feed-algorithm'), diversity: byId('feed-diversity'), exploration: byId('feed-exploration'),
    diversityOut: byId('feed-diversity-out'), explorationOut: byId('feed-exploration-out'),
    interests: byId('feed-interests'), next: byId('feed-next'), topic: byId('feed-topic'), summary: byId('feed-data-summary'),
    changes: byId('feed-changes'), calibration: byId('feed-calibration'), calibrationOut: byId('feed-calibration-out'),
    newVideos: byId('feed-new-videos'), newVideosOut: byId('feed-new-videos-out'), bubble: byId('feed-bubble'),
  };
  const state = { me: null, current: null, reasons: [], acted: new Set(), recs: [], timer: null, stored: false, clock: null, mix: null };
  const worldEnd = world.events.reduce((t, e) => Math.max(t, e.timestamp ?? 0), 0);
  let lastRealMs = Date.now();
  /** The sample-world time of the next event: later than every one before. */
  function tick() {
    const now = Date.now();
    state.clock = Math.max(state.clock ?? worldEnd, worldEnd) + Math.max(1, Math.round((now - lastRealMs) / 1000));
    lastRealMs = now;
    return state.clock;
  }
  let saving = Promise.resolve();
  // The page names the four textbook algorithms; every other trainable one of
  // the core's registry (rr.algorithms) joins the list with its description.
  const listed = new Set([...el.algorithm.options].map((o) => o.value));
  const rank = (a) => (SEQUENCE_FIRST.includes(a.name) ? SEQUENCE_FIRST.indexOf(a.name) : SEQUENCE_FIRST.length);
  const extra = rr.algorithms.filter((x) => x.trainable && !listed.has(x.name) && !NOT_IN_FEED.has(x.name));
  for (const a of extra.map((x, i) => ({ x, i })).sort((p, q) => rank(p.x) - rank(q.x) || p.i - q.i).map((p) => p.x)) {
    el.algorithm.append(h('option', { value: a.name, title: a.description }, LABELS[a.name] ?? a.name));
  }

  // --- the profile and where it is kept -----------------------------------
  const fresh = () => new rr.Profile({ catalog: world.catalog });
  try {
    const saved = await loadProfile();
    state.stored = !!saved.bytes;
    state.me = saved.bytes ? rr.Profile.load(saved.bytes, { catalog: world.catalog }) : fresh();
    // A profile saved before the clock existed holds real times: keep to them.
    state.clock = saved.bytes ? saved.clock ?? Date.now() / 1000 : null;
  } catch (err) {
    state.me = fresh();
    el.status.textContent = `Your saved profile could not be read (${errorText(err)}); starting a fresh one.`;
  }

  function persist() {
    const bytes = state.me.save();
    const count = state.me.totalRecorded;
    const at = state.clock;
    saving = saving.then(() => saveProfile(bytes, at)).then(() => {
      state.stored = true;
      el.summary.dataset.saved = String(count);
      renderSummary();
    }, (err) => { el.status.textContent = `Could not save your profile in this browser: ${errorText(err)}`; });
    return saving;
  }

  function renderSummary() {
    const me = state.me;
    el.summary.textContent = me.totalRecorded === 0 && !state.stored
      ? 'Nothing recorded and nothing stored yet.'
      : `${me.totalRecorded} event${me.totalRecorded === 1 ? '' : 's'} recorded, profile ${me.save().length} bytes, ` +
        `${state.stored ? 'kept in this browser (IndexedDB)' : 'not stored'}.`;
  }

  // --- the phone's controls ------------------------------------------------
  const slider = h('input', { type: 'range', id: 'feed-watch', min: '0', max: '60', step: '1', value: '0', oninput: () => showWatched() });
  const watchedOut = h('output', { id: 'feed-watch-out', for: 'feed-watch' });
  const playButton = h('button', { type: 'button', id: 'feed-play', class: 'secondary', 'aria-pressed': 'false', title: `Play at ${PLAY_SPEED}× speed`, onclick: togglePlay }, 'Play');
  const action = (type, label, extra = {}) => h('button', {
    type: 'button', class: `action action-${type}`, 'data-action': type, 'aria-pressed': 'false', onclick: () => act(type), ...extra,
  }, label);
  const buttons = { like: action('like', 'Like'), comment: action('comment', 'Comment'), share: action('share', 'Share') };
  el.controls.append(
    h('div', { class: 'watch-row' }, h('label', { for: 'feed-watch' }, 'Watched '), watchedOut, slider, playButton),
    h('div', { class: 'action-row' }, buttons.like, buttons.comment, buttons.share),
    h('div', { class: 'action-row' },
      h('button', { type: 'button', class: 'action action-skip secondary', onclick: skip }, 'Skip'),
      h('button', { type: 'button', class: 'action action-next', onclick: next }, 'Next video')));

  function currentVideo() {
    return state.current ? world.video(state.current) : null;
  }

  function showWatched() {
    const v = currentVideo();
    const seconds = Number(slider.value);
    watchedOut.textContent = `${clock(seconds)} of ${clock(v?.duration ?? 0)}`;
    const fill = el.screen.querySelector('.card-progress-fill');
    if (fill && v) fill.style.width = `${(100 * seconds) / v.duration}%`;
  }

  function togglePlay() {
    if (state.timer) return stopPlay();
    if (Number(slider.value) >= Number(slider.max)) slider.value = '0';
    playButton.textContent = 'Pause';
    playButton.setAttribute('aria-pressed', 'true');
    state.timer = setInterval(() => {
      slider.value = String(Math.min(Number(slider.max), Number(slider.value) + 1));
      showWatched();
      if (Number(slider.value) >= Number(slider.max)) stopPlay();
    }, 1000 / PLAY_SPEED);
  }

  function stopPlay() {
    clearInterval(state.timer);
    state.timer = null;
    playButton.textContent = 'Play';
    playButton.setAttribute('aria-pressed', 'false');
  }

  function show(id, reasons) {
    stopPlay();
    state.current = id;
    state.reasons = reasons ?? [];
    state.acted = new Set();
    const v = currentVideo();
    renderCard(el.screen, v, state.reasons, world);
    slider.max = String(v?.duration ?? 0);
    slider.value = '0';
    slider.disabled = !v;
    for (const [type, b] of Object.entries(buttons)) {
      b.setAttribute('aria-pressed', 'false');
      b.disabled = !v;
    }
    showWatched();
  }

  // --- ranking -------------------------------------------------------------
  /**
   * Re-ranks the feed. `cause`, when a swipe caused it, is { action, video,
   * watched }: the change in Up next is then described and attributed to it.
   * `knob`, when a ranking control caused it, names it for the bubble panel.
   */
  async function refresh(note = '', cause = null, knob = '') {
    const algorithm = el.algorithm.value;
    const before = state.recs.map((r) => r.id);
    if (!world.isTrained(algorithm)) {
      el.status.textContent = `Training ${nameOf(algorithm)} on ${world.log.eventCount.toLocaleString('en')} simulated events…`;
      await nextFrame();
    }
    let trained;
    try {
      trained = world.model(algorithm);
    } catch (err) {
      el.status.textContent = `Could not train ${nameOf(algorithm)}: ${errorText(err)}`;
      return;
    }
    const t0 = performance.now();
    const options = {
      k: UP_NEXT + 1, diversity: Number(el.diversity.value), exploration: Number(el.exploration.value),
      calibration: Number(el.calibration.value), newVideoBudget: Number(el.newVideos.value), newVideoMethod: 'thompson',
    };
    let recs = trained.model.recommend(state.me, state.current ? { ...options, exclude: [state.current] } : options);
    const rankMs = performance.now() - t0;
    let playing = null;
    if (!state.current && recs.length) {
      show(recs[0].id, recs[0].reasons);
      playing = recs[0].id;
      recs = recs.slice(1);
    } else if (!state.current) {
      show(null);
    }
    state.recs = recs.slice(0, UP_NEXT);
    // What the action changed: the videos that entered Up next and those that
    // left it (the one that moved onto the phone did not leave: it is playing).
    const now = new Set(state.recs.map((r) => r.id));
    const was = new Set(before);
    const entered = cause ? state.recs.filter((r) => !was.has(r.id)) : [];
    renderInterests(el.interests, state.me.interests(8));
    renderUpNext(el.next, state.recs, world, pick, new Set(entered.map((r) => r.id)));
    if (cause) {
      const left = before.filter((id) => !now.has(id) && id !== playing);
      renderChanges(el.changes, { ...cause, entered, left, playing, reordered: before.join() !== state.recs.map((r) => r.id).join() }, world);
    } else {
      renderChanges(el.changes, null, world);
    }
    // The bubble: Up next's tag mix against the history's, and what moved it.
    const mix = trained.model.tagMix(state.me, state.recs.map((r) => r.id));
    const why = knob || (cause ? `after your ${cause.action}` : '');
    renderBubble(el.bubble, mix, describeChange(state.mix, mix, why));
    state.mix = mix;
    renderSummary();
    el.status.textContent = `${note ? `${note} ` : ''}${nameOf(algorithm)}: trained on ${world.log.eventCount.toLocaleString('en')} events of ` +
      `${world.log.userCount} simulated viewers in ${fmt(trained.trainMs, 0)} ms; ` +
      `ranked ${world.catalog.size.toLocaleString('en')} videos for you in ${fmt(rankMs, 1)} ms.`;
    el.next.dataset.version = String((Number(el.next.dataset.version) || 0) + 1);
  }

  // --- what the visitor does -----------------------------------------------
  function record(event) {
    try {
      state.me.record({ item: state.current, timestamp: tick(), ...event });
    } catch (err) {
      el.status.textContent = `Not recorded: ${errorText(err)}`;
      return false;
    }
    persist();
    return true;
  }

  async function act(type) {
    if (!state.current || state.acted.has(type)) return;
    if (!record({ type })) return;
    state.acted.add(type);
    const b = buttons[type];
    b.setAttribute('aria-pressed', 'true');
    await refresh(`Recorded your ${type} of “${currentVideo().title}”.`, { action: type, video: state.current });
  }

  async function next() {
    if (!state.current) return;
    const v = currentVideo();
    const watched = Number(slider.value);
    const viewed = watched > 0 || state.acted.size > 0;
    if (viewed) record({ type: 'view', watchTime: watched, duration: v.duration });
    else record({ type: 'skip' });
    state.current = null;
    await refresh(viewed ? `Recorded a view of ${clock(watched)} of “${v.title}”.` : `Recorded a skip of “${v.title}” (nothing watched).`,
      { action: viewed ? 'view' : 'skip', video: v.id, watched });
  }

  async function skip() {
    if (!state.current) return;
    const v = currentVideo();
    record({ type: 'skip' });
    state.current = null;
    await refresh(`Recorded a skip of “${v.title}”.`, { action: 'skip', video: v.id });
  }

  async function pick(id) {
    const rec = state.recs.find((r) => r.id === id);
    show(id, rec?.reasons);
    await refresh();
    el.screen.scrollIntoView?.({ block: 'nearest' });
  }

  async function showTopic() {
    const topic = el.topic.value;
    const { model } = world.model(el.algorithm.value);
    const [best] = model.recommend(state.me, { k: 1, candidates: world.idsOfTopic(topic), exclude: state.current ? [state.current] : [] });
    if (!best) {
      el.status.textContent = `You have seen every #${topic} video.`;
      return;
    }
    show(best.id, best.reasons);
    await refresh();
  }

  async function replaceProfile(me, { remove, clock = null }) {
    stopPlay();
    state.me.dispose();
    state.me = me;
    state.current = null;
    state.clock = clock;
    lastRealMs = Date.now();
    await saving;
    if (remove) {
      await deleteAll();
      state.stored = false;
      delete el.summary.dataset.saved;
    } else {
      await persist();
    }
    await refresh();
  }

  // --- wiring --------------------------------------------------------------
  el.topic.replaceChildren(...world.topics.map((t) => h('option', { value: t }, `#${t}`)));
  byId('feed-topic-go').addEventListener('click', showTopic);
  el.algorithm.addEventListener('change', () => refresh('', null, nameOf(el.algorithm.value)));
  const knobs = [[el.diversity, el.diversityOut, 'diversity'], [el.exploration, el.explorationOut, 'exploration'],
    [el.calibration, el.calibrationOut, 'calibration'], [el.newVideos, el.newVideosOut, 'new videos']];
  for (const [input, out, name] of knobs) {
    input.addEventListener('input', () => { out.textContent = input.value; });
    input.addEventListener('change', () => refresh('', null, `${name} ${input.value}`));
  }
  byId('feed-reset').addEventListener('click', () => replaceProfile(fresh(), { remove: false }).then(() => {
    el.status.textContent = 'Your profile starts again from nothing.';
  }));
  byId('feed-delete').addEventListener('click', () => replaceProfile(fresh(), { remove: true }).then(() => {
    el.status.textContent = 'Deleted: nothing about you is stored in this browser any more.';
  }));
  byId('feed-export').addEventListener('click', () => {
    const bytes = state.me.save();
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    const data = {
      format: 'reelrank-demo profile export',
      exported: new Date().toISOString(),
      events: state.me.totalRecorded,
      interests: state.me.interests(50),
      creators: state.me.creators(50),
      profileBase64: btoa(binary),
      clock: state.clock,
    };
    download('reelrank-profile.json', JSON.stringify(data, null, 2), 'application/json');
  });
  const importInput = byId('feed-import');
  importInput.addEventListener('change', async () => {
    const file = importInput.files?.[0];
    importInput.value = '';
    if (!file) return;
    try {
      const data = JSON.parse(await file.text());
      const bytes = Uint8Array.from(atob(String(data.profileBase64 ?? '')), (c) => c.charCodeAt(0));
      // An export without the clock holds real times (or none): keep to them.
      const at = Number.isFinite(data.clock) ? data.clock : Date.now() / 1000;
      await replaceProfile(rr.Profile.load(bytes, { catalog: world.catalog }), { remove: false, clock: at });
      el.status.textContent = `Imported a profile with ${state.me.totalRecorded} events.`;
    } catch (err) {
      el.status.textContent = `That file is not a profile exported here: ${errorText(err)}`;
    }
  });

  await refresh();
}
