// A template repository picked in the browser as a folder: each file's text by its path inside the
// repository, the `{ files }` body POST /catalog takes.

/** A picked file: its path as the browser gives it (`registry/versions/2.8.2/swift-config.json`). */
export interface PickedFile {
  readonly path: string;
  text(): Promise<string>;
}

/** The files the format names (CATALOG-FORMAT.md); others in the folder are not sent. */
const FORMAT_FILE = /^(metadata\.json|versions\/[^/]+\/[^/]+-(config\.json|values\.json|readme\.md))$/;

/**
 * The repository-relative path of a picked file: the picked folder's own name is dropped
 * (`registry/metadata.json` -> `metadata.json`); `undefined` for a file the format does not name.
 *
 * @example
 * repositoryPath('registry/versions/2.8.2/swift-readme.md'); // 'versions/2.8.2/swift-readme.md'
 * repositoryPath('registry/.git/config');                  // undefined
 */
export function repositoryPath(path: string): string | undefined {
  const inside = path.includes('/') ? path.slice(path.indexOf('/') + 1) : path;
  return FORMAT_FILE.test(inside) ? inside : undefined;
}

/**
 * The `files` of the import request: the text of every format file of the picked folder.
 *
 * @example
 * const { files, skipped } = await repositoryFiles(picked);
 */
export async function repositoryFiles(
  picked: readonly PickedFile[],
): Promise<{ files: Record<string, string>; skipped: number }> {
  const files: Record<string, string> = {};
  let skipped = 0;
  for (const file of picked) {
    const path = repositoryPath(file.path);
    if (path === undefined) skipped += 1;
    else files[path] = await file.text();
  }
  return { files, skipped };
}
