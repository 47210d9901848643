// The Handlebars helpers config templates get: json, yaml, toml, default, join, indent, eq. None reads
// the environment, a file or the clock (`env` and `log` exist only to refuse): a template's output
// depends on its document only.
import { type DocumentValue, isDocumentMap } from './document.js';
import { formatToml } from './toml-format.js';
import { formatYaml } from './yaml-format.js';

/** Where in the template a helper was called (what Handlebars passes as `options.loc`). */
export interface TemplateLocation {
  readonly start: { readonly line: number; readonly column: number };
}

/**
 * A failure inside a template run, with the place Handlebars knows: becomes a `RenderTemplateError`.
 *
 * @example
 * throw new TemplateFailure('join takes a list', options.loc);
 */
export class TemplateFailure extends Error {
  constructor(
    readonly reason: string,
    readonly loc: TemplateLocation | undefined,
    /** The missing name, when a strict lookup failed. */
    readonly missing?: string,
  ) {
    super(reason);
  }
}

interface HelperCall {
  readonly loc?: TemplateLocation;
  readonly name?: string;
}

/** The arguments of a helper call, without the options object Handlebars appends. */
function split(args: unknown[]): { values: unknown[]; call: HelperCall } {
  const call = (args.at(-1) ?? {}) as HelperCall;
  return { values: args.slice(0, -1), call };
}

function present(value: unknown, helper: string, call: HelperCall): DocumentValue {
  if (value === undefined) {
    throw new TemplateFailure(`${helper} was given a path that is not in the document`, call.loc);
  }
  return value as DocumentValue;
}

/** Yaml/toml text as the helper leaves it: without the file's final newline. */
function withoutFinalNewline(text: string): string {
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

/**
 * The helpers, by name, for `Handlebars.registerHelper`.
 *
 * @example
 * for (const [name, helper] of Object.entries(templateHelpers)) env.registerHelper(name, helper);
 */
export const templateHelpers: Readonly<Record<string, (...args: unknown[]) => unknown>> = {
  /** `{{json value}}` or `{{json value 2}}`: the value as JSON, compact or indented. */
  json(...args) {
    const { values, call } = split(args);
    const value = present(values[0], 'json', call);
    const indent = values[1];
    if (indent !== undefined && (typeof indent !== 'number' || !Number.isInteger(indent) || indent < 0)) {
      throw new TemplateFailure(
        'json takes an indent that is a whole number, as in {{json value 2}}',
        call.loc,
      );
    }
    return JSON.stringify(value, null, indent);
  },

  /** `{{yaml value}}`: the value (a subtree, usually) as block YAML, without a final newline. */
  yaml(...args) {
    const { values, call } = split(args);
    return withoutFinalNewline(formatYaml(present(values[0], 'yaml', call)));
  },

  /** `{{toml value}}`: a map as TOML, without a final newline. */
  toml(...args) {
    const { values, call } = split(args);
    const value = present(values[0], 'toml', call);
    if (!isDocumentMap(value)) throw new TemplateFailure('toml takes a map', call.loc);
    return withoutFinalNewline(formatToml(value));
  },

  /** `{{default value "fallback"}}`: the value, or the fallback when it is missing, null or "". */
  default(...args) {
    const { values, call } = split(args);
    if (values.length !== 2) throw new TemplateFailure('default takes a value and a fallback', call.loc);
    const [value, fallback] = values;
    return value === undefined || value === null || value === '' ? fallback : value;
  },

  /** `{{join list ", "}}`: the items of a list of scalars, joined (by "," when no separator is given). */
  join(...args) {
    const { values, call } = split(args);
    const list = present(values[0], 'join', call);
    const separator = values[1] ?? ',';
    if (!Array.isArray(list)) throw new TemplateFailure('join takes a list', call.loc);
    if (list.some((item) => item !== null && typeof item === 'object')) {
      throw new TemplateFailure('join takes a list of scalars, not of maps or lists', call.loc);
    }
    return list.map((item) => (item === null ? '' : String(item))).join(String(separator));
  },

  /** `{{indent 4 text}}`: the text with every line after the first indented, to line up under the call. */
  indent(...args) {
    const { values, call } = split(args);
    const [count, text] = values;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || typeof text !== 'string') {
      throw new TemplateFailure(
        'indent takes a number of spaces and a text, as in {{indent 4 (yaml x)}}',
        call.loc,
      );
    }
    return text.replace(/\n(?!$)/g, `\n${' '.repeat(count)}`);
  },

  /** Handlebars' own `log` writes to the console: a template only produces its output. */
  log(...args) {
    throw new TemplateFailure(
      'there is no log helper: a template only produces its output',
      split(args).call.loc,
    );
  },

  /** Named so that a template reaching for the environment hears why it cannot. */
  env(...args) {
    throw new TemplateFailure(
      'there is no env helper: a template never reads the environment; put the value in the directory',
      split(args).call.loc,
    );
  },

  /** `{{#if (eq log.level "debug")}}`: whether two values are the same scalar. */
  eq(...args) {
    const { values, call } = split(args);
    if (values.length !== 2) throw new TemplateFailure('eq takes two values', call.loc);
    return values[0] === values[1];
  },
};
