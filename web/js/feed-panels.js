// The feed's side panels: the interests bar chart, the "up next" list with
// each recommendation's reasons, and the phone's video card.
import { clock, fmt, h, hueOf } from './dom.js';

/** A recommendation's reasons as short phrases a person understands. */
export function reasonText(reason, world) {
  switch (reason.kind) {
    case 'similar': {
      const v = world.video(reason.item);
      return `because you watched “${v ? v.title : reason.item}”`;
    }
    case 'tag': return `you like #${reason.tag}`;
    case 'creator': return `you watch @${reason.creator}`;
    case 'people': return `${reason.count} people with your taste watched it`;
    case 'popular': return 'popular right now';
    case 'explore': return 'something new, to explore';
    case 'recent': {
      const v = world.video(reason.item);
      return `because you just watched “${v ? v.title : reason.item}”`;
    }
    case 'server': return 'the server picked it';
    case 'new': return 'new, trying it';
    default: return reason.kind;
  }
}

export function renderInterests(listEl, interests) {
  if (interests.length === 0) {
    listEl.replaceChildren(h('li', { class: 'empty' }, 'Nothing yet. Watch, like or share a video and your interests appear here.'));
    return;
  }
  const top = interests[0].weight;
  listEl.replaceChildren(...interests.map(({ tag, weight }) => h('li', { class: 'bar-row', 'data-tag': tag },
    h('span', { class: 'bar-label' }, `#${tag}`),
    h('span', { class: 'bar-track', 'aria-hidden': 'true' },
      h('span', { class: 'bar-fill', style: { width: `${Math.max(2, (weight / top) * 100)}%`, background: `hsl(${hueOf(tag)} 65% 50%)` } })),
    h('span', { class: 'bar-value' }, fmt(weight, 2)))));
}

/** The titles of a few videos, in quotes: “A”, “B” and 2 more. */
function titles(ids, world, max = 4) {
  const names = ids.slice(0, max).map((id) => `“${world.video(id)?.title ?? id}”`);
  return ids.length > max ? `${names.join(', ')} and ${ids.length - max} more` : names.join(', ');
}

const DID = { like: 'liked', comment: 'commented on', share: 'shared' };

/**
 * What the last swipe changed in Up next, attributed to it (the reasons of
 * each new video are in the list itself, which marks them):
 * change = { action, video, watched?, entered: recs, left: ids, reordered } or null (cleared).
 */
export function renderChanges(el, change, world) {
  if (!change) {
    el.replaceChildren();
    for (const key of ['action', 'video', 'entered', 'left']) delete el.dataset[key];
    return;
  }
  const v = world.video(change.video);
  const title = `“${v ? v.title : change.video}”`;
  const what = change.action === 'view' ? `You just watched ${title} (${clock(change.watched ?? 0)} of ${clock(v?.duration ?? 0)})`
    : change.action === 'skip' ? `You skipped ${title}`
      : `You ${DID[change.action] ?? change.action} ${title}`;
  const n = change.entered.length;
  const m = change.left.length;
  const parts = [];
  if (n) parts.push(`${n} new in Up next — ${titles(change.entered.map((r) => r.id), world)}`);
  if (m) parts.push(`${m} video${m === 1 ? '' : 's'} left Up next — ${titles(change.left, world)}`);
  const sentence = parts.length ? `${what}: ${parts.join('; ')}.`
    : `${what}: Up next has the same videos${change.reordered ? ', in a new order' : ''}.`;
  el.dataset.action = change.action;
  el.dataset.video = change.video;
  el.dataset.entered = change.entered.map((r) => r.id).join(' ');
  el.dataset.left = change.left.join(' ');
  // The new videos carry their reasons in the list below, marked "new".
  el.replaceChildren(h('p', {}, sentence, n ? h('span', { class: 'small muted' }, ' Each new one is marked below, with its reasons.') : null));
}

export function renderUpNext(listEl, recs, world, onPick, fresh = new Set()) {
  if (recs.length === 0) {
    listEl.replaceChildren(h('li', { class: 'empty' }, 'No more videos to recommend: you have seen them all.'));
    return;
  }
  listEl.replaceChildren(...recs.map((r) => {
    const v = world.video(r.id);
    return h('li', { class: `next-item${fresh.has(r.id) ? ' is-new' : ''}`, 'data-id': r.id },
      h('span', { class: 'swatch', style: { background: `hsl(${hueOf(v.tags[0])} 60% 55%)` }, 'aria-hidden': 'true' }),
      fresh.has(r.id) ? h('span', { class: 'badge-new' }, 'new') : null,
      h('span', { class: 'next-body' },
        h('button', { type: 'button', class: 'link', onclick: () => onPick(r.id), 'aria-label': `Watch “${v.title}” now` }, v.title),
        h('span', { class: 'small muted' }, ` · ${v.tags.map((t) => `#${t}`).join(' ')} · score ${fmt(r.score, 2)}`),
        h('span', { class: 'reasons' }, r.reasons.length ? r.reasons.map((x) => reasonText(x, world)).join('; ') : 'no particular reason')));
  }));
}

/** The phone's current card. `watched` is the slider position in seconds. */
export function renderCard(screenEl, video, reasons, world) {
  if (!video) {
    screenEl.replaceChildren(h('div', { class: 'card empty' }, h('p', {}, 'You have reached the end of the feed.')));
    return;
  }
  const hue = hueOf(video.tags[0]);
  screenEl.replaceChildren(h('article', {
    class: 'card', 'data-id': video.id, 'data-topic': video.tags[0],
    style: { background: `linear-gradient(160deg, hsl(${hue} 70% 55%), hsl(${(hue + 40) % 360} 65% 30%))` },
    'aria-label': `Now playing: ${video.title}`,
  },
  h('div', { class: 'card-top' }, h('span', { class: 'pill' }, clock(video.duration)), h('span', { class: 'pill' }, video.id)),
  h('div', { class: 'card-art', 'aria-hidden': 'true' }, `#${video.tags[0]}`),
  h('div', { class: 'card-bottom' },
    h('p', { class: 'card-creator' }, `@${video.creator}`),
    h('h3', { class: 'card-title' }, video.title),
    h('p', { class: 'card-tags' }, video.tags.map((t) => `#${t}`).join(' ')),
    reasons?.length ? h('p', { class: 'card-why' }, `Why: ${reasons.map((x) => reasonText(x, world)).join('; ')}`) : null,
    h('div', { class: 'card-progress', 'aria-hidden': 'true' }, h('span', { class: 'card-progress-fill' })))));
}
