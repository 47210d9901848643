// YAML documents through the `yaml` package: YAML 1.2 core schema, block style, strings quoted only
// when needed — also for YAML 1.1 readers (Go's yaml.v2, PyYAML), so `yes` or `on` stay strings there.
import { Document, type ErrorCode, parseDocument as parseYamlDocument, visit, type YAMLError } from 'yaml';
import type { DocumentMap, DocumentValue } from './document.js';
import { RenderParseError } from './errors.js';
import { toParsedDocument } from './parsed-document.js';

const stringifyOptions = {
  version: '1.2',
  schema: 'core',
  // Quote strings a YAML 1.1 reader would take for something else (yes, on, 1:20, 2001-12-14).
  compat: 'yaml-1.1',
  // A document is a tree: repeated objects are written out, never as anchors and aliases.
  aliasDuplicateObjects: false,
  // One value per line, easy to diff and grep: long strings are not folded.
  lineWidth: 0,
} as const;

/**
 * A document or any value as YAML text (block style, ending with a newline).
 *
 * @example
 * formatYaml({ http: { addr: ':5000', headers: ['nosniff'] } }); // 'http:\n  addr: :5000\n  headers:\n    - nosniff\n'
 */
export function formatYaml(value: DocumentValue): string {
  const document = new Document(value, stringifyOptions);
  visit(document, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && hasBlankLineWithSpaces(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return document.toString(stringifyOptions);
}

/**
 * A multi-line string with a line of only spaces or tabs: as a block scalar (`|`), such a line
 * before the first line with text reads back without its spaces, so it is written double-quoted.
 */
function hasBlankLineWithSpaces(text: string): boolean {
  return text.includes('\n') && /(^|\n)[ \t]+(\n|$)/.test(text);
}

const parseOptions = {
  version: '1.2',
  schema: 'core',
  // Keys are names: `123:` or `true:` are the keys "123" and "true"; a list as a key is an error.
  stringKeys: true,
  // `<<: *defaults` merges, as configuration files (docker compose...) expect.
  merge: true,
  // !!binary, !!timestamp, !!set... would give values a document cannot hold: reported instead.
  resolveKnownTags: false,
  uniqueKeys: true,
  prettyErrors: true,
} as const;

/**
 * Parses YAML text into a document. Throws `RenderParseError` naming `source`, the line and column, and
 * what is wrong (from a fixed list, never the text at that place).
 *
 * @example
 * parseYaml('http:\n  addr: ":5000"\n', 'config.yml'); // { http: { addr: ':5000' } }
 */
export function parseYaml(text: string, source: string): DocumentMap {
  const document = parseYamlDocument(text, parseOptions);
  const problem = document.errors[0] ?? document.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (problem !== undefined) {
    const position = problem.linePos?.[0];
    throw new RenderParseError(source, 'yaml', position?.line, position?.col, describeYamlError(problem));
  }
  let parsed: unknown;
  try {
    parsed = document.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    // Aliases to a missing anchor, or so many aliases the document would explode in memory.
    const reason = /alias/i.test(String(cause))
      ? 'an alias (*name) refers to an anchor that is not defined before it, or aliases repeat too much'
      : 'the YAML could not be turned into values';
    throw new RenderParseError(source, 'yaml', undefined, undefined, reason, { cause });
  }
  return toParsedDocument(parsed, { source, format: 'yaml' });
}

// The yaml package's messages can quote the text they point at (a secret, perhaps): say it in our words.
const reasons: Record<ErrorCode, string> = {
  ALIAS_PROPS: 'an alias (*name) cannot have a tag or an anchor',
  BAD_ALIAS: 'an alias (*name) is malformed',
  BAD_DIRECTIVE: 'a % directive is malformed',
  BAD_DQ_ESCAPE: 'a double-quoted string holds an escape YAML does not know (write \\\\ for a backslash)',
  BAD_INDENT: 'the indentation is wrong here (items of one map or list start at the same column)',
  BAD_PROP_ORDER: 'an anchor or tag is in the wrong place',
  BAD_SCALAR_START: 'a plain value cannot start with this character; quote the value',
  BLOCK_AS_IMPLICIT_KEY: "a map cannot start on the line of its key (a value holding ': ' needs quotes)",
  BLOCK_IN_FLOW: 'a block map or list cannot sit inside [ ] or { }',
  DUPLICATE_KEY: 'a key appears twice in the same map',
  IMPOSSIBLE: 'the YAML parser met a state it cannot handle',
  KEY_OVER_1024_CHARS: 'a key on one line is longer than 1024 characters',
  MISSING_CHAR: 'a closing quote, bracket or brace is missing',
  MULTILINE_IMPLICIT_KEY: "a key spans several lines (a value holding ': ' or '#' may need quotes)",
  MULTIPLE_ANCHORS: 'a node has two anchors',
  MULTIPLE_DOCS: "the file holds several documents (separated by '---'); keep one",
  MULTIPLE_TAGS: 'a node has two tags',
  NON_STRING_KEY: 'a key is a list or a map; keys are names',
  RESOURCE_EXHAUSTION: 'the document is too large or too deeply nested',
  TAB_AS_INDENT: 'a tab is used for indentation; indent with spaces',
  TAG_RESOLVE_FAILED: 'a tag (such as !!binary or !custom) is not supported: remove it, values are plain',
  UNEXPECTED_TOKEN: 'unexpected text here (a value holding special characters may need quotes)',
  BAD_COLLECTION_TYPE: 'a tag does not fit the map or list it is on',
};

function describeYamlError(error: YAMLError): string {
  return reasons[error.code] ?? `the YAML is malformed (${error.code})`;
}
