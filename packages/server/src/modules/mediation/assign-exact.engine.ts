/**
 * The fallback for scores that do not fit the fast core's exact integers (1e300 next to 1e-300,
 * 17 significant digits on large values): every score is read as the exact decimal JavaScript
 * prints for it, scaled to a common BigInt, and the same case-by-case shortest augmenting path
 * algorithm runs with Bellman-Ford (SPFA) on lexicographic (unassigned count, −gain) costs. Slow
 * (no potentials), exact, and only used when the fast path would round.
 */

/** A finite double as the exact decimal `String(x)` denotes: x = mantissa · 10^exponent. */
export function decimalOf(x: number): { mantissa: bigint; exponent: number } {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x));
  if (!m) throw new RangeError(`not a finite number: ${x}`);
  const frac = m[3] ?? '';
  return {
    mantissa: BigInt(`${m[1]}${m[2]}${frac}`),
    exponent: Number(m[4] ?? 0) - frac.length,
  };
}

/** Scores as BigInts over a common scale 10^-scale; null stays null. */
export function scaleExactly(scores: (number | null)[][]): { gains: (bigint | null)[][]; scale: number } {
  let scale = 0;
  const dec = scores.map((row) => row.map((x) => (x === null ? null : decimalOf(x))));
  for (const row of dec) for (const d of row) if (d && -d.exponent > scale) scale = -d.exponent;
  const gains = dec.map((row) => row.map((d) => (d === null ? null : d.mantissa * 10n ** BigInt(scale + d.exponent))));
  return { gains, scale };
}

/** `value · 10^-scale` as the nearest double. */
export const bigToNumber = (value: bigint, scale: number): number => Number(`${value}e-${scale}`);

/**
 * Exact solve on BigInt gains: mediator per case (−1 unassigned) and the total gain. Same
 * objective and tie-breaking rules as the fast core, not necessarily the same optimum on ties.
 */
export function solveExact(
  gains: (bigint | null)[][],
  capacity: readonly number[],
): { mediatorOf: Int32Array; gain: bigint } {
  const n = gains.length;
  const m = capacity.length;
  const T = m + n;
  const mediatorOf = new Int32Array(n).fill(-1);
  const load = new Int32Array(m);
  const distA = new Float64Array(T + 1);
  const distB: bigint[] = new Array<bigint>(T + 1).fill(0n);
  const reached = new Uint8Array(T + 1);
  const pred = new Int32Array(T + 1);
  const inQueue = new Uint8Array(T + 1);
  const better = (node: number, a: number, b: bigint) =>
    !reached[node] || a < distA[node]! || (a === distA[node] && b < distB[node]!);
  for (let v = 0; v < n; v++) {
    reached.fill(0);
    const queue: number[] = [m + v];
    reached[m + v] = 1;
    distA[m + v] = 0;
    distB[m + v] = 0n;
    inQueue[m + v] = 1;
    const relax = (node: number, a: number, b: bigint, from: number) => {
      if (!better(node, a, b)) return;
      reached[node] = 1;
      distA[node] = a;
      distB[node] = b;
      pred[node] = from;
      if (node !== T && !inQueue[node]) {
        inQueue[node] = 1;
        queue.push(node);
      }
    };
    // No negative cycle exists (the flow so far is optimal), so SPFA terminates.
    while (queue.length) {
      const u = queue.shift()!;
      inQueue[u] = 0;
      const da = distA[u]!;
      const db = distB[u]!;
      if (u >= m) {
        const i = u - m;
        gains[i]!.forEach((g, j) => {
          if (g !== null && mediatorOf[i] !== j) relax(j, da, db - g, u);
        });
        relax(T, da + 1, db, u);
      } else {
        for (let i = 0; i < n; i++) if (mediatorOf[i] === u) relax(m + i, da, db + gains[i]![u]!, u);
        if (load[u]! < capacity[u]!) relax(T, da, db, u);
      }
    }
    let node = pred[T]!;
    if (node >= m) {
      const i = node - m;
      const was = mediatorOf[i]!;
      if (was >= 0) load[was]!--;
      mediatorOf[i] = -1;
      node = i === v ? -1 : was;
    }
    while (node >= 0) {
      const i = pred[node]! - m;
      const was = mediatorOf[i]!;
      if (was >= 0) load[was]!--;
      mediatorOf[i] = node;
      load[node]!++;
      node = i === v ? -1 : was;
    }
  }
  let gain = 0n;
  for (let i = 0; i < n; i++) if (mediatorOf[i]! >= 0) gain += gains[i]![mediatorOf[i]!]!;
  return { mediatorOf, gain };
}
