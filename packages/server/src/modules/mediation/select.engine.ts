/** Selection of the best values among many (pure, typed arrays): for ranking and candidate lists. */

/** The k-th largest of a[0 … n) (1 ≤ k ≤ n), reordering a: quickselect, three-way for ties. */
export function kthLargest(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  const want = k - 1; // position in descending order
  for (;;) {
    if (lo >= hi) return a[lo]!;
    // Median of three as the pivot keeps sorted and tie-heavy inputs linear.
    const mid = (lo + hi) >> 1;
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    // Dutch flag, descending: [lo, lt) > pivot, [lt, i) = pivot, (gt, hi] < pivot.
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i <= gt) {
      const v = a[i]!;
      if (v > pivot) {
        a[i++] = a[lt]!;
        a[lt++] = v;
      } else if (v < pivot) {
        a[i] = a[gt]!;
        a[gt--] = v;
      } else i++;
    }
    if (want < lt) hi = lt - 1;
    else if (want > gt) lo = gt + 1;
    else return pivot;
  }
}

/** Indices of the `k` best finite values, best first; ties go to the lower index. */
export function topIndices(values: Float64Array, k: number): number[] {
  // A size-k heap with the worst kept at the root: O(n log k), no sort of all n. Typed arrays and
  // inline comparisons: the batch assignment calls this twice per case on 20,000 mediators.
  if (k <= 0) return [];
  const heap = new Int32Array(k);
  const hv = new Float64Array(k);
  let size = 0;
  const n = values.length;
  for (let j = 0; j < n; j++) {
    const v = values[j]!;
    if (v !== v) continue;
    if (size < k) {
      // Sift up; j is the largest index so far, so it is the worse one of any tie.
      let i = size++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (v > hv[p]!) break;
        heap[i] = heap[p]!;
        hv[i] = hv[p]!;
        i = p;
      }
      heap[i] = j;
      hv[i] = v;
    } else if (v > hv[0]!) {
      // Replace the root (the worst) and sift down; "worse" = smaller value, or equal and later.
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= k) break;
        let c = l;
        const r = l + 1;
        if (r < k && (hv[r]! < hv[l]! || (hv[r] === hv[l] && heap[r]! > heap[l]!))) c = r;
        if (!(hv[c]! < v || (hv[c] === v && heap[c]! > j))) break;
        heap[i] = heap[c]!;
        hv[i] = hv[c]!;
        i = c;
      }
      heap[i] = j;
      hv[i] = v;
    }
  }
  const out = Array.from(heap.subarray(0, size));
  return out.sort((a, b) => values[b]! - values[a]! || a - b);
}
