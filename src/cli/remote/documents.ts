import { validateDirectoryName } from '../../keyspace/index.js';
import {
  type DocumentFormat,
  documentFormats,
  formatFromFileName,
  isDocumentFormat,
} from '../../render/index.js';
import { writeFileAtomically } from '../export.js';
import { readText } from '../input.js';
import { openClient, type ServerFlags } from './connection.js';
import { type DiffEntry, printJson } from './format.js';
import { type ChangeAnswer, unlessUnchanged } from './history.js';
import { UsageError } from './run-action.js';

/**
 * What `import` takes when it goes through the server.
 *
 * @example
 * await remoteImport('hack', 'config.yml', { prune: false, dryRun: true, json: false });
 */
export interface RemoteImportFlags extends ServerFlags {
  format?: string;
  prune: boolean;
  dryRun: boolean;
  message?: string;
  json: boolean;
}

/**
 * What `export` takes when it goes through the server.
 *
 * @example
 * await remoteExport('hack', { format: 'env', output: 'app.env', json: false });
 */
export interface RemoteExportFlags extends ServerFlags {
  format?: string;
  output?: string;
  json: boolean;
}

/** What GET /directories/:name/export answers. */
interface ExportAnswer {
  readonly format: string;
  readonly content: string;
  readonly omitted: readonly string[];
  readonly revision: number;
}

/**
 * POST /directories/DIR/import with FILE's text; prints the keys added, changed and removed (names
 * only: a config file's plain passwords stay out of terminals and CI logs, --json included).
 *
 * @example
 * await remoteImport('hack', '/etc/docker/registry/config.yml', { prune: true, dryRun: false, json: false });
 */
export async function remoteImport(directory: string, file: string, flags: RemoteImportFlags): Promise<void> {
  validateDirectoryName(directory);
  const format = importFormat(file, flags.format);
  const source = file === '-' ? '<stdin>' : file;
  const client = await openClient(flags);
  const content = await readText(file);
  const answer = await unlessUnchanged(
    client.post<ChangeAnswer>(`/directories/${encodeURIComponent(directory)}/import`, {
      format,
      content,
      prune: flags.prune,
      dryRun: flags.dryRun,
      ...(flags.message !== undefined ? { message: flags.message } : {}),
    }),
  );
  const entries = (answer?.entries ?? []).map(withoutValues);
  if (flags.json) {
    printJson({ entries, ...(answer?.change !== undefined ? { change: answer.change } : {}) });
    return;
  }
  const names = (change: DiffEntry['change']) =>
    entries.filter((e) => e.change === change).map((e) => e.path);
  const [added, changed, removed] = [names('added'), names('changed'), names('removed')];
  const head =
    entries.length === 0
      ? `'${directory}/' already holds what ${source} says; nothing written`
      : flags.dryRun
        ? `dry run: importing ${source} into '${directory}/' would add ${added.length}, change ${changed.length} and ` +
          `remove ${removed.length} keys; nothing written`
        : `imported ${source} into '${directory}/' at revision ${answer?.change?.revision}: ${added.length} added, ` +
          `${changed.length} changed, ${removed.length} removed`;
  const lines = [
    head,
    ...added.map((key) => `  added    ${key}`),
    ...changed.map((key) => `  changed  ${key}`),
    ...removed.map((key) => `  removed  ${key}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * GET /directories/DIR/export: the document on stdout, or written atomically to --output.
 *
 * @example
 * await remoteExport('hack', { json: false });
 */
export async function remoteExport(directory: string, flags: RemoteExportFlags): Promise<void> {
  validateDirectoryName(directory);
  const format = exportFormat(flags);
  const client = await openClient(flags);
  const answer = await client.get<ExportAnswer>(`/directories/${encodeURIComponent(directory)}/export`, {
    query: { format },
  });
  if (answer.omitted.length > 0) {
    process.stderr.write(
      `${answer.omitted.length} sealed key${answer.omitted.length === 1 ? '' : 's'} left out (the server never ` +
        `exports a sealed value): ${answer.omitted.join(', ')}\n`,
    );
  }
  if (flags.output === undefined) {
    if (flags.json) return printJson(answer);
    process.stdout.write(answer.content);
    return;
  }
  await writeFileAtomically(flags.output, answer.content);
  if (flags.json) {
    printJson({
      directory,
      revision: answer.revision,
      format: answer.format,
      omitted: answer.omitted,
      output: flags.output,
    });
    return;
  }
  process.stdout.write(
    `exported '${directory}/' (revision ${answer.revision}) to ${flags.output} as ${answer.format}\n`,
  );
}

/** A diff entry with its key and what kind of change, its values left out. */
function withoutValues(entry: DiffEntry): DiffEntry {
  const side = (s: DiffEntry['before']) =>
    s === undefined
      ? undefined
      : { sealed: s.sealed, ...(s.modRevision !== undefined ? { modRevision: s.modRevision } : {}) };
  const before = side(entry.before);
  const after = side(entry.after);
  return {
    path: entry.path,
    change: entry.change,
    ...(before !== undefined ? { before } : {}),
    ...(after !== undefined ? { after } : {}),
  };
}

function importFormat(file: string, flag: string | undefined): DocumentFormat {
  if (flag !== undefined) return checkedFormat(flag);
  if (file === '-') throw new UsageError(`reading stdin needs --format (${documentFormats.join(', ')})`);
  const format = formatFromFileName(file);
  if (format === undefined) {
    throw new UsageError(
      `cannot tell the format of ${file} from its extension; name it with --format (${documentFormats.join(', ')})`,
    );
  }
  return format;
}

function exportFormat(flags: RemoteExportFlags): DocumentFormat {
  if (flags.format !== undefined) return checkedFormat(flags.format);
  if (flags.output === undefined) return 'yaml';
  const format = formatFromFileName(flags.output);
  if (format === undefined) {
    throw new UsageError(
      `cannot tell a format from the name ${flags.output}; name it with --format (${documentFormats.join(', ')})`,
    );
  }
  return format;
}

function checkedFormat(text: string): DocumentFormat {
  if (!isDocumentFormat(text)) {
    throw new UsageError(`--format ${text} is not a format; use one of ${documentFormats.join(', ')}`);
  }
  return text;
}
