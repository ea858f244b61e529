// Small statistics shared by the parts of the benchmark: a figure is the
// median of repeated runs, shown with their min and max.

export function summary(samples) {
  const s = Float64Array.from(samples).sort();
  return { median: percentileOfSorted(s, 50), min: s[0], max: s[s.length - 1], runs: s.length };
}

// The median is the middle value (the mean of the two middle ones for an
// even count); other percentiles are nearest-rank.
export function percentileOfSorted(sorted, p) {
  if (sorted.length === 0) return NaN;
  if (p === 50 && sorted.length % 2 === 0) {
    const h = sorted.length / 2;
    return (sorted[h - 1] + sorted[h]) / 2;
  }
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function percentiles(samples, ps) {
  const s = Float64Array.from(samples).sort();
  return Object.fromEntries(ps.map((p) => [`p${p}`, percentileOfSorted(s, p)]));
}

// Times fn as bench_core.c does: a warm-up of warmMs (V8 tiers WASM and
// JS code up on the way), then enough iterations to fill minMs, judged by
// the fastest of a few passes since noise only slows a pass down, then
// `runs` runs of that many. Returns microseconds per call.
export function measure(fn, { runs = 11, minMs = 4, warmMs = 50, maxIterations = 1 << 22 } = {}) {
  const start = performance.now();
  for (let i = 0; i < maxIterations && performance.now() - start < warmMs; i++) fn();
  let iterations = 1;
  let best = Infinity;
  for (let passes = 0; passes < 3;) {
    const t0 = performance.now();
    for (let i = 0; i < iterations; i++) fn();
    const t = performance.now() - t0;
    best = Math.min(best, t / iterations);
    if (t >= minMs || iterations >= maxIterations) passes++;
    else iterations *= 2;
  }
  iterations = Math.min(maxIterations, Math.max(iterations, Math.ceil(minMs / best)));
  const perCall = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    for (let i = 0; i < iterations; i++) fn();
    perCall.push(((performance.now() - t0) / iterations) * 1000);
  }
  return { ...summary(perCall), iterations };
}

// measure() for a function that returns a promise; each call is awaited
// before the next starts.
export async function measureAsync(fn, { runs = 11, minMs = 4, warmMs = 50, maxIterations = 1 << 20 } = {}) {
  const start = performance.now();
  for (let i = 0; i < maxIterations && performance.now() - start < warmMs; i++) await fn();
  let iterations = 1;
  let best = Infinity;
  for (let passes = 0; passes < 3;) {
    const t0 = performance.now();
    for (let i = 0; i < iterations; i++) await fn();
    const t = performance.now() - t0;
    best = Math.min(best, t / iterations);
    if (t >= minMs || iterations >= maxIterations) passes++;
    else iterations *= 2;
  }
  iterations = Math.min(maxIterations, Math.max(iterations, Math.ceil(minMs / best)));
  const perCall = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    for (let i = 0; i < iterations; i++) await fn();
    perCall.push(((performance.now() - t0) / iterations) * 1000);
  }
  return { ...summary(perCall), iterations };
}
