// Builds a document from flat named values split into path segments: etcd keys split on '/', property
// keys on '.'. Children named 0..n-1 make a list; a name that is both a value and a parent is refused.
import { type DocumentMap, type DocumentValue, describeValue, setEntry } from './document.js';
import { RenderKeyConflictError, RenderListGapError, RenderValueTypeError } from './errors.js';
import { isListIndex } from './key-segment.js';

/**
 * One flat value on its way into a document.
 *
 * @example
 * const leaf: TreeLeaf = { segments: ['storage', 'swift', 'password'], name: 'storage/swift/password', text: '...' };
 */
export interface TreeLeaf {
  readonly segments: readonly string[];
  /** How messages name it: the key, or the property key. */
  readonly name: string;
  readonly text: string;
}

/**
 * How `buildTree` names inner nodes and reads leaves.
 *
 * @example
 * const options: TreeOptions = { join: (s) => s.join('/'), read: (leaf) => readStoredValue(leaf.text, leaf.name) };
 */
export interface TreeOptions {
  /** The name of the node at these segments, as messages show it. */
  join(segments: readonly string[]): string;
  /** The document value of a leaf. */
  read(leaf: TreeLeaf): DocumentValue;
  /** A type forced on a name: a map or list there does not fit it. */
  forcedType?(name: string): string | undefined;
}

interface TreeNode {
  readonly segments: readonly string[];
  leaf?: TreeLeaf;
  readonly children: Map<string, TreeNode>;
}

/**
 * The document the leaves make. Throws `RenderKeyConflictError` for a name that is a value and a
 * parent, `RenderListGapError` for list items that skip an index, and `TypeError` for a name given
 * twice (misuse).
 *
 * @example
 * buildTree([{ segments: ['a', '0'], name: 'a/0', text: 'x' }], options); // { a: ['x'] }
 */
export function buildTree(leaves: Iterable<TreeLeaf>, options: TreeOptions): DocumentMap {
  const root: TreeNode = { segments: [], children: new Map() };
  for (const leaf of leaves) {
    let node = root;
    for (const segment of leaf.segments) {
      let child = node.children.get(segment);
      if (child === undefined) {
        child = { segments: [...node.segments, segment], children: new Map() };
        node.children.set(segment, child);
      }
      node = child;
    }
    if (node.leaf !== undefined) throw new TypeError(`'${leaf.name}' is given twice`);
    node.leaf = leaf;
  }
  if (root.leaf !== undefined) throw new TypeError('a value needs a name with at least one segment');
  return toMap(root, options);
}

function toValue(node: TreeNode, options: TreeOptions): DocumentValue {
  if (node.leaf !== undefined) {
    if (node.children.size > 0) throw new RenderKeyConflictError(node.leaf.name, firstLeafUnder(node).name);
    return options.read(node.leaf);
  }
  const names = [...node.children.keys()];
  const value = names.every(isListIndex) ? toList(node, options) : toMap(node, options);
  const name = options.join(node.segments);
  const type = options.forcedType?.(name);
  if (type !== undefined) throw new RenderValueTypeError(name, describeValue(value), type);
  return value;
}

function toList(node: TreeNode, options: TreeOptions): DocumentValue[] {
  const count = node.children.size;
  const items: DocumentValue[] = [];
  for (let index = 0; index < count; index++) {
    const child = node.children.get(String(index));
    if (child === undefined) {
      throw new RenderListGapError(
        options.join(node.segments),
        options.join([...node.segments, String(index)]),
        count,
      );
    }
    items.push(toValue(child, options));
  }
  return items;
}

function toMap(node: TreeNode, options: TreeOptions): DocumentMap {
  const map: DocumentMap = {};
  for (const [segment, child] of node.children) setEntry(map, segment, toValue(child, options));
  return map;
}

function firstLeafUnder(node: TreeNode): TreeLeaf {
  const [first] = [...node.children.values()].sort((a, b) => compareSegments(a.segments, b.segments));
  return first!.leaf ?? firstLeafUnder(first!);
}

function compareSegments(a: readonly string[], b: readonly string[]): number {
  const last = a.length - 1;
  return a[last]! < b[last]! ? -1 : a[last]! > b[last]! ? 1 : 0;
}
