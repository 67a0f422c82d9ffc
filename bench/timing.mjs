// Timing helpers shared by the benchmarks: medians of repeated runs.
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median milliseconds of `repeats` calls, after `warmup` untimed ones. */
export function timeMs(repeats, fn, { warmup = 0 } = {}) {
  for (let i = 0; i < warmup; i++) fn();
  const t = [];
  for (let i = 0; i < repeats; i++) {
    const a = performance.now();
    fn();
    t.push(performance.now() - a);
  }
  return median(t);
}
