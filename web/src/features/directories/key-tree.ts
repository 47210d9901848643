// The keys of a directory as folders (their path segments) and the in-memory filter the key table
// shows: by folder, and by a search across key names and values (sealed values are never searched).

/** A folder of the tree: a path prefix inside the directory and how many keys sit below it. */
export interface KeyFolder {
  /** The folder's path inside the directory, without a trailing '/' ('' for the directory itself). */
  readonly path: string;
  /** Its last segment ('' for the directory itself). */
  readonly name: string;
  /** Keys anywhere below it. */
  keyCount: number;
  readonly children: KeyFolder[];
}

/** What the filter needs of a key. */
export interface SearchableKey {
  /** The key's path inside the directory (`storage/swift/authurl`). */
  readonly path: string;
  readonly sealed: boolean;
  readonly value?: string;
  /** `searchTextOf(key)`, worked out once for a directory searched again and again. */
  readonly searchText?: string;
}

/**
 * What the search looks in: the key's path and its plain value, lower case (a sealed value's
 * name only).
 *
 * @example
 * searchTextOf({ path: 'http/addr', sealed: false, value: ':5000' }); // 'http/addr\n:5000'
 */
export function searchTextOf(key: SearchableKey): string {
  return key.sealed ? key.path.toLowerCase() : `${key.path}\n${key.value ?? ''}`.toLowerCase();
}

/**
 * The folders of `paths` (key paths inside the directory), children sorted by name.
 *
 * @example
 * folderTree(['http/addr', 'storage/swift/authurl']).children.map((f) => f.name); // ['http', 'storage']
 */
export function folderTree(paths: Iterable<string>): KeyFolder {
  const root: KeyFolder = { path: '', name: '', keyCount: 0, children: [] };
  const byPath = new Map<string, KeyFolder>([['', root]]);
  for (const path of paths) {
    root.keyCount += 1;
    const segments = path.split('/');
    let parent = root;
    for (let i = 0; i < segments.length - 1; i += 1) {
      const folderPath = segments.slice(0, i + 1).join('/');
      let folder = byPath.get(folderPath);
      if (folder === undefined) {
        folder = { path: folderPath, name: segments[i] ?? '', keyCount: 0, children: [] };
        byPath.set(folderPath, folder);
        parent.children.push(folder);
      }
      folder.keyCount += 1;
      parent = folder;
    }
  }
  const sortAll = (folder: KeyFolder) => {
    folder.children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const child of folder.children) sortAll(child);
  };
  sortAll(root);
  return root;
}

/**
 * The keys inside `folder` ('' for all) whose path or plain value holds `search` (any case, every
 * word of it). A sealed value is never searched: only its key's name is.
 *
 * @example
 * filterKeys(keys, { folder: 'storage', search: 'swift auth' });
 */
export function filterKeys<T extends SearchableKey>(
  keys: readonly T[],
  { folder, search }: { folder: string; search: string },
): T[] {
  const words = search
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '');
  const prefix = folder === '' ? '' : `${folder}/`;
  return keys.filter((key) => {
    if (!key.path.startsWith(prefix)) return false;
    if (words.length === 0) return true;
    const text = key.searchText ?? searchTextOf(key);
    return words.every((word) => text.includes(word));
  });
}

/**
 * The folders to show open: those on the way to `selected` (so the selection is visible).
 *
 * @example
 * foldersOnTheWay('storage/swift'); // ['storage', 'storage/swift']
 */
export function foldersOnTheWay(selected: string): string[] {
  if (selected === '') return [];
  const segments = selected.split('/');
  return segments.map((_, i) => segments.slice(0, i + 1).join('/'));
}
