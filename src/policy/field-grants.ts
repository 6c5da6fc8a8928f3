// Which requested fields a set of permits grants, which are masked, and the masking of a payload to exactly the
// granted paths. A grant of a field grants everything under it ('care' grants 'care.needs').
import { coversPath, fieldAt, type DatasetDefinition, type FieldNode } from './datasets.ts';

export type RequestedFields = '*' | readonly string[];

export interface FieldOutcome {
  /** Granted paths, none inside another. */
  readonly granted: readonly string[];
  /** Requested paths (or parts of them) left out; unknown requested paths are listed as they were asked. */
  readonly masked: readonly string[];
}

/** Drop duplicates and paths already covered by another path in the list; keeps first-seen order. */
export function normalisePaths(paths: Iterable<string>): string[] {
  const all = [...new Set(paths)];
  return all.filter((p) => !all.some((q) => q !== p && coversPath(q, p)));
}

function hasGrantedBelow(node: FieldNode, granted: readonly string[]): boolean {
  return granted.some((g) => g.length > node.path.length && (node.path === '' || coversPath(node.path, g)));
}

/** Paths in the subtree at `node` that are not granted, as high up the tree as possible. */
function collectMasked(node: FieldNode, granted: readonly string[], into: string[]): void {
  for (const child of node.children.values()) {
    if (granted.some((g) => coversPath(g, child.path))) continue;
    if (hasGrantedBelow(child, granted)) collectMasked(child, granted, into);
    else into.push(child.path);
  }
}

/** Resolve a request for fields against the union of the permits' grants. */
export function resolveFields(dataset: DatasetDefinition, grantedByPermits: readonly string[], requested: RequestedFields): FieldOutcome {
  const union = normalisePaths(grantedByPermits);
  if (requested === '*') {
    const masked: string[] = [];
    collectMasked(dataset.fields, union, masked);
    return { granted: union, masked };
  }
  const granted: string[] = [];
  const masked: string[] = [];
  for (const r of requested) {
    const node = fieldAt(dataset, r);
    if (!node) {
      masked.push(r);
      continue;
    }
    if (union.some((g) => coversPath(g, r))) {
      granted.push(r);
      continue;
    }
    const below = union.filter((g) => coversPath(r, g));
    if (below.length === 0) {
      masked.push(r);
      continue;
    }
    granted.push(...below);
    collectMasked(node, below, masked);
  }
  return { granted: normalisePaths(granted), masked: normalisePaths(masked) };
}

/** A compiled set of granted paths: `all` keeps the whole value below; otherwise only the named children. */
export interface GrantTree {
  all: boolean;
  children: Map<string, GrantTree>;
}

export function grantTreeOf(granted: readonly string[]): GrantTree {
  const root: GrantTree = { all: false, children: new Map() };
  for (const path of granted) {
    let node = root;
    for (const key of path.split('.')) {
      if (node.all) break;
      let next = node.children.get(key);
      if (!next) {
        next = { all: false, children: new Map() };
        node.children.set(key, next);
      }
      node = next;
    }
    node.all = true;
    node.children.clear();
  }
  return root;
}

/** Keep only the granted parts of a value; objects left with nothing granted disappear. */
export function pickGranted(value: unknown, tree: GrantTree): unknown {
  if (tree.all) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const picked = pickGranted(item, tree);
      if (picked !== undefined) out.push(picked);
    }
    return out.length > 0 ? out : undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const src = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const [key, child] of tree.children) {
    if (!Object.hasOwn(src, key)) continue;
    const picked = pickGranted(src[key], child);
    if (picked !== undefined) (out ??= {})[key] = picked;
  }
  return out;
}

/** The value at a dotted path, or undefined. */
export function valueAt(value: unknown, path: string): unknown {
  let v = value;
  for (const key of path.split('.')) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    v = Object.hasOwn(v, key) ? (v as Record<string, unknown>)[key] : undefined;
  }
  return v;
}
