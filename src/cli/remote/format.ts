// How configuration answers print: aligned tables, a key tree, and values that never show a sealed
// one's content.

/**
 * A key as the API shows it (GET /keys/KEY); `value` is absent when sealed.
 *
 * @example
 * { key: 'hack/http/addr', sealed: false, value: ':5000', modRevision: 41, createRevision: 12, version: 3 }
 */
export interface KeyView {
  readonly key: string;
  readonly sealed: boolean;
  readonly value?: string;
  readonly modRevision: number;
  readonly createRevision?: number;
  readonly version?: number;
  readonly setBy?: {
    readonly user: string;
    readonly at: string;
    readonly message: string;
    readonly source?: string;
  };
}

/** One side of a diff entry: `value` is absent when sealed. */
export interface DiffSide {
  readonly sealed: boolean;
  readonly value?: string;
  readonly modRevision?: number;
}

/**
 * One path of a diff, a rollback, a copy or an import.
 *
 * @example
 * { path: 'hack/http/addr', change: 'changed', before: { sealed: false, value: ':5000' }, after: { ... } }
 */
export interface DiffEntry {
  readonly path: string;
  readonly change: 'added' | 'removed' | 'changed';
  readonly before?: DiffSide;
  readonly after?: DiffSide;
}

/**
 * A published change (the record the server keeps for every change).
 *
 * @example
 * { id: '...', directory: 'hack', user: 'alice', at: '...', message: 'rotate', revision: 58, keys: [...] }
 */
export interface ChangeRecord {
  readonly id?: string;
  readonly directory?: string;
  readonly user: string;
  readonly at: string;
  readonly message: string;
  readonly revision: number;
  readonly keys?: readonly { key: string; action: string; sealed: boolean }[];
}

/** Prints `value` as one line of JSON on stdout (the `--json` output). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/**
 * Rows under a header, columns aligned with two spaces, the last column not padded.
 *
 * @example
 * formatTable(['NAME', 'KEYS'], [['hack', '12']]); // 'NAME  KEYS\nhack  12\n'
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  return all
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!)))
        .join('  ')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}

/**
 * A text as one unambiguous line: as it is when plain, JSON-quoted when empty, when it holds a
 * control character (a newline) or starts or ends with a space.
 *
 * @example
 * printable('a b'); // 'a b'
 * printable('two\nlines'); // '"two\\nlines"'
 */
export function printable(text: string): string {
  return text === '' || /[\p{Cc}]|^\s|\s$/u.test(text) ? JSON.stringify(text) : text;
}

/**
 * How a sealed value shows: that it is sealed, who set it and when; never anything of its content.
 *
 * @example
 * sealedLabel({ user: 'alice', at: '2026-11-30T09:00:00.000Z' }); // '(sealed, set by alice at 2026-11-30T09:00:00.000Z)'
 */
export function sealedLabel(setBy?: { readonly user?: string; readonly at?: string }): string {
  if (setBy?.user !== undefined && setBy.at !== undefined)
    return `(sealed, set by ${setBy.user} at ${setBy.at})`;
  if (setBy?.user !== undefined) return `(sealed, set by ${setBy.user})`;
  if (setBy?.at !== undefined) return `(sealed, set at ${setBy.at})`;
  return '(sealed)';
}

/**
 * A key's value as a table cell or a line: the value, or the sealed label.
 *
 * @example
 * shownValue({ key: 'hack/a', sealed: true, modRevision: 3, setBy }); // '(sealed, set by alice at ...)'
 */
export function shownValue(view: KeyView): string {
  return view.sealed || view.value === undefined ? sealedLabel(view.setBy) : printable(view.value);
}

/** One side of a diff: a quoted value, or `(sealed)` with the revision it was set at. */
export function shownSide(side: DiffSide | undefined): string {
  if (side === undefined) return '(none)';
  if (side.sealed || side.value === undefined)
    return side.modRevision === undefined ? '(sealed)' : `(sealed, revision ${side.modRevision})`;
  return JSON.stringify(side.value);
}

/**
 * Diff entries as lines: `+ path value`, `- path (was value)`, `~ path before -> after`.
 *
 * @example
 * formatDiff([{ path: 'hack/a', change: 'added', after: { sealed: false, value: '1' } }]); // '+ hack/a  "1"\n'
 */
export function formatDiff(entries: readonly DiffEntry[], options: { values?: boolean } = {}): string {
  const values = options.values ?? true;
  const width = Math.max(0, ...entries.map((entry) => entry.path.length));
  return entries
    .map((entry) => {
      const path = entry.path.padEnd(width);
      if (!values) return `${marker(entry.change)} ${entry.path}\n`;
      switch (entry.change) {
        case 'added':
          return `+ ${path}  ${shownSide(entry.after)}\n`;
        case 'removed':
          return `- ${path}  (was ${shownSide(entry.before)})\n`;
        default:
          return `~ ${path}  ${shownSide(entry.before)} -> ${shownSide(entry.after)}\n`;
      }
    })
    .join('');
}

function marker(change: DiffEntry['change']): string {
  return change === 'added' ? '+' : change === 'removed' ? '-' : '~';
}

/** `3 added, 1 changed, 0 removed` for a list of entries. */
export function countChanges(entries: readonly DiffEntry[]): string {
  const count = (change: DiffEntry['change']) => entries.filter((entry) => entry.change === change).length;
  return `${count('added')} added, ${count('changed')} changed, ${count('removed')} removed`;
}

/**
 * The keys under `prefix` as a tree of their names, sealed ones marked.
 *
 * @example
 * formatTree('hack/', [{ key: 'hack/http/addr', sealed: false }]);
 * // 'hack/\n└── http/\n    └── addr\n'
 */
export function formatTree(prefix: string, keys: readonly { key: string; sealed: boolean }[]): string {
  interface Node {
    children: Map<string, Node>;
    sealed?: boolean;
    leaf: boolean;
  }
  const root: Node = { children: new Map(), leaf: false };
  for (const { key, sealed } of keys) {
    const segments = key.slice(prefix.length).split('/');
    let node = root;
    for (const segment of segments) {
      let child = node.children.get(segment);
      if (child === undefined) {
        child = { children: new Map(), leaf: false };
        node.children.set(segment, child);
      }
      node = child;
    }
    node.leaf = true;
    node.sealed = sealed;
  }
  const lines = [prefix];
  const walk = (node: Node, indent: string) => {
    const names = [...node.children.keys()].sort();
    names.forEach((name, index) => {
      const child = node.children.get(name)!;
      const last = index === names.length - 1;
      const folder = child.children.size > 0;
      // A key may also be a folder (hack/a and hack/a/b): it shows once, with its children.
      const label = `${printable(name)}${folder ? '/' : ''}${child.leaf && child.sealed ? '  (sealed)' : ''}`;
      lines.push(`${indent}${last ? '└── ' : '├── '}${label}`);
      walk(child, `${indent}${last ? '    ' : '│   '}`);
    });
  };
  walk(root, '');
  return `${lines.join('\n')}\n`;
}
