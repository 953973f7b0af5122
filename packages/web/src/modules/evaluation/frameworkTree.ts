import type { FrameworkNode, RunAwards } from './types.ts';

/** A node's place in the tree: child indexes from the root (`[]` is the index itself). */
export type NodePath = number[];

/** The key antd's Tree uses for a node: its path joined with dots (`root` for the index). */
export function pathKey(path: NodePath): string {
  return path.length === 0 ? 'root' : path.join('.');
}

/** The inverse of {@link pathKey}. */
export function keyPath(key: string): NodePath {
  return key === 'root' ? [] : key.split('.').map(Number);
}

/** The node at `path`, or undefined when the path no longer exists (after a delete). */
export function nodeAt(root: FrameworkNode, path: NodePath): FrameworkNode | undefined {
  let node: FrameworkNode | undefined = root;
  for (const i of path) node = node?.children?.[i];
  return node;
}

/** A copy of the tree with the node at `path` replaced by `fn(node)`; the rest is shared. */
export function updateAt(root: FrameworkNode, path: NodePath, fn: (n: FrameworkNode) => FrameworkNode): FrameworkNode {
  if (path.length === 0) return fn(root);
  const [head = 0, ...rest] = path;
  const children = [...(root.children ?? [])];
  const child = children[head];
  if (!child) return root;
  children[head] = updateAt(child, rest, fn);
  return { ...root, children };
}

/** A copy of the tree without the node at `path` (the index itself cannot be removed). */
export function removeAt(root: FrameworkNode, path: NodePath): FrameworkNode {
  if (path.length === 0) return root;
  const parentPath = path.slice(0, -1);
  const idx = path[path.length - 1] ?? -1;
  return updateAt(root, parentPath, (p) => {
    const children = (p.children ?? []).filter((_, i) => i !== idx);
    // AHP matrices are over the children in order: drop the removed child's row and column.
    const pairwise = p.pairwise?.filter((_, i) => i !== idx).map((row) => row.filter((_, j) => j !== idx));
    return { ...p, children, ...(p.pairwise ? { pairwise } : {}) };
  });
}

/** Adds a child (a group or an indicator) under the node at `path`; returns the new tree. */
export function addChild(root: FrameworkNode, path: NodePath, child: FrameworkNode): FrameworkNode {
  return updateAt(root, path, (p) => {
    const children = [...(p.children ?? []), child];
    const pairwise = p.pairwise ? [...p.pairwise.map((row) => [...row, 1]), children.map(() => 1)] : undefined;
    return { ...p, children, ...(pairwise ? { pairwise } : {}) };
  });
}

/** Every code in the tree, to refuse duplicates when adding a node. */
export function allCodes(root: FrameworkNode): string[] {
  return [root.code, ...(root.children ?? []).flatMap(allCodes)];
}

/** Number of indicators (leaves marked `indicator`) under a node. */
export function countIndicators(node: FrameworkNode): number {
  if (node.indicator) return 1;
  return (node.children ?? []).reduce((s, c) => s + countIndicators(c), 0);
}

/** Sum of the fixed weights of a node's children, for the "weights add up to …" hint. */
export function childWeightSum(node: FrameworkNode): number {
  return (node.children ?? []).reduce((s, c) => s + (c.weight ?? 0), 0);
}

/** Saaty's random indices for n = 1..15 (the table most AHP texts use). */
const RANDOM_INDEX = [0, 0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59];

export interface AhpCheck {
  /** Principal-eigenvector weights, summing to 1. */
  weights: number[];
  lambdaMax: number;
  ci: number;
  /** Consistency ratio CI / RI; 0 for n ≤ 2 (always consistent). */
  cr: number;
}

/**
 * The consistency of a pairwise matrix, for showing beside the editor while typing. The server
 * decides (it refuses CR ≥ 0.1); this preview uses the same textbook definition: principal
 * eigenvalue by power iteration, CI = (λmax − n)/(n − 1), CR = CI/RI.
 */
export function ahpCheck(matrix: number[][]): AhpCheck {
  const n = matrix.length;
  if (n === 0) return { weights: [], lambdaMax: 0, ci: 0, cr: 0 };
  let w = new Array<number>(n).fill(1 / n);
  let lambda = n;
  for (let iter = 0; iter < 200; iter++) {
    const next = matrix.map((row) => row.reduce((s, a, j) => s + a * (w[j] ?? 0), 0));
    const sum = next.reduce((s, x) => s + x, 0);
    if (!(sum > 0)) break;
    const normed = next.map((x) => x / sum);
    const delta = normed.reduce((s, x, i) => s + Math.abs(x - (w[i] ?? 0)), 0);
    lambda = sum; // with w summing to 1, Σ(Aw) converges to λmax
    w = normed;
    if (delta < 1e-12) break;
  }
  const ci = n > 1 ? (lambda - n) / (n - 1) : 0;
  const ri = RANDOM_INDEX[n] ?? 1.59;
  return { weights: w, lambdaMax: lambda, ci, cr: n <= 2 || ri === 0 ? 0 : ci / ri };
}

/** Sets a_ij and keeps the matrix reciprocal (a_ji = 1/a_ij). */
export function setPairwise(matrix: number[][], i: number, j: number, value: number): number[][] {
  const m = matrix.map((row) => [...row]);
  if (i === j || !(value > 0)) return m;
  const ri = m[i];
  const rj = m[j];
  if (!ri || !rj) return m;
  ri[j] = value;
  rj[i] = 1 / value;
  return m;
}

/** An n×n matrix of ones: "all children equally important", the start of an AHP matrix. */
export function onesMatrix(n: number): number[][] {
  return Array.from({ length: n }, () => new Array<number>(n).fill(1));
}

/** Every awarded unit code of a run, as a set for lookups while rendering rows. */
export function awardedSet(awards: (Pick<RunAwards, 'awarded'> & Partial<RunAwards>) | undefined): Set<string> {
  if (!awards) return new Set();
  return new Set<string>([...awards.awarded, ...(awards.counties ?? []), ...(awards.townships ?? [])]);
}
