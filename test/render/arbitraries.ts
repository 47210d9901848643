// fast-check generators of documents and directory keys for the render module's property tests:
// strings that look like numbers, booleans, null, quotes or lists; numbers with -0, NaN and infinities;
// nested maps and lists, empty ones included.
import fc from 'fast-check';
import type { DocumentMap, DocumentValue } from '../../src/render/index.js';
import { isListIndex, segmentProblem } from '../../src/render/key-segment.js';

/** Strings a careless reader would take for something else. */
export const trickyStrings = [
  '',
  '8080',
  '-0',
  '+1',
  '007',
  '0o17',
  '0x1F',
  '1e3',
  '.5',
  '1.',
  '.inf',
  '-.Inf',
  '.nan',
  'true',
  'True',
  'FALSE',
  'yes',
  'on',
  'null',
  'Null',
  '~',
  '[]',
  '{}',
  '[ ]',
  '"quoted"',
  "'single'",
  "'",
  '"',
  "''",
  '""',
  "it's",
  ' 8080',
  '8080 ',
  'a\nb',
  '\n',
  'line\n',
  ' ',
  '\t',
  '#comment',
  'key: value',
  '- item',
  'setpoint:sealed:v1:eyJhbGciOiJSU0EtT0FFUC0yNTYifQ.abc',
  'ünïcode ключ 🎉',
  '\\',
  '"\\q"',
  "'a'b'",
  '$HOME',
  '`cmd`',
  'a=b',
  'C:\\path',
  '\u0000',
  '\u2028',
  '\r\n',
  '<<',
];

/** Characters that build number-, boolean- and quote-like text. */
const scalarishUnit = fc.constantFrom(
  'a',
  'e',
  'E',
  'x',
  'o',
  'n',
  'f',
  'i',
  'T',
  '0',
  '1',
  '7',
  '.',
  '-',
  '+',
  ' ',
  '\n',
  "'",
  '"',
  '\\',
  '~',
  '[',
  ']',
  '{',
  '}',
  ':',
  '#',
);

/**
 * Any string, weighted towards the ones that need quoting.
 *
 * @example
 * fc.assert(fc.property(stringValue, (s) => ...));
 */
export const stringValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...trickyStrings),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: scalarishUnit, maxLength: 8 }),
);

/** Any number, with the awkward ones weighted in. */
export const numberValue: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(
    0,
    -0,
    0.1,
    1e21,
    1e-7,
    5e-324,
    Number.MAX_SAFE_INTEGER,
    2 ** 60,
    Number.NaN,
    Infinity,
    -Infinity,
  ),
);

/** A map key that can be a key segment. */
export const mapKey: fc.Arbitrary<string> = fc
  .oneof(
    fc.constantFrom(
      'port',
      'storage',
      'a.b',
      'X-Content-Type-Options',
      '0',
      '10',
      'true',
      'null',
      '~',
      '__proto__',
      'constructor',
      'é',
      'ключ',
      'with space',
      '[]',
      '-',
      '_',
    ),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }),
  )
  .filter((key) => segmentProblem(key) === undefined && key !== '<<');

/** A map built with own properties only (a `__proto__` key is an ordinary key). */
function mapOf(key: fc.Arbitrary<string>, value: fc.Arbitrary<DocumentValue>, maxKeys: number) {
  return fc.uniqueArray(fc.tuple(key, value), { maxLength: maxKeys, selector: ([k]) => k }).map((entries) => {
    const map: DocumentMap = {};
    for (const [k, v] of entries) {
      Object.defineProperty(map, k, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return map;
  });
}

/**
 * Options of `documentValue`.
 *
 * @example
 * documentValue({ scalar: fc.oneof(stringValue, fc.boolean()) });
 */
export interface DocumentOptions {
  scalar?: fc.Arbitrary<DocumentValue>;
  key?: fc.Arbitrary<string>;
  /** Leave out empty lists and maps. */
  noEmptyCollections?: boolean;
}

/** Every scalar a document may hold, and empty lists and maps. */
export const anyScalar: fc.Arbitrary<DocumentValue> = fc.oneof(
  stringValue,
  numberValue,
  fc.boolean(),
  fc.constant(null),
  fc.constant(null).map(() => []),
  fc.constant(null).map(() => ({})),
);

/**
 * A random document: a map of nested maps, lists and scalars. Nested maps whose keys are all list
 * indices are left out (they cannot be stored as keys, see docs/render.md).
 *
 * @example
 * fc.assert(fc.property(documentValue(), (doc) => ...));
 */
export function documentValue(options: DocumentOptions = {}): fc.Arbitrary<DocumentMap> {
  const scalar = options.scalar ?? anyScalar;
  const key = options.key ?? mapKey;
  const minLength = options.noEmptyCollections ? 1 : 0;
  const { tree } = fc.letrec<{ tree: DocumentValue; list: DocumentValue[]; map: DocumentMap }>((tie) => ({
    tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
    list: fc.array(tie('tree'), { minLength, maxLength: 4 }),
    map: mapOf(key, tie('tree'), 4).filter(
      (map) =>
        Object.keys(map).length >= minLength &&
        !(Object.keys(map).length > 0 && Object.keys(map).every(isListIndex)),
    ),
  }));
  return mapOf(key, tree, 6);
}

/** A key segment from a small alphabet, so random keys often share parents, collide and skip indices. */
const keySegment = fc.constantFrom('a', 'b', 'port', '0', '1', '2', '10', 'é');

/**
 * Random directory entries: keys from a small alphabet of segments (conflicts and list gaps happen),
 * values any stored text.
 *
 * @example
 * fc.assert(fc.property(directoryEntries, (entries) => ...));
 */
export const directoryEntries = fc.uniqueArray(
  fc.record({
    key: fc.array(keySegment, { minLength: 1, maxLength: 3 }).map((segments) => segments.join('/')),
    value: fc.oneof(stringValue, fc.constantFrom('[]', '{}', '8080', "'8080'", 'true', '~', '"a\\tb"')),
  }),
  { selector: (entry) => entry.key, maxLength: 8 },
);
