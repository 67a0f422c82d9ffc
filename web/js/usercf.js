// Section 2: user-based collaborative filtering on a small editable matrix.
// Similarities, neighbours and predictions come from rr.teach.userBasedCF; the
// cosine of each neighbour pair is spelt out with rr.teach.cosineSteps.
import { byId, errorText, fmt, h } from './dom.js';

const EXAMPLE = [
  [5, 3, null, null, null],
  [4, 2, 4, null, null],
  [null, null, 2, 5, null],
  [3, null, null, null, 2],
  [null, 5, 1, null, 2],
];
const ITEMS = ['a', 'b', 'c', 'd', 'e'];
const person = (u) => `u${u}`;

export function initUserCF(rr) {
  const ratingsTable = byId('cf-ratings');
  const simTable = byId('cf-similarity');
  const predTable = byId('cf-predictions');
  const explain = byId('cf-explain');
  const kSelect = byId('cf-k');
  const normalizeBox = byId('cf-normalize');
  const state = { R: EXAMPLE.map((row) => row.slice()), selected: { user: 0, item: 2 }, result: null };
  const inputs = [];

  const colHead = () => h('thead', {}, h('tr', {}, h('th', {}, ''), ITEMS.map((it) => h('th', { scope: 'col' }, it))));
  ratingsTable.append(colHead(), h('tbody', {}, EXAMPLE.map((row, u) => h('tr', {}, h('th', { scope: 'row' }, person(u)),
    row.map((value, i) => {
      const input = h('input', {
        type: 'text', inputmode: 'decimal', class: 'num-input cell-input', value: value === null ? '' : String(value),
        'aria-label': `${person(u)}'s rating of video ${ITEMS[i]} (empty = not rated)`, oninput: onEdit,
      });
      (inputs[u] ??= [])[i] = input;
      return h('td', {}, input);
    })))));

  function onEdit() {
    let ok = true;
    state.R = inputs.map((row) => row.map((input) => {
      const text = input.value.trim();
      if (text === '') { input.setAttribute('aria-invalid', 'false'); return null; }
      const x = Number(text);
      input.setAttribute('aria-invalid', Number.isFinite(x) ? 'false' : 'true');
      if (!Number.isFinite(x)) ok = false;
      return Number.isFinite(x) ? x : null;
    }));
    if (!ok) {
      explain.replaceChildren(h('p', { class: 'error' }, 'A rating must be a number or empty. Fix the highlighted box.'));
      return;
    }
    update();
  }

  function select(user, item) {
    state.selected = { user, item };
    render();
  }

  function update() {
    try {
      state.result = rr.teach.userBasedCF(state.R, { k: Number(kSelect.value), normalize: normalizeBox.checked });
    } catch (err) {
      state.result = null;
      explain.replaceChildren(h('p', { class: 'error' }, errorText(err)));
      return;
    }
    render();
  }

  function render() {
    const r = state.result;
    if (!r) return;
    const { user: su, item: si } = state.selected;
    const chosen = new Set(r.neighbors[su].map((n) => n.user));

    simTable.replaceChildren(h('thead', {}, h('tr', {}, h('th', {}, ''), r.similarity.map((_, v) => h('th', { scope: 'col' }, person(v))))),
      h('tbody', {}, r.similarity.map((row, u) => h('tr', { class: u === su ? 'selected-row' : null }, h('th', { scope: 'row' }, person(u)),
        row.map((w, v) => {
          const t = Math.max(0, Math.min(1, w));
          const cls = [u === v ? 'diag' : '', u === su && chosen.has(v) ? 'neighbour' : ''].join(' ').trim();
          return h('td', {
            class: cls || null,
            style: { background: u === v ? '' : `hsl(200 70% ${96 - t * 52}%)`, color: t > 0.6 && u !== v ? '#fff' : '' },
            title: `similarity of ${person(u)} and ${person(v)}`,
          }, u === v ? '1' : fmt(w, 2));
        })))));

    predTable.replaceChildren(colHead(), h('tbody', {}, r.predictions.map((row, u) => h('tr', {}, h('th', { scope: 'row' }, person(u)),
      row.map((p, i) => {
        const rated = state.R[u][i] !== null;
        const isSel = u === su && i === si;
        const label = rated ? `${state.R[u][i]}` : p === null ? '—' : fmt(p, 2);
        return h('td', {}, h('button', {
          type: 'button', class: `cell-button${rated ? ' rated' : ''}${isSel ? ' selected' : ''}`,
          'aria-pressed': isSel ? 'true' : 'false',
          'aria-label': rated ? `${person(u)} rated ${ITEMS[i]} ${state.R[u][i]}; explain the prediction`
            : `predicted rating of ${person(u)} for ${ITEMS[i]}: ${label}; explain`,
          onclick: () => select(u, i),
        }, label));
      })))));
    renderExplanation(r, su, si);
  }

  function cosineFraction(a, b) {
    const u = state.R[a].map((x) => x ?? 0);
    const v = state.R[b].map((x) => x ?? 0);
    try {
      const s = rr.teach.cosineSteps(u, v);
      return `${fmt(s.dot)} / (√${fmt(s.normA ** 2)} · √${fmt(s.normB ** 2)})`;
    } catch {
      return '';
    }
  }

  function renderExplanation(r, su, si) {
    const step = r.steps.find((s) => s.user === su && s.item === si);
    const k = Number(kSelect.value);
    const normalize = normalizeBox.checked;
    const cell = `p(${person(su)}, ${ITEMS[si]})`;
    const nbrs = r.neighbors[su];
    const rated = new Set(step.terms.map((t) => t.user));
    const parts = [];
    parts.push(h('p', {}, h('strong', {}, `The k = ${k} people most like ${person(su)}: `),
      nbrs.length ? nbrs.map((n, j) => [j ? ', ' : '', `${person(n.user)} (${fmt(n.weight)})`]) : 'nobody shares a rated video with them.'));
    const missing = nbrs.filter((n) => !rated.has(n.user)).map((n) => person(n.user));
    if (missing.length) {
      parts.push(h('p', { class: 'small' }, `${missing.join(' and ')} ${missing.length > 1 ? 'have' : 'has'} not rated ${ITEMS[si]}, so ${missing.length > 1 ? 'they add' : 'adds'} nothing.`));
    }
    if (step.terms.length === 0) {
      parts.push(h('p', {}, `${cell} = no prediction: none of the neighbours rated ${ITEMS[si]}.`));
    } else {
      parts.push(h('div', { class: 'table-scroll' }, h('table', { class: 'data-table terms' },
        h('thead', {}, h('tr', {}, ['Neighbour', 'Similarity w', 'Their rating r', 'w · r'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, step.terms.map((t) => h('tr', {},
          h('th', { scope: 'row' }, person(t.user)),
          h('td', {}, fmt(t.weight), cosineFraction(su, t.user) && h('span', { class: 'fraction math' }, `= ${cosineFraction(su, t.user)}`)),
          h('td', {}, fmt(t.rating)), h('td', {}, fmt(t.contribution))))))));
      const num = step.terms.map((t) => `${fmt(t.weight)}·${fmt(t.rating)}`).join(' + ');
      const den = step.terms.map((t) => fmt(t.weight)).join(' + ');
      const formula = normalize
        ? `${cell} = Σ w·r / Σ w = (${num}) / (${den}) = ${fmt(step.numerator)} / ${fmt(step.denominator)} = `
        : `${cell} = Σ w·r = ${num} = `;
      parts.push(h('p', { class: 'formula' }, h('span', { class: 'math' }, formula),
        h('strong', { class: 'result', id: 'cf-prediction' }, fmt(step.prediction))));
    }
    if (state.R[su][si] !== null) {
      parts.push(h('p', { class: 'small muted' }, `${person(su)} actually rated ${ITEMS[si]} ${state.R[su][si]}: the prediction shows what the neighbours alone suggest.`));
    }
    explain.replaceChildren(...parts);
  }

  kSelect.addEventListener('change', update);
  normalizeBox.addEventListener('change', update);
  byId('cf-reset').addEventListener('click', () => {
    EXAMPLE.forEach((row, u) => row.forEach((x, i) => { inputs[u][i].value = x === null ? '' : String(x); inputs[u][i].setAttribute('aria-invalid', 'false'); }));
    kSelect.value = '3';
    normalizeBox.checked = true;
    state.R = EXAMPLE.map((row) => row.slice());
    state.selected = { user: 0, item: 2 };
    update();
  });
  update();
}
