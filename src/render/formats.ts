// The file formats a document is written in and read from, chosen by name or by file extension.
import { basename, extname } from 'node:path';
import { assertDocumentValue, type DocumentMap, isDocumentMap } from './document.js';
import { formatEnv, parseEnv } from './env-format.js';
import { formatJson, parseJson } from './json-format.js';
import { formatProperties, parseProperties } from './properties-format.js';
import { formatToml, parseToml } from './toml-format.js';
import { formatYaml, parseYaml } from './yaml-format.js';

/**
 * A file format for documents.
 *
 * @example
 * const format: DocumentFormat = 'yaml';
 */
export type DocumentFormat = 'yaml' | 'json' | 'toml' | 'env' | 'properties';

/**
 * Every document format, in the order help texts list them.
 *
 * @example
 * documentFormats.includes(flag as DocumentFormat);
 */
export const documentFormats: readonly DocumentFormat[] = Object.freeze([
  'yaml',
  'json',
  'toml',
  'env',
  'properties',
]);

const byExtension: Readonly<Record<string, DocumentFormat>> = {
  '.yml': 'yaml',
  '.yaml': 'yaml',
  '.json': 'json',
  '.toml': 'toml',
  '.env': 'env',
  '.properties': 'properties',
};

/**
 * The format a file name implies by its extension (.yml, .yaml, .json, .toml, .env, .properties, any
 * case; a file named `.env` is env too), or `undefined`.
 *
 * @example
 * formatFromFileName('/etc/docker/registry/config.yml'); // 'yaml'
 * formatFromFileName('notes.txt'); // undefined
 */
export function formatFromFileName(path: string): DocumentFormat | undefined {
  const name = basename(path).toLowerCase();
  if (name === '.env') return 'env';
  return byExtension[extname(name)];
}

/**
 * Whether `text` names a document format.
 *
 * @example
 * isDocumentFormat('toml'); // true
 */
export function isDocumentFormat(text: string): text is DocumentFormat {
  return (documentFormats as readonly string[]).includes(text);
}

/**
 * A document as the text of a file in `format`, ending with a newline (an empty env or properties
 * document is the empty text). See docs/render.md for what each format keeps.
 *
 * @example
 * formatDocument({ http: { addr: ':5000' } }, 'yaml'); // 'http:\n  addr: :5000\n'
 * formatDocument({ http: { addr: ':5000' } }, 'env'); // 'HTTP_ADDR=:5000\n'
 */
export function formatDocument(document: DocumentMap, format: DocumentFormat): string {
  if (!isDocumentMap(document)) throw new TypeError('formatDocument takes a map at the top');
  assertDocumentValue(document, []);
  switch (format) {
    case 'yaml':
      return formatYaml(document);
    case 'json':
      return formatJson(document);
    case 'toml':
      return formatToml(document);
    case 'env':
      return formatEnv(document);
    case 'properties':
      return formatProperties(document);
    default:
      throw new TypeError(
        `'${String(format)}' is not a document format; use one of ${documentFormats.join(', ')}`,
      );
  }
}

/**
 * Parses the text of a file in `format` into a document (env gives a flat map of strings, properties
 * nests on '.'). A leading byte order mark is ignored. Throws `RenderParseError` naming `source`
 * (default '<input>'), the line and column, and what is wrong, never the text there.
 *
 * @example
 * parseDocument('http:\n  addr: :5000\n', 'yaml', 'config.yml'); // { http: { addr: ':5000' } }
 */
export function parseDocument(text: string, format: DocumentFormat, source = '<input>'): DocumentMap {
  if (typeof text !== 'string') throw new TypeError('parseDocument takes the text of the file as a string');
  const body = text.startsWith('\ufeff') ? text.slice(1) : text;
  switch (format) {
    case 'yaml':
      return parseYaml(body, source);
    case 'json':
      return parseJson(body, source);
    case 'toml':
      return parseToml(body, source);
    case 'env':
      return parseEnv(body, source);
    case 'properties':
      return parseProperties(body, source);
    default:
      throw new TypeError(
        `'${String(format)}' is not a document format; use one of ${documentFormats.join(', ')}`,
      );
  }
}
