// Small DOM and formatting helpers shared by the sections.

/**
 * Creates an element: h('button', { class: 'x', onclick: fn }, 'text', child).
 * Attributes starting with "on" become listeners; `null`/`false` ones are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'style' && typeof value === 'object') Object.assign(el.style, value);
    else if (key in el && typeof value !== 'string') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** The element with this id (throws if the page lacks it: a programming error). */
export function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no element #${id}`);
  return el;
}

/** A number with at most `digits` decimals, trailing zeros trimmed: 385 -> "385", 0.73391 -> "0.734". */
export function fmt(x, digits = 3) {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  const s = Number(x).toFixed(digits);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** A number with exactly `digits` decimals (for aligned columns). */
export function fixed(x, digits = 3) {
  return x === null || x === undefined || Number.isNaN(x) ? '—' : Number(x).toFixed(digits);
}

/** Seconds as m:ss. */
export function clock(seconds) {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A stable hue (0..359) for a tag, so every #cooking card has the same colour. */
export function hueOf(text) {
  let x = 2166136261;
  for (let i = 0; i < text.length; i++) x = Math.imul(x ^ text.charCodeAt(i), 16777619);
  return (x >>> 0) % 360;
}

/** Waits for the browser to paint (so a "working…" message shows before sync work). */
export function nextFrame() {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

/** A person-readable message for any error (ReelRankError carries a code). */
export function errorText(err) {
  if (err && typeof err === 'object' && 'code' in err) return `${err.message} (${err.code})`;
  return err?.message ?? String(err);
}

/** Offers bytes or text to the visitor as a file download (no network: a blob URL). */
export function download(filename, data, type = 'application/octet-stream') {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = h('a', { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
