// Section 1: the article's worked example. Two people's ratings of ten films,
// editable; every step of the cosine similarity comes from
// rr.teach.cosineSteps (the core's own code path), and is shown as arithmetic.
import { byId, errorText, fmt, h } from './dom.js';

const ARTICLE = {
  u: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  v: [5, 4, 3, 4, 5, 2, 3, 2, 1, 4],
};

function sumText(values) {
  const parts = values.map((x) => (x < 0 ? `(${fmt(x)})` : fmt(x)));
  return parts.length > 12 ? `${parts.slice(0, 4).join(' + ')} + … + ${parts.at(-1)}` : parts.join(' + ');
}

export function initCosine(rr) {
  const table = byId('cosine-table');
  const stepsEl = byId('cosine-steps');
  const inputs = { u: [], v: [] };
  const productCells = [];

  // One row per film (a tall table fits a phone and leaves room for the steps beside it).
  const head = h('tr', {}, h('th', { scope: 'col' }, 'Film'), h('th', { scope: 'col' }, 'u'), h('th', { scope: 'col' }, 'v'),
    h('th', { scope: 'col' }, 'u', h('sub', {}, 'i'), ' · v', h('sub', {}, 'i')));
  const body = ARTICLE.u.map((_, i) => {
    const cells = ['u', 'v'].map((who) => {
      const input = h('input', {
        type: 'number', step: 'any', value: String(ARTICLE[who][i]), inputmode: 'decimal', class: 'num-input',
        id: `cosine-${who}-${i}`, 'aria-label': `Person ${who}'s rating of film ${i + 1}`,
        oninput: update,
      });
      inputs[who].push(input);
      return h('td', {}, input);
    });
    const product = h('td', { class: 'product' });
    productCells.push(product);
    return h('tr', {}, h('th', { scope: 'row' }, String(i + 1)), cells, product);
  });
  const sumCell = h('td', { class: 'product sum' });
  table.append(h('thead', {}, head), h('tbody', {}, body),
    h('tfoot', {}, h('tr', {}, h('th', { scope: 'row', colspan: 3 }, 'Sum of the products = u · v'), sumCell)));

  function read(who) {
    return inputs[who].map((input) => {
      const text = input.value.trim();
      const x = text === '' ? NaN : Number(text);
      input.setAttribute('aria-invalid', Number.isFinite(x) ? 'false' : 'true');
      return x;
    });
  }

  function update() {
    const u = read('u');
    const v = read('v');
    if (![...u, ...v].every(Number.isFinite)) {
      productCells.forEach((td, i) => { td.textContent = Number.isFinite(u[i] * v[i]) ? fmt(u[i] * v[i]) : '?'; });
      sumCell.textContent = '?';
      stepsEl.replaceChildren(h('p', { class: 'error' }, 'Every rating must be a number. Fix the highlighted box.'));
      return;
    }
    let s;
    try {
      s = rr.teach.cosineSteps(u, v);
    } catch (err) {
      stepsEl.replaceChildren(h('p', { class: 'error' }, `No cosine here: ${errorText(err)}`));
      productCells.forEach((td) => { td.textContent = '·'; });
      sumCell.textContent = '·';
      return;
    }
    s.products.forEach((p, i) => { productCells[i].textContent = fmt(p); });
    sumCell.textContent = fmt(s.dot);
    const sqA = s.normA * s.normA;
    const sqB = s.normB * s.normB;
    stepsEl.replaceChildren(
      h('ol', { class: 'step-list' },
        h('li', {}, h('span', { class: 'label' }, 'Multiply each pair and add them up (the dot product)'),
          h('span', { class: 'math' }, `u · v = ${sumText(s.products)} = `, h('strong', { id: 'cosine-dot' }, fmt(s.dot)))),
        h('li', {}, h('span', { class: 'label' }, 'Length of u (the square root of the sum of its squares)'),
          h('span', { class: 'math' }, `‖u‖ = √(${sumText(u.map((x) => x * x))}) = √${fmt(sqA)} = ${fmt(s.normA)}`)),
        h('li', {}, h('span', { class: 'label' }, 'Length of v'),
          h('span', { class: 'math' }, `‖v‖ = √(${sumText(v.map((x) => x * x))}) = √${fmt(sqB)} = ${fmt(s.normB)}`)),
        h('li', {}, h('span', { class: 'label' }, 'Divide the dot product by both lengths'),
          h('span', { class: 'math' }, `cos(u, v) = ${fmt(s.dot)} / (√${fmt(sqA)} · √${fmt(sqB)}) = ${fmt(s.dot)} / ${fmt(s.normA * s.normB)} = `),
          h('strong', { class: 'result', id: 'cosine-value' }, fmt(s.value)))),
      h('p', { class: 'small muted' }, s.value > 0.9 ? 'Very alike: the two vectors point almost the same way.'
        : s.value > 0.6 ? 'Fairly alike: the two vectors point roughly the same way, but far from exactly.'
          : s.value > 0.3 ? 'Only loosely alike.' : s.value >= 0 ? 'Hardly alike at all.' : 'Opposite tastes (below 0).'),
    );
  }

  byId('cosine-reset').addEventListener('click', () => {
    for (const who of ['u', 'v']) inputs[who].forEach((input, i) => { input.value = String(ARTICLE[who][i]); });
    update();
  });
  update();
}
