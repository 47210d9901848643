// Keeps opened secrets out of reports: any plaintext the agent rendered is cut out of a message
// (a check command or a service may echo the file it was given).

/** Plaintexts shorter than this are not redacted (they would blank out ordinary words). */
const shortest = 4;

/**
 * `message` with every occurrence of each secret replaced by `[sealed value]`.
 *
 * @example
 * redact('auth failed for s3cret-pw', ['s3cret-pw']); // 'auth failed for [sealed value]'
 */
export function redact(message: string, secrets: Iterable<string>): string {
  let text = message;
  for (const secret of secrets) {
    if (secret.length >= shortest) text = text.replaceAll(secret, '[sealed value]');
  }
  return text;
}
