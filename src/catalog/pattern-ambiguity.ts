// Finds the part of an RE2 pattern that makes engines that backtrack take exponential time: a part that
// can match the same text in more than one way and is repeated without bound. The pattern becomes a
// position automaton (Glushkov) whose transitions are counted with multiplicity (so `(a+)+` has two
// a->a transitions, one per loop); it is exponentially ambiguous exactly when some state has two
// different cycles reading the same text (Weber and Seidl, 1991), found in the automaton's square.
// The pattern must already compile with re2js: this reader relies on that for its syntax checks.

/** One code point range, both ends included. */
type Range = readonly [number, number];
/** A set of code points: sorted, non-overlapping, non-adjacent ranges. */
type CharSet = readonly Range[];

const maxCodePoint = 0x10ffff;
const anyChar: CharSet = [[0, maxCodePoint]];

/** Positions (characters of the expanded pattern) above which a pattern is too large to check. */
export const MAX_PATTERN_POSITIONS = 2000;
/** Transitions of one loop's square above which a pattern is too large to check. */
const maxSquareTransitions = 1_000_000;
/** Sub-patterns built (counted repetitions expand) above which a pattern is too large to check. */
const maxBuildSteps = 200_000;

/**
 * A pattern's counted repetitions expand beyond what the check examines.
 *
 * @example
 * analysePattern('(a{1000}){1000}'); // throws PatternTooLargeError
 */
export class PatternTooLargeError extends Error {
  override readonly name = 'PatternTooLargeError';
}

/** The loops chained one after another that may share text before a pattern is refused (cubic time). */
export const MAX_CHAINED_LOOPS = 2;

/**
 * What makes a pattern slow for a backtracking engine: `exponential` when a repeated part can match
 * the same text in more than one way; `polynomial` when `loops` (3 or more) unbounded loops, one
 * after the other, can each take the same text (`.*a.*a.*a`, `(.*a){20}`), which takes time growing
 * with the value's length to the power of `loops`. `part` is the text of the pattern at fault.
 */
export type PatternAmbiguity =
  | { readonly kind: 'exponential'; readonly part: string }
  | { readonly kind: 'polynomial'; readonly part: string; readonly loops: number };

/**
 * The first part of `pattern` that makes an engine that backtracks take exponential time (it can match
 * the same text in more than one way while it repeats without bound), or time of degree 3 or more
 * (3 or more loops in a row that can share the same text), or `undefined` when there is none.
 * Throws `PatternTooLargeError` when the pattern expands beyond what is examined.
 *
 * @example
 * analysePattern('(a|aa)*');          // { kind: 'exponential', part: '(a|aa)*' }
 * analysePattern('.*a.*a.*');         // { kind: 'polynomial', part: '.*a.*a.*', loops: 3 }
 * analysePattern('[a-z]+(-[a-z]+)*'); // undefined
 */
export function analysePattern(pattern: string): PatternAmbiguity | undefined {
  const tree = new PatternReader(pattern).read();
  const automaton = new PositionAutomaton();
  automaton.build(tree);
  const positions = automaton.sets.length;
  const components = stronglyConnected(positions, (node) => automaton.follow[node]!, range(positions));
  const loops = components.filter((component) => isCycle(component, automaton.follow));
  for (const component of loops) {
    if (ambiguousLoop(component, automaton)) {
      return { kind: 'exponential', part: pattern.slice(...automaton.partAround(component, true)) };
    }
  }
  const chain = longestSharingChain(loops, automaton);
  if (chain.length > MAX_CHAINED_LOOPS) {
    return {
      kind: 'polynomial',
      part: pattern.slice(...automaton.partAround(chain.flat(), false)),
      loops: chain.length,
    };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Character sets

function normalise(ranges: Range[]): CharSet {
  const sorted = ranges.filter(([low, high]) => low <= high).sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [low, high] of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && low <= last[1] + 1) last[1] = Math.max(last[1], high);
    else merged.push([low, high]);
  }
  return merged;
}

function negate(set: CharSet): CharSet {
  const result: Range[] = [];
  let next = 0;
  for (const [low, high] of set) {
    if (low > next) result.push([next, low - 1]);
    next = high + 1;
  }
  if (next <= maxCodePoint) result.push([next, maxCodePoint]);
  return result;
}

function intersects(a: CharSet, b: CharSet): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [aLow, aHigh] = a[i]!;
    const [bLow, bHigh] = b[j]!;
    if (aHigh < bLow) i += 1;
    else if (bHigh < aLow) j += 1;
    else return true;
  }
  return false;
}

/** The set with the other case of each letter added (simple case folding, as (?i) matches). */
function foldCase(set: CharSet): CharSet {
  const ranges: Range[] = [...set];
  for (const [low, high] of set) {
    if (high - low > 5000) continue; // a range this wide already holds the letters that matter
    for (let code = low; code <= high; code++) {
      const char = String.fromCodePoint(code);
      for (const other of [char.toLowerCase(), char.toUpperCase()]) {
        const otherCode = other.codePointAt(0)!;
        if (other.length === String.fromCodePoint(otherCode).length && otherCode !== code) {
          ranges.push([otherCode, otherCode]);
        }
      }
    }
  }
  if (
    intersects(set, [
      [0x6b, 0x6b],
      [0x4b, 0x4b],
    ])
  )
    ranges.push([0x212a, 0x212a]); // k K and the Kelvin sign
  if (
    intersects(set, [
      [0x73, 0x73],
      [0x53, 0x53],
    ])
  )
    ranges.push([0x17f, 0x17f]); // s S and the long s
  return normalise(ranges);
}

const digit: CharSet = [[0x30, 0x39]];
const word: CharSet = normalise([
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
]);
const space: CharSet = normalise([
  [0x09, 0x0a],
  [0x0c, 0x0d],
  [0x20, 0x20],
]);

const posixClasses: Record<string, CharSet> = {
  alnum: normalise([
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
  ]),
  alpha: normalise([
    [0x41, 0x5a],
    [0x61, 0x7a],
  ]),
  ascii: [[0, 0x7f]],
  blank: normalise([
    [0x09, 0x09],
    [0x20, 0x20],
  ]),
  cntrl: normalise([
    [0, 0x1f],
    [0x7f, 0x7f],
  ]),
  digit,
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: normalise([
    [0x21, 0x2f],
    [0x3a, 0x40],
    [0x5b, 0x60],
    [0x7b, 0x7e],
  ]),
  space: [
    [0x09, 0x0d],
    [0x20, 0x20],
  ],
  upper: [[0x41, 0x5a]],
  word,
  xdigit: normalise([
    [0x30, 0x39],
    [0x41, 0x46],
    [0x61, 0x66],
  ]),
};

const unicodeClasses = new Map<string, CharSet>();

/** A Unicode class (`\pL`, `\p{Greek}`) as the code points JavaScript's tables give it. */
function unicodeClass(name: string): CharSet {
  if (name === 'Any') return anyChar;
  const cached = unicodeClasses.get(name);
  if (cached !== undefined) return cached;
  let test: RegExp | undefined;
  for (const source of [`^\\p{${name}}$`, `^\\p{Script=${name}}$`]) {
    try {
      test = new RegExp(source, 'u');
      break;
    } catch {
      // not a name JavaScript knows in this form
    }
  }
  // A class JavaScript cannot name is taken as any character: the check may then refuse more, never less.
  let set: CharSet = anyChar;
  if (test !== undefined) {
    const ranges: Range[] = [];
    let start = -1;
    for (let code = 0; code <= maxCodePoint + 1; code++) {
      const inside = code <= maxCodePoint && test.test(String.fromCodePoint(code));
      if (inside && start < 0) start = code;
      if (!inside && start >= 0) {
        ranges.push([start, code - 1]);
        start = -1;
      }
    }
    set = ranges;
  }
  unicodeClasses.set(name, set);
  return set;
}

// ---------------------------------------------------------------------------------------------------
// The pattern as a tree

type PatternNode =
  | { readonly kind: 'chars'; readonly set: CharSet }
  | { readonly kind: 'empty' }
  | { readonly kind: 'concat'; readonly items: readonly PatternNode[] }
  | { readonly kind: 'alternate'; readonly items: readonly PatternNode[] }
  | {
      readonly kind: 'repeat';
      readonly body: PatternNode;
      readonly min: number;
      readonly max: number;
      /** Where the repeated part and its quantifier are in the pattern. */
      readonly start: number;
      readonly end: number;
    };

interface Flags {
  caseInsensitive: boolean;
  dotAll: boolean;
}

const emptyNode: PatternNode = { kind: 'empty' };

/** Reads RE2 syntax (as re2js accepts it) into a tree; zero-width assertions become empty. */
class PatternReader {
  private position = 0;

  constructor(private readonly text: string) {}

  read(): PatternNode {
    const node = this.alternation({ caseInsensitive: false, dotAll: false });
    return node;
  }

  private peek(offset = 0): string | undefined {
    return this.text[this.position + offset];
  }

  private alternation(outer: Flags): PatternNode {
    const flags = { ...outer };
    const branches: PatternNode[] = [];
    let items: PatternNode[] = [];
    while (this.position < this.text.length) {
      const char = this.peek();
      if (char === ')') break;
      if (char === '|') {
        branches.push(concat(items));
        items = [];
        this.position += 1;
        continue;
      }
      const start = this.position;
      const atom = this.atom(flags);
      if (atom === undefined) continue; // a flag group such as (?i)
      items.push(this.repeats(atom, start));
    }
    branches.push(concat(items));
    return branches.length === 1 ? branches[0]! : { kind: 'alternate', items: branches };
  }

  private repeats(atom: PatternNode, start: number): PatternNode {
    let node = atom;
    for (;;) {
      const char = this.peek();
      let min: number;
      let max: number;
      if (char === '*' || char === '+' || char === '?') {
        min = char === '+' ? 1 : 0;
        max = char === '?' ? 1 : Number.POSITIVE_INFINITY;
        this.position += 1;
      } else if (char === '{') {
        const counted = /^\{([0-9]+)(,([0-9]*))?\}/.exec(this.text.slice(this.position));
        if (counted === null) return node;
        min = Number(counted[1]);
        max =
          counted[2] === undefined ? min : counted[3] === '' ? Number.POSITIVE_INFINITY : Number(counted[3]);
        this.position += counted[0].length;
      } else {
        return node;
      }
      if (this.peek() === '?') this.position += 1; // non-greedy: the same ambiguity
      node = { kind: 'repeat', body: node, min, max, start, end: this.position };
    }
  }

  private atom(flags: Flags): PatternNode | undefined {
    const char = this.peek()!;
    switch (char) {
      case '(':
        return this.group(flags);
      case '[':
        return this.characterClass(flags);
      case '.':
        this.position += 1;
        return chars(flags.dotAll ? anyChar : negate([[0x0a, 0x0a]]));
      case '^':
      case '$':
        this.position += 1;
        return emptyNode;
      case '\\':
        return this.escape(flags);
      default: {
        const code = this.text.codePointAt(this.position)!;
        this.position += String.fromCodePoint(code).length;
        return literal(code, flags);
      }
    }
  }

  private group(outer: Flags): PatternNode | undefined {
    this.position += 1; // (
    let flags = outer;
    if (this.peek() === '?') {
      const named = /^\?P?<[^>]*>/.exec(this.text.slice(this.position));
      if (named !== null) {
        this.position += named[0].length;
      } else {
        const setting = /^\?([imsU-]*)([:)])/.exec(this.text.slice(this.position))!;
        this.position += setting[0].length;
        const changed = withFlags(outer, setting[1]!);
        if (setting[2] === ')') {
          // (?i) changes the flags of the rest of the enclosing group.
          outer.caseInsensitive = changed.caseInsensitive;
          outer.dotAll = changed.dotAll;
          return undefined;
        }
        flags = changed;
      }
    }
    const inner = this.alternation(flags);
    this.position += 1; // )
    return inner;
  }

  private characterClass(flags: Flags): PatternNode {
    this.position += 1; // [
    const negated = this.peek() === '^';
    if (negated) this.position += 1;
    const ranges: Range[] = [];
    let first = true;
    while (this.peek() !== ']' || first) {
      first = false;
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(this.text.slice(this.position));
      if (posix !== null) {
        this.position += posix[0].length;
        const set = posixClasses[posix[2]!] ?? anyChar;
        ranges.push(...(posix[1] === '^' ? negate(set) : set));
        continue;
      }
      const low = this.classItem();
      if (typeof low !== 'number') {
        ranges.push(...low);
        continue;
      }
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.position += 1;
        const high = this.classItem();
        ranges.push([low, typeof high === 'number' ? high : low]);
      } else {
        ranges.push([low, low]);
      }
    }
    this.position += 1; // ]
    let set = normalise(ranges);
    if (flags.caseInsensitive) set = foldCase(set);
    return chars(negated ? negate(set) : set);
  }

  /** One item of a class: a code point, or a set for \d, \pL and the like. */
  private classItem(): number | CharSet {
    if (this.peek() === '\\') {
      const escaped = this.escapedSet();
      if (escaped !== undefined) return escaped;
      return this.escapedCodePoint();
    }
    const code = this.text.codePointAt(this.position)!;
    this.position += String.fromCodePoint(code).length;
    return code;
  }

  private escape(flags: Flags): PatternNode {
    const next = this.peek(1);
    if (next === 'b' || next === 'B' || next === 'A' || next === 'z') {
      this.position += 2;
      return emptyNode;
    }
    if (next === 'Q') {
      this.position += 2;
      const end = this.text.indexOf('\\E', this.position);
      const quoted = this.text.slice(this.position, end === -1 ? undefined : end);
      this.position = end === -1 ? this.text.length : end + 2;
      return concat([...quoted].map((char) => literal(char.codePointAt(0)!, flags)));
    }
    const set = this.escapedSet();
    if (set !== undefined) return chars(flags.caseInsensitive ? foldCase(set) : set);
    return literal(this.escapedCodePoint(), flags);
  }

  /** \d \s \w (and their negations) and \p classes, or undefined for any other escape. */
  private escapedSet(): CharSet | undefined {
    const next = this.peek(1);
    const perl: Record<string, CharSet> = { d: digit, s: space, w: word };
    if (next !== undefined && next.toLowerCase() in perl) {
      this.position += 2;
      const set = perl[next.toLowerCase()]!;
      return next === next.toUpperCase() ? negate(set) : set;
    }
    if (next === 'p' || next === 'P') {
      this.position += 2;
      let name: string;
      if (this.peek() === '{') {
        const close = this.text.indexOf('}', this.position);
        name = this.text.slice(this.position + 1, close);
        this.position = close + 1;
      } else {
        name = this.peek()!;
        this.position += 1;
      }
      let negated = next === 'P';
      if (name.startsWith('^')) {
        negated = !negated;
        name = name.slice(1);
      }
      const set = unicodeClass(name);
      return negated ? negate(set) : set;
    }
    return undefined;
  }

  /** A character escape: \n, \x41, \x{10FFFF}, \012, \. and the like. */
  private escapedCodePoint(): number {
    this.position += 1; // backslash
    const char = this.peek()!;
    const controls: Record<string, number> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };
    if (char in controls) {
      this.position += 1;
      return controls[char]!;
    }
    if (char === 'x') {
      const hex = /^x(?:\{([0-9A-Fa-f]+)\}|([0-9A-Fa-f]{2}))/.exec(this.text.slice(this.position))!;
      this.position += hex[0].length;
      return Number.parseInt(hex[1] ?? hex[2]!, 16);
    }
    if (/[0-7]/.test(char)) {
      const octal = /^[0-7]{1,3}/.exec(this.text.slice(this.position))![0];
      this.position += octal.length;
      return Number.parseInt(octal, 8);
    }
    const code = this.text.codePointAt(this.position)!;
    this.position += String.fromCodePoint(code).length;
    return code;
  }
}

function withFlags(flags: Flags, letters: string): Flags {
  const result = { ...flags };
  let on = true;
  for (const letter of letters) {
    if (letter === '-') on = false;
    else if (letter === 'i') result.caseInsensitive = on;
    else if (letter === 's') result.dotAll = on;
  }
  return result;
}

function chars(set: CharSet): PatternNode {
  return { kind: 'chars', set };
}

function literal(code: number, flags: Flags): PatternNode {
  const set: CharSet = [[code, code]];
  return chars(flags.caseInsensitive ? foldCase(set) : set);
}

function concat(items: PatternNode[]): PatternNode {
  if (items.length === 0) return emptyNode;
  return items.length === 1 ? items[0]! : { kind: 'concat', items };
}

// ---------------------------------------------------------------------------------------------------
// The position automaton

interface Fragment {
  readonly first: readonly number[];
  readonly last: readonly number[];
  readonly nullable: boolean;
}

const emptyFragment: Fragment = { first: [], last: [], nullable: true };

/** A repeated part of the pattern: the positions built inside it and its place in the text. */
interface RepeatedPart {
  readonly low: number;
  readonly high: number;
  readonly start: number;
  readonly end: number;
  readonly unbounded: boolean;
}

class PositionAutomaton {
  /** The characters each position reads. */
  readonly sets: CharSet[] = [];
  /** The positions each position may go on to, once per way (a repeated target is two transitions). */
  readonly follow: number[][] = [];
  private readonly parts: RepeatedPart[] = [];
  private steps = 0;

  build(node: PatternNode): Fragment {
    this.steps += 1;
    if (this.steps > maxBuildSteps) throw tooLarge();
    switch (node.kind) {
      case 'empty':
        return emptyFragment;
      case 'chars': {
        // A set that matches nothing (such as [^\x00-\x{10FFFF}]) makes no position: nothing passes it.
        if (node.set.length === 0) return { first: [], last: [], nullable: false };
        if (this.sets.length >= MAX_PATTERN_POSITIONS) throw tooLarge();
        const position = this.sets.length;
        this.sets.push(node.set);
        this.follow.push([]);
        return { first: [position], last: [position], nullable: false };
      }
      case 'concat':
        return node.items.reduce<Fragment>((left, item) => this.join(left, this.build(item)), emptyFragment);
      case 'alternate': {
        const parts = node.items.map((item) => this.build(item));
        return {
          first: parts.flatMap((part) => part.first),
          last: parts.flatMap((part) => part.last),
          nullable: parts.some((part) => part.nullable),
        };
      }
      case 'repeat':
        return this.repeat(node);
    }
  }

  private repeat(node: Extract<PatternNode, { kind: 'repeat' }>): Fragment {
    const low = this.sets.length;
    const unbounded = node.max === Number.POSITIVE_INFINITY;
    // Mandatory copies first: x{3,} is x x x+ and x{2,4} is x x (x (x)?)?, as a backtracking engine
    // counts its way through them.
    const mandatory = unbounded ? Math.max(node.min - 1, 0) : node.min;
    let result = emptyFragment;
    for (let copy = 0; copy < mandatory; copy++) result = this.join(result, this.build(node.body));
    if (unbounded) {
      const body = this.build(node.body);
      this.connect(body.last, body.first);
      const loop = { ...body, nullable: body.nullable || node.min === 0 };
      result = this.join(result, loop);
    } else {
      const optional: Fragment[] = [];
      for (let copy = node.min; copy < node.max; copy++) optional.push(this.build(node.body));
      let tail = emptyFragment;
      for (const part of optional.reverse()) tail = { ...this.join(part, tail), nullable: true };
      result = this.join(result, tail);
    }
    this.parts.push({ low, high: this.sets.length, start: node.start, end: node.end, unbounded });
    return result;
  }

  private join(left: Fragment, right: Fragment): Fragment {
    this.connect(left.last, right.first);
    return {
      first: left.nullable ? [...left.first, ...right.first] : left.first,
      last: right.nullable ? [...left.last, ...right.last] : right.last,
      nullable: left.nullable && right.nullable,
    };
  }

  private connect(from: readonly number[], to: readonly number[]): void {
    for (const source of from) this.follow[source]!.push(...to);
  }

  /**
   * The text span of the smallest repeated part (only unbounded ones when `unboundedOnly`) holding every
   * one of `positions`; of parts holding the same positions, the widest text (`(a+)+`, not `a+`). The
   * whole pattern when none does.
   */
  partAround(positions: readonly number[], unboundedOnly: boolean): [number, number] {
    const low = Math.min(...positions);
    const high = Math.max(...positions);
    let best: RepeatedPart | undefined;
    for (const part of this.parts) {
      if ((unboundedOnly && !part.unbounded) || part.low > low || high >= part.high) continue;
      const size = part.high - part.low;
      const bestSize = best === undefined ? Number.POSITIVE_INFINITY : best.high - best.low;
      if (size < bestSize || (size === bestSize && part.end - part.start > best!.end - best!.start))
        best = part;
    }
    return best === undefined ? [0, Number.POSITIVE_INFINITY] : [best.start, best.end];
  }
}

function tooLarge(): PatternTooLargeError {
  return new PatternTooLargeError(
    `its counted repetitions make it longer than ${MAX_PATTERN_POSITIONS} characters once expanded, which ` +
      'is more than the check for exponential backtracking examines; use smaller counts',
  );
}

// ---------------------------------------------------------------------------------------------------
// Ambiguity of one loop

function isCycle(component: readonly number[], follow: readonly (readonly number[])[]): boolean {
  if (component.length > 1) return true;
  const only = component[0]!;
  return follow[only]!.includes(only);
}

/**
 * Whether two different paths read the same text around a cycle of `component` (a strongly connected
 * set of positions): two transitions from one position to the same position, or, in the square of the
 * component's automaton, a pair of different positions on a cycle through a pair of equal ones.
 */
function ambiguousLoop(component: readonly number[], automaton: PositionAutomaton): boolean {
  const size = component.length;
  const local = new Map(component.map((position, index) => [position, index]));
  const edges: number[][] = component.map((position) => {
    const targets: number[] = [];
    for (const target of automaton.follow[position]!) {
      const index = local.get(target);
      if (index !== undefined) targets.push(index);
    }
    return targets;
  });
  for (const targets of edges) {
    if (new Set(targets).size !== targets.length) return true;
  }
  const transitions = edges.reduce((sum, targets) => sum + targets.length, 0);
  if (transitions * transitions > maxSquareTransitions) {
    throw new PatternTooLargeError(
      `one of its repeated parts is too large (${transitions} transitions) for the check for exponential ` +
        'backtracking; split it, or use smaller counts',
    );
  }
  const compatible = new Uint8Array(size * size); // 0 unknown, 1 the two positions share a character, 2 not
  const sharesCharacter = (a: number, b: number): boolean => {
    const cell = a * size + b;
    if (compatible[cell] === 0) {
      const shared = a === b || intersects(automaton.sets[component[a]!]!, automaton.sets[component[b]!]!);
      compatible[cell] = shared ? 1 : 2;
      compatible[b * size + a] = shared ? 1 : 2;
    }
    return compatible[cell] === 1;
  };
  const successors = (pair: number): number[] => {
    const p = Math.floor(pair / size);
    const q = pair % size;
    const result: number[] = [];
    for (const r of edges[p]!) {
      for (const s of edges[q]!) if (sharesCharacter(r, s)) result.push(r * size + s);
    }
    return result;
  };
  const diagonal = range(size).map((index) => index * size + index);
  for (const pairs of stronglyConnected(size * size, successors, diagonal)) {
    const hasEqual = pairs.some((pair) => Math.floor(pair / size) === pair % size);
    const hasDifferent = pairs.some((pair) => Math.floor(pair / size) !== pair % size);
    if (hasEqual && hasDifferent) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------
// Loops in a row that can share text

/** States of the triple automaton visited, over all pairs of loops, above which a pattern is too large. */
const maxTripleStates = 2_000_000;

/**
 * The longest chain of loops L1, L2, ... (strongly connected position sets with a cycle) in which each
 * two neighbours can take the same text: some p in Li, q in Li+1 and a text v with p -v-> p,
 * p -v-> q and q -v-> q (Weber and Seidl's condition for polynomial ambiguity). A backtracking engine
 * may try every way of sharing a value among such loops: time of degree the chain's length.
 */
function longestSharingChain(loops: readonly number[][], automaton: PositionAutomaton): number[][] {
  const count = automaton.sets.length;
  const follow = automaton.follow.map((targets) => [...new Set(targets)]);
  const loopOf = new Int32Array(count).fill(-1);
  loops.forEach((loop, index) => {
    for (const position of loop) loopOf[position] = index;
  });
  const preceding: number[][] = Array.from({ length: count }, () => []);
  follow.forEach((targets, source) => {
    for (const target of targets) preceding[target]!.push(source);
  });
  const reaching = (loop: readonly number[]): Uint8Array => closure(count, loop, preceding);
  const reachingLoop = loops.map(reaching);
  const budget = { states: 0 };
  const next: number[][] = loops.map(() => []);
  loops.forEach((from, a) => {
    loops.forEach((to, b) => {
      if (a === b || reachingLoop[b]![from[0]!] !== 1) return;
      if (shareText(from, to, a, b, { follow, loopOf, towards: reachingLoop[b]!, automaton, budget })) {
        next[a]!.push(b);
      }
    });
  });
  const longest = new Map<number, number[]>();
  const chainFrom = (loop: number): number[] => {
    const known = longest.get(loop);
    if (known !== undefined) return known;
    let best: number[] = [];
    for (const successor of next[loop]!) {
      const chain = chainFrom(successor);
      if (chain.length > best.length) best = chain;
    }
    const chain = [loop, ...best];
    longest.set(loop, chain);
    return chain;
  };
  let best: number[] = [];
  loops.forEach((_, index) => {
    const chain = chainFrom(index);
    if (chain.length > best.length) best = chain;
  });
  return best.map((index) => loops[index]!);
}

interface TripleContext {
  readonly follow: readonly (readonly number[])[];
  readonly loopOf: Int32Array;
  /** The positions from which the second loop can be reached. */
  readonly towards: Uint8Array;
  readonly automaton: PositionAutomaton;
  readonly budget: { states: number };
}

/** Whether some p of loop `a` and q of loop `b` have a text v with p -v-> p, p -v-> q and q -v-> q. */
function shareText(
  from: readonly number[],
  to: readonly number[],
  a: number,
  b: number,
  context: TripleContext,
): boolean {
  const count = context.automaton.sets.length;
  const { follow, loopOf, towards, budget } = context;
  const sets = context.automaton.sets;
  const key = (x: number, y: number, z: number): number => (x * count + y) * count + z;
  for (const p of from) {
    for (const q of to) {
      const seen = new Set<number>([key(p, p, q)]);
      const queue: [number, number, number][] = [[p, p, q]];
      while (queue.length > 0) {
        const [x, y, z] = queue.pop()!;
        for (const x2 of follow[x]!) {
          if (loopOf[x2] !== a) continue;
          for (const y2 of follow[y]!) {
            if (towards[y2] !== 1) continue;
            const shared = intersection(sets[x2]!, sets[y2]!);
            if (shared.length === 0) continue;
            for (const z2 of follow[z]!) {
              if (loopOf[z2] !== b || !intersects(shared, sets[z2]!)) continue;
              if (x2 === p && y2 === q && z2 === q) return true;
              const state = key(x2, y2, z2);
              if (seen.has(state)) continue;
              seen.add(state);
              budget.states += 1;
              if (budget.states > maxTripleStates) {
                throw new PatternTooLargeError(
                  'it has too many repeated parts in a row for the check for slow backtracking; simplify it',
                );
              }
              queue.push([x2, y2, z2]);
            }
          }
        }
      }
    }
  }
  return false;
}

function intersection(a: CharSet, b: CharSet): CharSet {
  const result: Range[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [aLow, aHigh] = a[i]!;
    const [bLow, bHigh] = b[j]!;
    const low = Math.max(aLow, bLow);
    const high = Math.min(aHigh, bHigh);
    if (low <= high) result.push([low, high]);
    if (aHigh < bHigh) i += 1;
    else j += 1;
  }
  return result;
}

/** The nodes reachable from `starts` (included) along `edges`, as a 0/1 array. */
function closure(
  count: number,
  starts: readonly number[],
  edges: readonly (readonly number[])[],
): Uint8Array {
  const reached = new Uint8Array(count);
  const queue = [...starts];
  for (const start of starts) reached[start] = 1;
  while (queue.length > 0) {
    const node = queue.pop()!;
    for (const other of edges[node]!) {
      if (reached[other] === 0) {
        reached[other] = 1;
        queue.push(other);
      }
    }
  }
  return reached;
}

// ---------------------------------------------------------------------------------------------------
// Graphs

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}

/**
 * The strongly connected components reachable from `roots` (Tarjan's algorithm without recursion, so
 * a large graph cannot exhaust the stack). Each node's successors are asked for once.
 */
function stronglyConnected(
  count: number,
  successorsOf: (node: number) => readonly number[],
  roots: readonly number[],
): number[][] {
  const order = new Int32Array(count).fill(-1);
  const lowest = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  for (const root of roots) {
    if (order[root] !== -1) continue;
    const frames: { node: number; successors: readonly number[]; next: number }[] = [];
    const enter = (node: number): void => {
      order[node] = counter;
      lowest[node] = counter;
      counter += 1;
      stack.push(node);
      onStack[node] = 1;
      frames.push({ node, successors: successorsOf(node), next: 0 });
    };
    enter(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      if (frame.next < frame.successors.length) {
        const successor = frame.successors[frame.next]!;
        frame.next += 1;
        if (order[successor] === -1) enter(successor);
        else if (onStack[successor] === 1)
          lowest[frame.node] = Math.min(lowest[frame.node]!, order[successor]!);
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent !== undefined) lowest[parent.node] = Math.min(lowest[parent.node]!, lowest[frame.node]!);
      if (lowest[frame.node] === order[frame.node]) {
        const component: number[] = [];
        let member: number;
        do {
          member = stack.pop()!;
          onStack[member] = 0;
          component.push(member);
        } while (member !== frame.node);
        components.push(component);
      }
    }
  }
  return components;
}
