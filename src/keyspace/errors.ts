// The errors of Setpoint's keyspace: one class per failure, each with a stable `code`.

/**
 * Every code an error of the keyspace module carries.
 *
 * @example
 * if (err instanceof KeyspaceError && err.code === 'RECIPIENT_IN_USE') console.error(err.directories);
 */
export type KeyspaceErrorCode =
  | 'KEY_NAME_INVALID'
  | 'RECIPIENT_NAME_INVALID'
  | 'RECIPIENT_NAME_TAKEN'
  | 'RECIPIENT_KEY_ALREADY_ADDED'
  | 'RECIPIENT_NOT_FOUND'
  | 'RECIPIENT_IN_USE'
  | 'DIRECTORY_HAS_NO_RECIPIENTS'
  | 'KEYSPACE_RECORD_INVALID'
  | 'KEYSPACE_CONTENDED';

/**
 * The base of every error this module throws.
 *
 * @example
 * try { validateKeyName(key); } catch (err) { if (err instanceof KeyspaceError) console.error(err.code); }
 */
export abstract class KeyspaceError extends Error {
  abstract readonly code: KeyspaceErrorCode;
}

/**
 * A key name breaks the keyspace rules; the message says what, in which segment, and what to do.
 *
 * @example
 * validateKeyName('hack/../etc'); // throws KeyNameError
 */
export class KeyNameError extends KeyspaceError {
  readonly code = 'KEY_NAME_INVALID';
  override readonly name = 'KeyNameError';
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`invalid key name ${JSON.stringify(key)}: ${reason}`);
  }
}

/**
 * A recipient name is not letters, digits, `.`, `_` and `-`.
 *
 * @example
 * validateRecipientName('team a'); // throws RecipientNameError
 */
export class RecipientNameError extends KeyspaceError {
  readonly code = 'RECIPIENT_NAME_INVALID';
  override readonly name = 'RecipientNameError';
  constructor(readonly recipient: string) {
    super(
      `invalid recipient name ${JSON.stringify(recipient)}: use 1 to 128 letters, digits, '.', '_' or '-' ` +
        `(for example 'team-a-agent')`,
    );
  }
}

/**
 * The name is already registered for a different public key.
 *
 * @example
 * await addRecipientKey(client, 'team-a', otherKey); // throws RecipientNameTakenError
 */
export class RecipientNameTakenError extends KeyspaceError {
  readonly code = 'RECIPIENT_NAME_TAKEN';
  override readonly name = 'RecipientNameTakenError';
  constructor(
    readonly recipient: string,
    readonly keyId: string,
  ) {
    super(
      `cannot add key '${recipient}': that name is already registered for another public key (key id ${keyId}); ` +
        `choose another name, or remove the old key first with 'setpoint keys rm ${recipient}'`,
    );
  }
}

/**
 * The same public key is already registered under another name.
 *
 * @example
 * await addRecipientKey(client, 'copy', sameKey); // throws RecipientKeyAlreadyAddedError
 */
export class RecipientKeyAlreadyAddedError extends KeyspaceError {
  readonly code = 'RECIPIENT_KEY_ALREADY_ADDED';
  override readonly name = 'RecipientKeyAlreadyAddedError';
  constructor(
    readonly recipient: string,
    readonly existing: string,
    readonly keyId: string,
  ) {
    super(
      `cannot add key '${recipient}': the same public key (key id ${keyId}) is already registered as ` +
        `'${existing}'; use that name`,
    );
  }
}

/**
 * One or more recipient names are not registered.
 *
 * @example
 * await useRecipients(client, 'team-a', ['nobody']); // throws RecipientNotFoundError
 */
export class RecipientNotFoundError extends KeyspaceError {
  readonly code = 'RECIPIENT_NOT_FOUND';
  override readonly name = 'RecipientNotFoundError';
  constructor(readonly recipients: readonly string[]) {
    const list = recipients.map((r) => `'${r}'`).join(', ');
    super(
      `no public key is registered as ${list}; register it with 'setpoint keys add NAME FILE' ` +
        `(see 'setpoint keys ls')`,
    );
  }
}

/**
 * A key cannot be removed while directories still seal to it.
 *
 * @example
 * await removeRecipientKey(client, 'team-a'); // throws RecipientInUseError, err.directories === ['team-a']
 */
export class RecipientInUseError extends KeyspaceError {
  readonly code = 'RECIPIENT_IN_USE';
  override readonly name = 'RecipientInUseError';
  constructor(
    readonly recipient: string,
    readonly directories: readonly string[],
  ) {
    const list = directories.map((d) => `'${d}'`).join(', ');
    super(
      `cannot remove key '${recipient}': directory ${list} still seals values to it; first name other ` +
        `recipients with 'setpoint keys use DIR NAME...' for each, then rewrap their values`,
    );
  }
}

/**
 * A sensitive value cannot be sealed: its directory names no recipients.
 *
 * @example
 * await recipientsOfDirectory(client, 'fresh', { required: true }); // throws DirectoryHasNoRecipientsError
 */
export class DirectoryHasNoRecipientsError extends KeyspaceError {
  readonly code = 'DIRECTORY_HAS_NO_RECIPIENTS';
  override readonly name = 'DirectoryHasNoRecipientsError';
  constructor(readonly directory: string) {
    super(
      `directory '${directory}' has no recipients to seal sensitive values to; name them with ` +
        `'setpoint keys use ${directory} NAME...' (register keys with 'setpoint keys add NAME FILE')`,
    );
  }
}

/**
 * A record under `_setpoint/` is not what Setpoint wrote there (damaged or written by hand).
 *
 * @example
 * await listRecipientKeys(client); // throws KeyspaceRecordError if a key record is not JSON
 */
export class KeyspaceRecordError extends KeyspaceError {
  readonly code = 'KEYSPACE_RECORD_INVALID';
  override readonly name = 'KeyspaceRecordError';
  constructor(
    readonly key: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`the record at '${key}' is damaged: ${reason}; restore it from a backup or remove it`, options);
  }
}

/**
 * Concurrent writers kept changing the records a change depends on; nothing was written.
 *
 * @example
 * await useRecipients(client, 'team-a', ['a']); // after many conflicting writes: KeyspaceContendedError
 */
export class KeyspaceContendedError extends KeyspaceError {
  readonly code = 'KEYSPACE_CONTENDED';
  override readonly name = 'KeyspaceContendedError';
  constructor(what: string, attempts: number) {
    super(
      `${what}: the records it depends on changed ${attempts} times while it ran; nothing was written, try again`,
    );
  }
}
