/**
 * Column allocation for the engine. A typed array of its own costs ~2 µs to create and more to
 * collect (each has an off-heap backing store the GC must track), which dominates small runs:
 * COINr's ASEM example allocates ~300 columns of 51 values per run. Small columns are therefore
 * carved out of shared 256 KB slabs instead (a view costs ~0.2 µs); large ones (40,000 units)
 * get their own buffer as before. Every column starts zeroed, exactly as `new Float64Array(n)`.
 * A slab is freed when no column in it is reachable any more; a retained model pins at most the
 * slabs its own columns sit in.
 */

const SLAB_BYTES = 256 * 1024;
/** Columns larger than this get their own buffer (a quarter slab: waste stays bounded). */
const SMALL_BYTES = SLAB_BYTES / 4;

let slab = new ArrayBuffer(SLAB_BYTES);
let used = 0;

/** Reserve `bytes` in the current slab (a new one when full); returns the offset in `slab`. */
function carve(bytes: number): number {
  // 8-byte alignment keeps Float64Array views valid after an Int32Array of odd length.
  const size = (bytes + 7) & ~7;
  if (used + size > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    used = 0;
  }
  const at = used;
  used += size;
  return at;
}

/** A zeroed Float64Array of length n. */
export function newColumn(n: number): Float64Array {
  const bytes = n * 8;
  if (bytes > SMALL_BYTES || n === 0) return new Float64Array(n);
  const at = carve(bytes);
  return new Float64Array(slab, at, n);
}

/** A zeroed Int32Array of length n. */
export function newIntColumn(n: number): Int32Array {
  const bytes = n * 4;
  if (bytes > SMALL_BYTES || n === 0) return new Int32Array(n);
  const at = carve(bytes);
  return new Int32Array(slab, at, n);
}

/** A Float64Array of length n filled with NaN (a missing column). */
export function nanColumn(n: number): Float64Array {
  return newColumn(n).fill(NaN);
}

/** A copy of `x` (what `x.slice()` gives, without a buffer of its own when small). */
export function copyColumn(x: Float64Array): Float64Array {
  const out = newColumn(x.length);
  out.set(x);
  return out;
}
