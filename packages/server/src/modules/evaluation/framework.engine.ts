import type { Framework, FrameworkNode } from '@zhili/contracts';

/**
 * A problem the engine refuses to compute through (inconsistent AHP matrix, negative values under
 * a geometric mean…). `code` is stable; the service maps it to an AppError (400).
 */
export class EvaluationEngineError extends Error {
  readonly code: string;
  readonly messageZh: string;
  readonly path: string;
  constructor(code: string, messageZh: string, messageEn: string, path = '') {
    super(messageEn);
    this.name = 'EvaluationEngineError';
    this.code = code;
    this.messageZh = messageZh;
    this.path = path;
  }
}

/** One node of a compiled framework: the tree flattened into arrays (pre-order). */
export interface CompiledNode {
  /** Position in `CompiledFramework.nodes`. */
  index: number;
  code: string;
  spec: FrameworkNode;
  /** Index of the parent node, −1 for the root. */
  parent: number;
  /** Indexes of the children kept for this level (pre-order positions). */
  children: number[];
  indicator: boolean;
  /** Dotted path in the framework document (`index.children.0`), for error messages. */
  path: string;
}

/** A framework pruned to one unit level and flattened for column-wise evaluation. */
export interface CompiledFramework {
  framework: Framework;
  level: string | null;
  /** Pre-order: a parent always precedes its children; the root is `nodes[0]`. */
  nodes: CompiledNode[];
  /** Node indexes of the indicators, in pre-order. */
  indicators: number[];
  byCode: Map<string, CompiledNode>;
}

/** Does the indicator apply to units of `level` (no `appliesTo` = every level)? */
export function appliesToLevel(n: FrameworkNode, level: string | null): boolean {
  return level === null || !n.appliesTo || n.appliesTo.includes(level);
}

/**
 * Flatten the framework for one unit level: indicators that do not apply to the level are left
 * out, and so are aggregate nodes left without children. Returns null when nothing applies.
 */
export function compileFramework(framework: Framework, level: string | null = null): CompiledFramework | null {
  const nodes: CompiledNode[] = [];
  // Returns the index of the node added, or −1 when the subtree is empty for this level.
  const visit = (spec: FrameworkNode, parent: number, path: string): number => {
    const indicator = spec.indicator === true;
    if (indicator && !appliesToLevel(spec, level)) return -1;
    const node: CompiledNode = { index: nodes.length, code: spec.code, spec, parent, children: [], indicator, path };
    nodes.push(node);
    if (!indicator) {
      (spec.children ?? []).forEach((c, i) => {
        const ci = visit(c, node.index, `${path}.children.${i}`);
        if (ci >= 0) node.children.push(ci);
      });
      if (node.children.length === 0) {
        nodes.length = node.index;
        return -1;
      }
    }
    return node.index;
  };
  if (visit(framework.index, -1, 'index') < 0) return null;
  return {
    framework,
    level,
    nodes,
    indicators: nodes.filter((n) => n.indicator).map((n) => n.index),
    byCode: new Map(nodes.map((n) => [n.code, n])),
  };
}

/** Every indicator of the framework (any level), in document order. */
export function frameworkIndicators(framework: Framework): FrameworkNode[] {
  const out: FrameworkNode[] = [];
  const walk = (n: FrameworkNode) => {
    if (n.indicator === true) out.push(n);
    else n.children?.forEach(walk);
  };
  walk(framework.index);
  return out;
}

/** Every node of the framework with its parent code, in pre-order. */
export function frameworkNodes(framework: Framework): { node: FrameworkNode; parent: string | null }[] {
  const out: { node: FrameworkNode; parent: string | null }[] = [];
  const walk = (n: FrameworkNode, parent: string | null) => {
    out.push({ node: n, parent });
    if (n.indicator !== true) n.children?.forEach((c) => walk(c, n.code));
  };
  walk(framework.index, null);
  return out;
}
