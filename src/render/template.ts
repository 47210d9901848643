// File templates: Handlebars (logic-less; a template cannot run code), compiled strict so a value the
// document lacks is an error naming its path and line, and without HTML escaping (config files are not HTML).
import Handlebars from 'handlebars';
import type { DocumentMap } from './document.js';
import { RenderError, RenderTemplateError } from './errors.js';
import { TemplateFailure, type TemplateLocation, templateHelpers } from './template-helpers.js';

/** What Handlebars hands a compiled program: `container` first (its lookups), then the context. */
type ProgramFunction = (this: unknown, container: TemplateContainer, ...rest: unknown[]) => string;

interface TemplateContainer {
  lookupProperty(parent: unknown, name: string): unknown;
  strict(parent: unknown, name: string, loc: TemplateLocation | undefined): unknown;
  setpointLookups?: true;
}

/**
 * Compiles a Handlebars template into a function of a document. Syntax errors throw here;
 * rendering throws `RenderTemplateError` for a value the document lacks (naming its path and line),
 * a helper used wrongly, or any other failure — never quoting a value. See docs/render.md for the
 * helpers (json, yaml, toml, default, join, indent, eq).
 *
 * @example
 * const render = compileTemplate('listen {{http.port}};\n', 'nginx.conf.hbs');
 * render({ http: { port: 8080 } }); // 'listen 8080;\n'
 */
export function compileTemplate(
  templateText: string,
  templateName: string,
): (document: DocumentMap) => string {
  if (typeof templateText !== 'string')
    throw new TypeError('compileTemplate takes the template text as a string');
  const environment = templateEnvironment();
  let program: ReturnType<typeof Handlebars.parse>;
  try {
    program = environment.parse(templateText);
  } catch (err) {
    throw toTemplateError(err, templateText, templateName);
  }
  const render = environment.compile(program, { strict: true, noEscape: true });
  return (document) => {
    try {
      // Explicit defaults: prototype properties stay hidden, without Handlebars logging a warning.
      return render(document, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
    } catch (err) {
      throw toTemplateError(err, templateText, templateName);
    }
  };
}

/** A Handlebars environment of its own, with our helpers and lookups that never throw a TypeError. */
function templateEnvironment(): typeof Handlebars {
  const environment = Handlebars.create();
  for (const [name, helper] of Object.entries(templateHelpers)) environment.registerHelper(name, helper);
  const template = environment.template.bind(environment);
  environment.template = (spec) => {
    const programs = spec as { main: ProgramFunction };
    programs.main = withSafeLookups(programs.main);
    return template(spec);
  };
  return environment;
}

/**
 * Handlebars' strict lookups throw a TypeError without a place (and quoting the value) when a path
 * goes through a missing map or a scalar: `{{storage.swift.authurl}}` with no `storage`. These
 * replacements make every such lookup a `TemplateFailure` at the expression's line and column.
 */
function withSafeLookups(main: ProgramFunction): ProgramFunction {
  return function (this: unknown, container, ...rest) {
    if (container.setpointLookups !== true) {
      const lookupProperty = container.lookupProperty;
      container.lookupProperty = (parent, name) =>
        parent === null || parent === undefined ? undefined : lookupProperty(parent, name);
      container.strict = (parent, name, loc) => {
        const isObject = parent !== null && (typeof parent === 'object' || typeof parent === 'function');
        if (!isObject || !Object.hasOwn(parent, name)) throw new TemplateFailure('missing', loc, name);
        return lookupProperty(parent, name);
      };
      container.setpointLookups = true;
    }
    return main.call(this, container, ...rest);
  };
}

interface HandlebarsException {
  message: string;
  lineNumber?: number;
  column?: number;
}

function toTemplateError(err: unknown, text: string, name: string): RenderTemplateError {
  if (err instanceof RenderTemplateError) return err;
  if (err instanceof TemplateFailure) {
    const line = err.loc?.start.line;
    const column = err.loc === undefined ? undefined : err.loc.start.column + 1;
    if (err.missing === undefined) return new RenderTemplateError(name, line, column, err.reason);
    const path = (line !== undefined && column !== undefined && pathAt(text, line, column)) || err.missing;
    return new RenderTemplateError(
      name,
      line,
      column,
      `'${path}' is not in the document; add it, or give a fallback with {{default ${path} "..."}}`,
    );
  }
  // A helper's formatting refused the value (a null for toml...): those messages name paths only.
  if (err instanceof RenderError) return new RenderTemplateError(name, undefined, undefined, err.message);
  if (err instanceof Error && err.name !== 'TypeError' && err.name !== 'RangeError') {
    const exception = err as HandlebarsException;
    const parse = /^Parse error on line (\d+):/.exec(exception.message);
    if (parse !== null) {
      // The message quotes the template around the error; keep only what was expected.
      const expected = exception.message.split('\n').at(-1) ?? '';
      return new RenderTemplateError(name, Number(parse[1]), undefined, `syntax error (${expected})`);
    }
    if (typeof exception.lineNumber === 'number') {
      const reason = exception.message.split('\n', 1)[0]!.replace(/ - \d+:\d+$/, '');
      const column = typeof exception.column === 'number' ? exception.column + 1 : undefined;
      return new RenderTemplateError(name, exception.lineNumber, column, reason);
    }
  }
  // Anything else may quote a value in its message: say only what kind of failure it was.
  const kind = err instanceof Error ? err.name : typeof err;
  return new RenderTemplateError(
    name,
    undefined,
    undefined,
    `rendering failed (${kind}); check the template's helpers and paths`,
  );
}

/** The path expression that starts at `line`, `column` (1-based) of the template. */
function pathAt(text: string, line: number, column: number): string | undefined {
  const lineText = text.split(/\r?\n/)[line - 1];
  const match = lineText === undefined ? null : /^[^\s{}()=~"'|]+/.exec(lineText.slice(column - 1));
  return match?.[0];
}
