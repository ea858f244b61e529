// Seeded pseudo-random numbers for the fake's seed data. The same seed
// always yields the same sequence, so every account's data is stable across
// runs and different between accounts.

/** Turn any seed (number or string) into a non-zero 32-bit integer. */
export function seedToInt(seed) {
  if (Number.isInteger(seed)) return (seed >>> 0) || 0x9e3779b9;
  let h = 2166136261;
  for (const ch of String(seed)) {
    h ^= ch.codePointAt(0);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h || 0x9e3779b9;
}

/** A small generator: xorshift32 state, with its output scrambled once more. */
export function createRng(seed) {
  let state = seedToInt(seed);

  function next() {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    const mixed = Math.imul(state ^ (state >>> 16), 0x45d9f3b) >>> 0;
    return mixed / 4294967296;
  }

  // Warm up so that nearby seeds (1, 2, 3) diverge at once.
  for (let i = 0; i < 8; i++) next();

  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    subset(list, max) {
      const count = Math.floor(next() * (max + 1));
      const pool = list.slice();
      const out = [];
      while (out.length < count && pool.length) {
        out.push(pool.splice(Math.floor(next() * pool.length), 1)[0]);
      }
      return out;
    },
  };
}
