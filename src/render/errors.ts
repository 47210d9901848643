// The errors of the render module: one class per failure, each with a stable `code`. No message ever
// holds a value (values may be secrets): they name keys, paths, files, lines and types only.

/**
 * Every code an error of the render module carries, as a list (docs/render.md lists each one).
 *
 * @example
 * renderErrorCodes.includes(err.code);
 */
export const renderErrorCodes = [
  'RENDER_KEY_CONFLICT',
  'RENDER_LIST_GAP',
  'RENDER_VALUE_TYPE',
  'RENDER_VALUE_QUOTING',
  'RENDER_PATH_INVALID',
  'RENDER_NOT_REPRESENTABLE',
  'RENDER_NAME_COLLISION',
  'RENDER_PARSE_FAILED',
  'RENDER_TEMPLATE_FAILED',
] as const;

/**
 * Every code an error of the render module carries.
 *
 * @example
 * if (err instanceof RenderError && err.code === 'RENDER_LIST_GAP') console.error(err.missingKey);
 */
export type RenderErrorCode = (typeof renderErrorCodes)[number];

/**
 * The base of every error this module throws. Misuse of the API (a value that is not a document
 * value, a key given twice) is a plain `TypeError` instead.
 *
 * @example
 * try { keysToDocument(entries); } catch (err) { if (err instanceof RenderError) console.error(err.code); }
 */
export abstract class RenderError extends Error {
  abstract readonly code: RenderErrorCode;
}

/**
 * A key holds a value and is also the parent of other keys (`a` and `a/b`): a document cannot hold both.
 *
 * @example
 * keysToDocument([{ key: 'a', value: '1' }, { key: 'a/b', value: '2' }]); // throws RenderKeyConflictError
 */
export class RenderKeyConflictError extends RenderError {
  readonly code = 'RENDER_KEY_CONFLICT';
  override readonly name = 'RenderKeyConflictError';
  constructor(
    /** The key that holds a value. */
    readonly valueKey: string,
    /** A key under it. */
    readonly childKey: string,
  ) {
    super(
      `'${valueKey}' holds a value and is also the parent of '${childKey}'; a key is either a value or ` +
        `a parent of other keys: remove one of the two (or move the value to a key of its own)`,
    );
  }
}

/**
 * The items of a list (children named 0, 1, 2...) skip an index.
 *
 * @example
 * keysToDocument([{ key: 'a/0', value: 'x' }, { key: 'a/2', value: 'y' }]); // missingKey 'a/1'
 */
export class RenderListGapError extends RenderError {
  readonly code = 'RENDER_LIST_GAP';
  override readonly name = 'RenderListGapError';
  constructor(
    /** The list's key ('' for the top level). */
    readonly listKey: string,
    /** The first missing item's key. */
    readonly missingKey: string,
    /** How many items the list has. */
    readonly itemCount: number,
  ) {
    super(
      `the list '${listKey}' has ${itemCount} numbered items but no item '${missingKey}'; the items of a ` +
        `list are numbered 0, 1, 2... without gaps: add '${missingKey}' or renumber the items after it`,
    );
  }
}

/**
 * A value does not fit the type its template forces on it. Names the key, the value's shape and the type.
 *
 * @example
 * keysToDocument([{ key: 'port', value: 'abc' }], { types: new Map([['port', 'integer']]) }); // throws
 */
export class RenderValueTypeError extends RenderError {
  readonly code = 'RENDER_VALUE_TYPE';
  override readonly name = 'RenderValueTypeError';
  constructor(
    readonly key: string,
    /** What the value looks like, e.g. 'text', 'a decimal number', 'a map' (never the value). */
    readonly shape: string,
    readonly type: string,
  ) {
    super(
      `the value of '${key}' is ${shape}, but its template makes it ${articled(type)}; store ${articled(type)} ` +
        `there (${typeExamples[type] ?? type})`,
    );
  }
}

const typeExamples: Record<string, string> = {
  string: 'any text',
  integer: "such as 8080, 0o755 or 0x1F, plain or quoted as '8080'",
  number: 'such as 8080, 0.5, 1e-3 or .inf',
  boolean: 'true or false',
  null: 'null, ~ or an empty value',
};

function articled(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/**
 * A stored value starts and ends with the same quote but is not a valid quoted scalar.
 *
 * @example
 * keysToDocument([{ key: 'path', value: '"C:\\path"' }]); // throws RenderValueQuotingError: bad escape
 */
export class RenderValueQuotingError extends RenderError {
  readonly code = 'RENDER_VALUE_QUOTING';
  override readonly name = 'RenderValueQuotingError';
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(
      `the value of '${key}' is quoted but ${reason}; write it as a valid quoted string ('...' with '' for ` +
        `a quote, or "..." with backslash escapes), or store it without the surrounding quotes`,
    );
  }
}

/**
 * A key or a map key cannot be an etcd key segment (empty, `.`, `..`, holding `/` or a control character).
 *
 * @example
 * documentToKeys({ 'a/b': 1 }); // throws RenderPathError naming the path
 */
export class RenderPathError extends RenderError {
  readonly code = 'RENDER_PATH_INVALID';
  override readonly name = 'RenderPathError';
  constructor(
    /** The key (`a//b`) or document path (`storage["a/b"]`) at fault. */
    readonly path: string,
    reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

/**
 * A document holds something the chosen format (or the key tree) cannot express.
 *
 * @example
 * formatDocument({ a: null }, 'toml'); // throws RenderNotRepresentableError naming path 'a'
 */
export class RenderNotRepresentableError extends RenderError {
  readonly code = 'RENDER_NOT_REPRESENTABLE';
  override readonly name = 'RenderNotRepresentableError';
  constructor(
    /** The format, or 'keys' for the key tree. */
    readonly format: string,
    readonly path: string,
    reason: string,
  ) {
    super(`cannot write ${path} as ${format === 'keys' ? 'etcd keys' : format.toUpperCase()}: ${reason}`);
  }
}

/**
 * Two document paths map to one name in a flat format (an environment variable or a property key).
 *
 * @example
 * formatDocument({ a_b: 1, a: { b: 2 } }, 'env'); // throws RenderNameCollisionError: both are A_B
 */
export class RenderNameCollisionError extends RenderError {
  readonly code = 'RENDER_NAME_COLLISION';
  override readonly name = 'RenderNameCollisionError';
  constructor(
    readonly format: string,
    /** The variable or property name both map to. */
    readonly flatName: string,
    readonly paths: readonly [string, string],
  ) {
    super(
      `cannot write ${format.toUpperCase()}: ${paths[0]} and ${paths[1]} both become '${flatName}'; ` +
        'rename one of them, or choose a nested format (yaml, json, toml)',
    );
  }
}

/**
 * A file could not be read as its format. Names the file, the line and column (when known) and what is
 * wrong, never the text there.
 *
 * @example
 * parseDocument('a: [1,\n', 'yaml', 'config.yml'); // throws RenderParseError, line 2
 */
export class RenderParseError extends RenderError {
  readonly code = 'RENDER_PARSE_FAILED';
  override readonly name = 'RenderParseError';
  constructor(
    /** The file name, or '<input>'. */
    readonly source: string,
    readonly format: string,
    /** 1-based, when known. */
    readonly line: number | undefined,
    /** 1-based, when known. */
    readonly column: number | undefined,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    const where =
      line === undefined ? '' : `, line ${line}${column === undefined ? '' : ` column ${column}`}`;
    super(
      `cannot read ${source} as ${format.toUpperCase()}${where}: ${reason}; fix the file and try again`,
      options,
    );
  }
}

/**
 * A template failed to compile or to render: a syntax error, a value missing from the document, a
 * helper used wrongly. Names the template, line and column and the path, never a value.
 *
 * @example
 * compileTemplate('{{storage.swift.authurl}}', 'nginx.conf.hbs')({}); // throws RenderTemplateError, line 1
 */
export class RenderTemplateError extends RenderError {
  readonly code = 'RENDER_TEMPLATE_FAILED';
  override readonly name = 'RenderTemplateError';
  constructor(
    readonly template: string,
    /** 1-based, when known. */
    readonly line: number | undefined,
    /** 1-based, when known. */
    readonly column: number | undefined,
    readonly reason: string,
  ) {
    const where = line === undefined ? '' : ` line ${line}${column === undefined ? '' : ` column ${column}`}`;
    super(`template ${template}${where}: ${reason}`);
  }
}
