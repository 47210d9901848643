// Finds the first armoured block (`-----BEGIN LABEL-----` ... `-----END LABEL-----`) in key text.

/**
 * An armoured block: its label (`RSA PRIVATE KEY`, `OPENSSH PRIVATE KEY`...) and its full text.
 *
 * @example
 * findArmour(text); // { label: 'PRIVATE KEY', block: '-----BEGIN PRIVATE KEY-----\n...' }
 */
export interface Armour {
  readonly label: string;
  /** From BEGIN to the end of the matching END line; undefined when the END line is missing. */
  readonly block: string | undefined;
}

const begin = /-----BEGIN ([A-Z0-9 ]+)-----/;

/**
 * The first armoured block in the text, or undefined when there is none.
 *
 * @example
 * findArmour('-----BEGIN PUBLIC KEY-----\nMCow...\n-----END PUBLIC KEY-----\n')?.label; // 'PUBLIC KEY'
 */
export function findArmour(text: string): Armour | undefined {
  const opening = begin.exec(text);
  if (opening === null) return undefined;
  const label = opening[1]!;
  const endLine = `-----END ${label}-----`;
  const end = text.indexOf(endLine, opening.index);
  const block = end === -1 ? undefined : `${text.slice(opening.index, end + endLine.length)}\n`;
  return { label, block };
}
