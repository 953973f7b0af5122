/**
 * Sobol' low-discrepancy sequence (Bratley–Fox / Joe–Kuo construction, Gray-code order) and the
 * Sobol' sensitivity machinery built on it: the Saltelli (2010) sampling design, the Saltelli
 * (2010) first-order and Jansen (1999) total-effect estimators, and bootstrap confidence
 * intervals. Pure: no I/O.
 */

/**
 * Joe & Kuo's direction numbers (new-joe-kuo-6.21201, dimensions 2…256), as
 * `poly:m1.m2…` in hex. `poly` is the primitive polynomial with its leading and trailing terms
 * (degree s = bit length − 1, Joe–Kuo's `a` = the s − 1 middle bits); `m` are the s initial
 * direction integers. Dimension 1 is the van der Corput sequence.
 */
const JOE_KUO = [
  '3:1 7:1.3 b:1.3.1 d:1.1.1 13:1.1.3.3 19:1.3.5.d 25:1.1.5.5.11 29:1.1.5.5.5 2f:1.1.7.b.13',
  '37:1.1.5.1.1 3b:1.1.1.3.b 3d:1.3.5.5.1f 43:1.3.3.9.7.31 5b:1.1.1.f.15.15 61:1.3.1.d.1b.31',
  '67:1.1.1.f.7.5 6d:1.3.1.f.d.19 73:1.1.5.5.13.3d 83:1.3.7.b.17.f.67 89:1.3.7.d.d.f.45',
  '8f:1.1.3.d.7.23.3f 91:1.3.5.9.1.19.35 9d:1.3.1.d.9.23.6b a7:1.3.1.5.1b.3d.1f ab:1.1.5.b.13.29.3d',
  'b9:1.3.5.3.3.d.45 bf:1.1.7.d.1.13.1 c1:1.3.7.5.d.13.3b cb:1.1.3.9.19.1d.29 d3:1.3.5.d.17.1.37',
  'd5:1.3.7.3.d.3b.11 e5:1.3.1.3.5.35.45 ef:1.1.5.5.17.21.d f1:1.1.7.7.1.3d.7b f7:1.1.7.9.d.3d.31',
  'fd:1.3.3.5.3.37.21 11d:1.3.1.f.1f.d.31.f5 12b:1.3.5.f.1f.3b.3f.61 12d:1.3.1.b.b.b.4d.f9',
  '14d:1.3.1.b.1b.2b.47.9 15f:1.1.7.f.15.b.51.2d 163:1.3.7.3.19.1f.41.4f 165:1.3.1.1.13.b.3.cd',
  '169:1.1.5.9.13.15.1d.9d 171:1.3.7.b.1.21.59.b9 187:1.3.3.3.f.9.4f.47 18d:1.3.7.b.f.27.77.1b',
  '1a9:1.1.3.1.b.1f.61.e1 1c3:1.1.1.3.17.2b.39.b1 1cf:1.3.7.7.11.11.25.47 1e7:1.3.1.5.1b.3f.7b.d5',
  '1f5:1.1.3.5.b.2b.35.85 211:1.3.5.5.1d.11.2f.ad.1df 21b:1.3.3.b.3.1.6d.9.45',
  '221:1.1.1.5.11.27.17.5.157 22d:1.3.1.5.19.f.1f.67.1f3 233:1.1.1.b.b.11.3f.69.b7',
  '259:1.1.5.b.9.1d.61.e7.16b 25f:1.1.5.f.13.2d.29.7.17f 269:1.3.7.7.1f.13.53.89.dd',
  '26f:1.1.1.3.17.f.6f.df.53 277:1.1.5.d.1f.f.37.19.a1 27d:1.1.3.d.19.2f.27.57.101',
  '287:1.1.1.b.15.35.7d.f9.125 295:1.1.7.b.b.7.39.4f.143 2a3:1.1.5.5.11.d.51.3.83',
  '2a5:1.1.7.d.17.7.41.fb.1db 2af:1.3.5.1.9.2b.3.95.b 2b7:1.1.3.d.1f.d.d.ff.1e7',
  '2bd:1.3.3.1.5.3f.59.5b.7f 2cf:1.1.3.3.1.13.7b.7f.ed 2d1:1.1.5.7.17.1f.25.f3.121',
  '2db:1.1.5.b.11.35.75.b7.1eb 2f5:1.1.1.5.1.d.d.d1.159 2f9:1.1.3.f.1.39.73.7.21',
  '313:1.3.1.b.7.2b.51.cf.af 315:1.3.1.1.f.1b.3f.ff.31 31f:1.3.5.3.1b.3d.69.ab.131',
  '323:1.1.5.3.1.3.39.f9.95 331:1.1.3.5.5.39.f.d.9f 33b:1.1.1.b.7.b.69.8d.e1',
  '34f:1.3.3.5.1b.3b.79.65.10f 35b:1.3.5.9.b.31.33.3b.73 361:1.1.7.1.17.2d.7d.47.1a3',
  '36b:1.1.3.5.17.5.69.6d.4b 36d:1.1.7.f.7.b.43.79.1c5 373:1.3.7.3.9.d.1f.1b.1c1',
  '37f:1.3.1.f.13.27.27.59.f 385:1.1.1.1.1.21.49.91.17b 38f:1.3.1.f.f.2b.1d.d.1e3',
  '3b5:1.1.7.3.13.1b.55.83.1af 3b9:1.3.3.3.5.23.17.c3.15d 3c7:1.3.3.7.9.1b.27.3b.129',
  '3cb:1.1.3.9.b.11.d.f1.9d 3cd:1.3.7.f.19.39.21.bd.d5 3d5:1.1.7.1.9.37.49.53.d9',
  '3d9:1.3.3.d.13.1b.17.71.f9 3e3:1.3.5.3.17.2b.3.fd.1df 3e9:1.1.5.5.b.5.2d.75.d9',
  '3fb:1.3.3.7.1d.25.21.7b.93 409:1.3.1.f.5.5.25.e3.df.1cb 41b:1.1.7.5.5.27.3f.ff.87.1e7',
  '427:1.3.1.7.9.7.57.f9.d9.257 42d:1.1.3.d.9.2f.7.e1.16b.f7 465:1.3.7.d.13.d.9.43.9.2e1',
  '46f:1.3.5.5.13.3b.7.29.13f.2a5 481:1.1.5.3.1f.3f.f.2b.cf.315 48b:1.1.7.9.d.27.3.2f.1f1.a9',
  '4c5:1.3.1.7.15.11.61.13.19f.389 4d7:1.3.7.1.3.1f.47.6f.a5.7f 4e7:1.1.5.b.1.3d.53.77.cb.34f',
  '4f3:1.3.3.d.9.3d.13.61.2f.23 4ff:1.1.7.7.f.1d.3f.5f.1a1.1d5 50d:1.3.1.9.19.9.47.39.d5.181',
  '519:1.3.5.d.1f.2f.65.39.27.155 523:1.1.3.3.1f.39.7d.ad.16d.227 531:1.3.7.1.d.39.43.9d.1c3.2c3',
  '53d:1.1.1.7.15.d.69.59.1ad.3c5 543:1.1.5.9.11.33.2d.77.9d.8d 557:1.3.7.7.d.2d.5b.9.81.2e5',
  '56b:1.3.7.1.17.39.43.8d.97.23b 585:1.1.3.b.11.2f.5d.6b.177.9d 58f:1.3.3.5.b.15.2b.33.a9.393',
  '597:1.1.5.3.f.37.65.43.1c7.271 5a1:1.3.5.9.1.17.1d.2f.159.253 5c7:1.3.7.7.5.31.1d.9b.143.24d',
  '5e5:1.3.3.7.5.29.7f.3d.105.2cd 5f7:1.3.7.7.11.17.75.43.81.3f1 5fb:1.1.3.d.b.27.15.cf.7b.131',
  '613:1.1.3.9.1d.3.5f.2f.e7.49 615:1.3.1.9.1.1d.75.15.1b9.103 625:1.3.1.d.15.27.7d.d3.1b7.2d3',
  '637:1.1.7.3.11.3f.73.59.31.305 643:1.3.7.d.b.21.65.6b.3f.49 64f:1.1.5.5.d.39.3f.87.1b5.b1',
  '65b:1.1.3.7.1b.3f.5d.2f.1a1.1e3 679:1.1.3.1.17.1d.1.bf.31.17 67f:1.1.3.f.19.37.9.65.db.25f',
  '689:1.3.1.7.7.13.33.fb.189.133 6b5:1.3.3.3.19.37.11.4b.151.3 6c1:1.1.1.d.19.11.41.2d.1df.19d',
  '6d3:1.1.7.7.1b.31.63.a1.d5.2d7 6df:1.3.5.1.17.5.2b.29.fb.359 6fd:1.3.3.7.b.3d.27.57.17f.343',
  '717:1.1.3.f.d.7.1d.7.1f9.39b 71d:1.3.7.1.5.1f.2f.9d.1bd.1f5 721:1.1.3.7.1.2b.9.93.73.25d',
  '739:1.3.3.d.5.1.77.d3.1c7.3e9 747:1.1.3.5.d.13.3.f3.4b.34b 74d:1.3.7.7.1.13.5b.f9.165.24d',
  '755:1.1.1.9.1.19.6d.c5.117.19b 759:1.3.1.f.17.39.3b.87.bf.4b 763:1.1.5.f.1d.15.27.fd.17f.15d',
  '77d:1.3.3.5.13.2d.3d.97.c7.3d5 78d:1.3.5.d.9.3d.6b.8d.8d.1 793:1.3.1.b.1b.19.55.69.135.3d3',
  '7b1:1.3.3.b.13.7.73.df.15d.2b 7db:1.1.7.9.15.27.7b.15.113.39f 7f3:1.1.7.d.f.29.2f.f3.12f.1b5',
  '7f9:1.1.1.7.7.3.f.63.199.2cf 805:1.3.3.f.1b.31.71.7b.71.43.1d5 817:1.3.7.b.3.17.57.a9.77.1e3.c7',
  '82b:1.1.5.f.7.11.6d.e5.b3.d5.2e5 82d:1.1.5.d.b.11.19.87.193.22d.599',
  '847:1.3.1.1.1.3d.43.d7.bd.3b1.4db 863:1.1.7.d.11.21.9.dd.1ad.d9.68f 865:1.1.3.b.1b.3.f.5d.5d.361.419',
  '871:1.3.7.7.19.29.79.23.175.17b.60b 87b:1.3.3.9.b.23.2d.cd.f1.9.3b 88d:1.3.1.7.3.33.7.b1.35.3cf.59',
  '895:1.1.3.5.1b.1.71.e7.12b.2f7.35d 89f:1.3.3.f.19.1d.5.ff.8b.37b.7ef 8a9:1.3.1.1.d.9.6d.c1.1a3.5f.11',
  '8b1:1.1.7.9.3.7.1d.29.87.347.363 8cf:1.1.7.9.19.31.7b.d9.71.38d.d7 8d1:1.1.7.3.17.f.2b.85.d9.147.385',
  '8e1:1.1.3.3.d.35.3f.7b.1dd.2c7.56b 8e7:1.1.3.f.7.1d.4b.77.b5.3bd.f7',
  '8eb:1.1.1.b.1b.19.6d.97.10b.63.5b5 8f5:1.3.7.f.5.5.35.91.b.2d5.5dd 90d:1.3.7.1.9.2b.47.e5.9d.25f.72b',
  '913:1.3.3.d.19.1.5.1b.1d7.15d.7f 925:1.1.1.1.17.25.9.dd.10d.381.695',
  '929:1.1.3.3.1f.1d.33.13.137.229.7b1 93b:1.3.7.5.5.37.11.27.1db.29f.5f9',
  '93d:1.1.7.1.1.23.2f.1b.1b5.18b.663 945:1.1.7.3.d.17.2b.87.147.8b.185',
  '949:1.3.7.3.9.19.5b.19.1ad.db.201 951:1.1.3.5.d.1d.77.c9.115.9d.7fb',
  '95b:1.3.5.3.1d.39.d.11.a7.2e3.407 973:1.3.3.5.1d.15.5f.1b.ff.2a7.5fb',
  '975:1.3.7.f.9.5.15.47.3d.3c1.4b1 97f:1.3.5.d.f.39.21.5d.1cb.363.df 983:1.1.1.f.11.2b.7f.bf.43.b1.431',
  '98f:1.1.1.f.17.7.15.c7.4b.125.64b 9ab:1.3.7.d.f.27.15.95.41.2e5.13f',
  '9ad:1.3.7.b.17.d.65.59.115.207.2c7 9b9:1.3.7.f.13.1b.55.cb.1b9.61.767',
  '9c7:1.3.1.3.1d.19.15.9b.b.bf.c5 9d9:1.1.7.5.1b.b.51.65.1c9.2a3.697 9e5:1.3.1.5.19.5.41.c1.29.237.30d',
  '9f7:1.3.1.5.b.f.71.4d.19b.2b7.457 a01:1.1.3.9.b.35.77.ab.37.129.1fd',
  'a07:1.1.1.1.b.27.71.8b.a5.15b.253 a13:1.3.7.b.9.11.65.d.51.145.6c5 a15:1.3.1.1.15.2b.73.9.71.38b.285',
  'a29:1.1.7.3.9.19.75.c5.9f.1d7.1db a49:1.3.1.9.b.15.39.cf.1e5.265.67d',
  'a61:1.1.7.7.1b.37.31.df.59.55.5f3 a6d:1.1.5.3.13.29.2d.33.1bf.12b.54b',
  'a79:1.3.1.d.1.21.75.8f.139.bb.431 a7f:1.1.7.7.5.b.41.61.179.179.5dd',
  'a85:1.3.1.1.15.23.5f.41.63.17.4d7 a91:1.1.5.9.3.25.5f.a7.73.1a9.363',
  'a9d:1.3.3.d.1.25.1b.bd.51.2a7.305 aa7:1.1.3.b.1.3d.63.e9.1ad.3c9.31',
  'aab:1.1.1.7.19.3f.63.a5.f5.319.477 ab3:1.1.5.b.b.2b.37.41.47.11b.111',
  'ab5:1.1.5.5.9.3.65.fb.163.17b.64b ad5:1.1.1.f.15.3f.55.63.31.2ed.537',
  'adf:1.1.5.d.1b.9.79.2b.ff.2cb.121 ae9:1.3.1.5.1b.13.11.df.4d.23b.587',
  'aef:1.1.5.3.d.3b.7d.fb.c3.227.6c9 af1:1.3.3.f.d.1b.31.69.185.3cb.2f3',
  'afb:1.3.5.f.17.2b.23.6b.1bf.2fb.fd b03:1.3.5.b.15.3.11.27.1f1.197.263',
  'b09:1.1.7.d.f.1f.71.11.17.1fb.7cb b11:1.1.7.f.3.f.1f.99.1a7.4f.1f7',
  'b33:1.1.7.9.13.19.17.ab.1f9.39b.7c5 b3f:1.1.5.9.15.1b.79.df.85.57.2b9',
  'b41:1.1.5.5.9.13.6b.63.13f.2fd.5b5 b4b:1.1.3.3.13.19.3.65.ab.2d9.bb b59:1.1.3.1.d.17.55.5d.123.d1.25',
  'b5f:1.1.1.f.19.19.4d.fd.14d.3b3.431 b65:1.1.3.9.11.1d.37.2f.ff.131.7f5',
  'b6f:1.3.3.9.1d.3f.9.67.1e9.3ab.5f3 b7d:1.3.7.f.7.1f.59.af.171.153.253',
  'b87:1.3.7.d.19.5.47.cf.fb.16f.299 b8b:1.3.3.3.15.19.4b.23.1f.141.643 b93:1.1.1.9.b.1.41.5.b.149.217',
  'b95:1.1.5.3.13.d.11.2b.17b.1e5.17f baf:1.3.5.d.d.9.55.93.1e9.313.46d',
  'bb7:1.3.1.1.5.33.25.81.c3.129.6f7 bbd:1.1.3.f.13.39.3b.b5.1c7.2b9.7f1',
  'bc9:1.3.7.1.1b.9.41.91.145.bd.c9 bdb:1.3.1.f.1f.17.13.5.1e5.245.21b bdd:1.1.7.d.b.f.41.53.b9.34f.33f',
  'be7:1.3.5.7.7.37.49.f.12f.1ff.771 bed:1.3.5.9.7.15.2d.f.18d.181.255',
  'c0b:1.3.7.3.17.d.49.dd.1ff.373.4f1 c0d:1.1.3.b.1.33.49.b9.21.3cf.5a1',
  'c19:1.3.3.9.13.3b.15.27.153.25.8f c1f:1.1.7.1.1f.21.13.a7.75.27b.27f',
  'c57:1.1.1.3.5.d.3b.53.163.15d.7af c61:1.1.1.5.13.3.35.85.61.35f.3d7',
].join(' ');

const BITS = 32;
const TWO_POW_32 = 4294967296;

/** How many dimensions the embedded direction numbers cover. */
export const SOBOL_MAX_DIMENSIONS = 256;

let cachedDirections: Uint32Array | null = null;

/** Direction integers V[d][k] (d < 256, k < 32), flattened, built once from the table above. */
function directionNumbers(): Uint32Array {
  if (cachedDirections) return cachedDirections;
  const v = new Uint32Array(SOBOL_MAX_DIMENSIONS * BITS);
  for (let k = 0; k < BITS; k++) v[k] = 2 ** (31 - k);
  JOE_KUO.split(' ').forEach((entry, i) => {
    const [polyHex, mHex] = entry.split(':') as [string, string];
    const poly = parseInt(polyHex, 16);
    const m = mHex.split('.').map((h) => parseInt(h, 16));
    const s = Math.floor(Math.log2(poly));
    const base = (i + 1) * BITS;
    for (let k = 0; k < s; k++) v[base + k] = m[k]! * 2 ** (31 - k);
    // V_k = a_1 V_{k-1} ⊕ … ⊕ a_{s-1} V_{k-s+1} ⊕ V_{k-s} ⊕ (V_{k-s} >> s)   (Joe & Kuo 2008, eq. 2)
    for (let k = s; k < BITS; k++) {
      let x = v[base + k - s]! ^ (v[base + k - s]! >>> s);
      for (let j = 1; j < s; j++) if ((poly >>> (s - j)) & 1) x ^= v[base + k - j]!;
      v[base + k] = x >>> 0;
    }
  });
  cachedDirections = v;
  return v;
}

/** A seeded 32-bit generator (mulberry32): small, fast, and identical on every platform. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / TWO_POW_32;
  };
}

/**
 * The Sobol' sequence in `dimensions` dimensions, point 0 being the origin (as in Joe & Kuo and
 * scipy's unscrambled `qmc.Sobol`). A non-zero `shift` seed applies a random digital shift
 * (XOR of each coordinate with a fixed random word), which keeps the net's equidistribution.
 */
export class SobolSequence {
  readonly dimensions: number;
  private readonly v: Uint32Array;
  private readonly x: Uint32Array;
  private readonly shift: Uint32Array;
  private index = 0;

  constructor(dimensions: number, shiftSeed = 0) {
    if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > SOBOL_MAX_DIMENSIONS)
      throw new RangeError(`Sobol dimensions must be 1…${SOBOL_MAX_DIMENSIONS}, got ${dimensions}`);
    this.dimensions = dimensions;
    this.v = directionNumbers();
    this.x = new Uint32Array(dimensions);
    this.shift = new Uint32Array(dimensions);
    if (shiftSeed !== 0) {
      const rnd = seededRandom(shiftSeed);
      for (let d = 0; d < dimensions; d++) this.shift[d] = Math.floor(rnd() * TWO_POW_32);
    }
  }

  /** Positions the sequence so that the next point returned is point `index` (Gray-code jump). */
  seek(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= TWO_POW_32) throw new RangeError(`bad Sobol index ${index}`);
    const gray = (index ^ (index >>> 1)) >>> 0;
    for (let d = 0; d < this.dimensions; d++) {
      let x = 0;
      for (let k = 0; k < BITS; k++) if ((gray >>> k) & 1) x ^= this.v[d * BITS + k]!;
      this.x[d] = x >>> 0;
    }
    this.index = index;
  }

  /** Writes the next point into `out` (length ≥ dimensions), coordinates in [0, 1). */
  next(out: Float64Array): void {
    for (let d = 0; d < this.dimensions; d++) out[d] = ((this.x[d]! ^ this.shift[d]!) >>> 0) / TWO_POW_32;
    // Gray-code order: point i+1 differs from point i by the direction of i's lowest zero bit.
    let c = 0;
    let i = this.index;
    while (i & 1) {
      i >>>= 1;
      c++;
    }
    for (let d = 0; d < this.dimensions; d++) this.x[d] = (this.x[d]! ^ this.v[d * BITS + c]!) >>> 0;
    this.index++;
  }
}

/** The first `n` points of a `dimensions`-dimensional Sobol' sequence, row-major. */
export function sobolPoints(dimensions: number, n: number, shiftSeed = 0): Float64Array {
  const seq = new SobolSequence(dimensions, shiftSeed);
  const out = new Float64Array(n * dimensions);
  const row = new Float64Array(dimensions);
  for (let i = 0; i < n; i++) {
    seq.next(row);
    out.set(row, i * dimensions);
  }
  return out;
}

/**
 * The Saltelli (2010) radial design for `groups` of factors. Base row j (j = 0…n−1) takes Sobol'
 * point j + 1 in 2k dimensions (the origin is skipped): A = its first k coordinates, B = the
 * last k. Each base row yields a block of g + 2 replications, in this order: A, B, then for each
 * group i the matrix A_B^(i) (A with group i's columns taken from B). Replication r is row
 * ⌊r / (g + 2)⌋ of block position r mod (g + 2), so any slice of replications can be generated
 * on its own (worker threads take slices of whole blocks).
 */
export interface SaltelliDesign {
  /** Number of factors (unit-hypercube dimensions). */
  k: number;
  /** Factor indices of each group whose indices are estimated. */
  groups: number[][];
  /** Base rows. */
  n: number;
  /** Digital-shift seed of the Sobol' sequence (0: unshifted). */
  seed: number;
}

/** Replications per base row: A, B and one A_B^(i) per group. */
export const blockSize = (design: SaltelliDesign): number => design.groups.length + 2;

/** Total replications of a design. */
export const designReplications = (design: SaltelliDesign): number => design.n * blockSize(design);

/** The design whose replication count is the largest whole number of blocks ≤ `replications`. */
export function saltelliDesign(k: number, groups: number[][], replications: number, seed = 0): SaltelliDesign {
  if (2 * k > SOBOL_MAX_DIMENSIONS) throw new RangeError(`at most ${SOBOL_MAX_DIMENSIONS / 2} factors, got ${k}`);
  const n = Math.max(1, Math.floor(replications / (groups.length + 2)));
  return { k, groups, n, seed };
}

/**
 * The unit-hypercube points of replications [from, to), row-major (k per row). With k = 0 (no
 * uncertain factor) every row is empty.
 */
export function designPoints(design: SaltelliDesign, from: number, to: number): Float64Array {
  const { k } = design;
  const bs = blockSize(design);
  const out = new Float64Array((to - from) * k);
  if (k === 0 || to <= from) return out;
  const seq = new SobolSequence(2 * k, design.seed);
  const point = new Float64Array(2 * k);
  const groupOf = new Int32Array(k).fill(-1);
  design.groups.forEach((g, i) => g.forEach((f) => (groupOf[f] = i)));
  let block = Math.floor(from / bs);
  seq.seek(block + 1);
  seq.next(point);
  for (let r = from; r < to; r++) {
    const b = Math.floor(r / bs);
    if (b !== block) {
      block = b;
      seq.next(point);
    }
    const pos = r - b * bs;
    const o = (r - from) * k;
    for (let f = 0; f < k; f++) {
      const fromB = pos === 1 || (pos >= 2 && groupOf[f] === pos - 2);
      out[o + f] = point[fromB ? k + f : f]!;
    }
  }
  return out;
}

/**
 * Per-base-row sums from which the indices are estimated, pooled over the model's outputs u
 * (every unit's rank, say): a_j = Σ_u (f_A − f_B)²/2, b_ij = Σ_u f_B (f_ABi − f_A),
 * c_ij = Σ_u (f_A − f_ABi)²/2. Being sums over rows, they merge across worker slices and
 * resample cheaply for the bootstrap.
 */
export interface SobolRowSums {
  n: number;
  groups: number;
  a: Float64Array;
  /** Group-major: b[i * n + j]. */
  b: Float64Array;
  c: Float64Array;
}

/** Empty row sums for a design. */
export function newRowSums(n: number, groups: number): SobolRowSums {
  return { n, groups, a: new Float64Array(n), b: new Float64Array(n * groups), c: new Float64Array(n * groups) };
}

/** Adds base row j's block: outputs under A, B and each A_B^(i) (same length each). */
export function addBlock(
  sums: SobolRowSums,
  j: number,
  fA: ArrayLike<number>,
  fB: ArrayLike<number>,
  fAB: readonly ArrayLike<number>[],
): void {
  let a = 0;
  for (let u = 0; u < fA.length; u++) a += (fA[u]! - fB[u]!) ** 2 / 2;
  sums.a[j] = a;
  for (let i = 0; i < sums.groups; i++) {
    const f = fAB[i]!;
    let b = 0;
    let c = 0;
    for (let u = 0; u < fA.length; u++) {
      b += fB[u]! * (f[u]! - fA[u]!);
      c += (fA[u]! - f[u]!) ** 2 / 2;
    }
    sums.b[i * sums.n + j] = b;
    sums.c[i * sums.n + j] = c;
  }
}

/** Copies the rows present in `part` (rows [from, to)) into `into`. */
export function mergeRowSums(into: SobolRowSums, part: SobolRowSums, from: number, to: number): void {
  into.a.set(part.a.subarray(from, to), from);
  for (let i = 0; i < into.groups; i++) {
    into.b.set(part.b.subarray(i * part.n + from, i * part.n + to), i * into.n + from);
    into.c.set(part.c.subarray(i * part.n + from, i * part.n + to), i * into.n + from);
  }
}

/** One group's indices with bootstrap percentile intervals (95 % unless asked otherwise). */
export interface SobolIndex {
  first: number;
  firstCi: [number, number];
  total: number;
  totalCi: [number, number];
}

function estimate(sums: SobolRowSums, weights: Float64Array | null): { first: number[]; total: number[] } {
  const { n, groups } = sums;
  let v = 0;
  for (let j = 0; j < n; j++) v += (weights ? weights[j]! : 1) * sums.a[j]!;
  const first: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < groups; i++) {
    let b = 0;
    let c = 0;
    for (let j = 0; j < n; j++) {
      const w = weights ? weights[j]! : 1;
      b += w * sums.b[i * n + j]!;
      c += w * sums.c[i * n + j]!;
    }
    // A constant output has no variance to apportion: report zero rather than NaN.
    first.push(v > 0 ? b / v : 0);
    total.push(v > 0 ? c / v : 0);
  }
  return { first, total };
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * First-order (Saltelli 2010: V_i = 1/N Σ f(B)(f(A_B^i) − f(A))) and total-effect (Jansen 1999:
 * V_Ti = 1/2N Σ (f(A) − f(A_B^i))²) indices, both divided by V(Y) = 1/2N Σ (f(A) − f(B))²; with
 * several outputs every sum is pooled over them (the variance-weighted, "generalised" indices of
 * Gamboa et al. 2014). Confidence intervals: percentile bootstrap over the base rows.
 */
export function sobolIndices(
  sums: SobolRowSums,
  options: { bootstrap?: number; seed?: number; level?: number } = {},
): SobolIndex[] {
  const point = estimate(sums, null);
  const reps = options.bootstrap ?? 1000;
  const level = options.level ?? 0.95;
  const rnd = seededRandom(options.seed ?? 1);
  const firsts = Array.from({ length: sums.groups }, () => new Float64Array(reps));
  const totals = Array.from({ length: sums.groups }, () => new Float64Array(reps));
  const counts = new Float64Array(sums.n);
  for (let r = 0; r < reps; r++) {
    counts.fill(0);
    for (let j = 0; j < sums.n; j++) counts[Math.floor(rnd() * sums.n)]! += 1;
    const e = estimate(sums, counts);
    for (let i = 0; i < sums.groups; i++) {
      firsts[i]![r] = e.first[i]!;
      totals[i]![r] = e.total[i]!;
    }
  }
  const lo = (1 - level) / 2;
  return point.first.map((first, i) => {
    const f = firsts[i]!.sort();
    const t = totals[i]!.sort();
    return {
      first,
      firstCi: [percentile(f, lo), percentile(f, 1 - lo)],
      total: point.total[i]!,
      totalCi: [percentile(t, lo), percentile(t, 1 - lo)],
    };
  });
}
