// The errors of configuration changes: one class per failure, each with a stable `code`.

/**
 * Every code an error of the config module carries.
 *
 * @example
 * if (err instanceof ConfigError && err.code === 'KEY_CHANGED') showConflicts(err.conflicts);
 */
export type ConfigErrorCode =
  | 'KEY_NOT_FOUND'
  | 'KEY_CHANGED'
  | 'VALUE_INVALID'
  | 'VALUE_TOO_LARGE'
  | 'CHANGE_TOO_LARGE'
  | 'CHANGE_EMPTY'
  | 'DIRECTORY_NOT_FOUND'
  | 'DIRECTORY_EXISTS'
  | 'DIRECTORY_NOT_EMPTY'
  | 'CHANGESET_NOT_FOUND'
  | 'CHANGESET_CHANGED'
  | 'DIRECTORY_CHANGED'
  | 'VALUE_NOT_KEPT'
  | 'REVISION_INVALID'
  | 'TEMPLATE_VALUE_INVALID'
  | 'DIRECTORY_HAS_TEMPLATE'
  | 'DIRECTORY_HAS_NO_TEMPLATE';

/**
 * The base of every error this module throws.
 *
 * @example
 * try { await putKey(client, input); } catch (err) { if (err instanceof ConfigError) console.error(err.code); }
 */
export abstract class ConfigError extends Error {
  abstract readonly code: ConfigErrorCode;
}

/**
 * The key does not exist (at the revision asked for).
 *
 * @example
 * await readKey(client, 'hack/missing'); // throws KeyNotFoundError
 */
export class KeyNotFoundError extends ConfigError {
  readonly code = 'KEY_NOT_FOUND';
  override readonly name = 'KeyNotFoundError';
  constructor(
    readonly key: string,
    revision?: number,
  ) {
    super(
      `key '${key}' does not exist${revision === undefined ? '' : ` at revision ${revision}`}; list the directory to see its keys`,
    );
  }
}

/**
 * One key a change expected at one revision that is now at another.
 *
 * @example
 * { key: 'hack/port', expected: 41, current: 57, currentValue: '5001' }
 */
export interface KeyConflict {
  readonly key: string;
  /** The mod_revision the change was based on (0: the key was not to exist). */
  readonly expected: number;
  /** Its mod_revision now (0: it does not exist now). */
  readonly current: number;
  /** Its value now, when it exists and is not sealed. */
  readonly currentValue?: string;
  readonly currentSealed?: boolean;
}

/**
 * Someone changed keys since the change was based on them: nothing was written. Read them again
 * (the conflicts say each key's current revision) and redo the change.
 *
 * @example
 * catch (err) { if (err instanceof KeyChangedError) for (const c of err.conflicts) console.log(c.key, c.current); }
 */
export class KeyChangedError extends ConfigError {
  readonly code = 'KEY_CHANGED';
  override readonly name = 'KeyChangedError';
  constructor(readonly conflicts: readonly KeyConflict[]) {
    const first = conflicts[0];
    const more = conflicts.length > 1 ? ` (and ${conflicts.length - 1} more)` : '';
    super(
      first === undefined
        ? 'the keys changed meanwhile; nothing was written; read them again and redo the change'
        : `'${first.key}' changed meanwhile: expected revision ${first.expected}, it is at ${first.current}${more}; nothing was written; read it again and redo the change`,
    );
  }
}

/**
 * A value that cannot be stored as given (not text, or sealed-looking text typed by hand).
 *
 * @example
 * await putKey(client, { key, value: 'setpoint:sealed:v1:...' }); // throws ValueInvalidError
 */
export class ValueInvalidError extends ConfigError {
  readonly code = 'VALUE_INVALID';
  override readonly name = 'ValueInvalidError';
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`the value for '${key}' ${reason}`);
  }
}

/**
 * A value over the size limit.
 *
 * @example
 * await putKey(client, { key, value: 'x'.repeat(2_000_000) }); // throws ValueTooLargeError
 */
export class ValueTooLargeError extends ConfigError {
  readonly code = 'VALUE_TOO_LARGE';
  override readonly name = 'ValueTooLargeError';
  constructor(
    readonly key: string,
    bytes: number,
    limit: number,
  ) {
    super(
      `the value for '${key}' is ${bytes} bytes and values are at most ${limit} bytes; store large files elsewhere and keep their location here`,
    );
  }
}

/**
 * A change touching more keys than one etcd transaction takes.
 *
 * @example
 * await commitChange(client, { ops: twoHundredOps, ... }); // throws ChangeTooLargeError
 */
export class ChangeTooLargeError extends ConfigError {
  readonly code = 'CHANGE_TOO_LARGE';
  override readonly name = 'ChangeTooLargeError';
  constructor(keys: number, limit: number) {
    super(
      `the change touches ${keys} keys and one change holds at most ${limit} (etcd's --max-txn-ops less Setpoint's record); split it into smaller change sets`,
    );
  }
}

/**
 * A change with nothing in it.
 *
 * @example
 * await publishChangeSet(client, emptyDraft); // throws ChangeEmptyError
 */
export class ChangeEmptyError extends ConfigError {
  readonly code = 'CHANGE_EMPTY';
  override readonly name = 'ChangeEmptyError';
  constructor(what: string) {
    super(`${what} holds no change; stage a put or a delete first`);
  }
}

/**
 * The directory has neither metadata nor keys.
 *
 * @example
 * await readDirectoryInfo(client, 'nope'); // throws DirectoryNotFoundError
 */
export class DirectoryNotFoundError extends ConfigError {
  readonly code = 'DIRECTORY_NOT_FOUND';
  override readonly name = 'DirectoryNotFoundError';
  constructor(readonly directory: string) {
    super(`directory '${directory}' does not exist; create it first (POST /api/v1/directories)`);
  }
}

/**
 * The directory to create exists already.
 *
 * @example
 * await createDirectory(client, { name: 'hack', ... }); // throws DirectoryExistsError the second time
 */
export class DirectoryExistsError extends ConfigError {
  readonly code = 'DIRECTORY_EXISTS';
  override readonly name = 'DirectoryExistsError';
  constructor(readonly directory: string) {
    super(`directory '${directory}' exists already; change its metadata with PATCH instead`);
  }
}

/**
 * The directory to delete still holds keys, and deleting them was not asked for.
 *
 * @example
 * await deleteDirectory(client, { name: 'hack' }); // throws DirectoryNotEmptyError
 */
export class DirectoryNotEmptyError extends ConfigError {
  readonly code = 'DIRECTORY_NOT_EMPTY';
  override readonly name = 'DirectoryNotEmptyError';
  constructor(
    readonly directory: string,
    readonly keyCount: number,
  ) {
    super(
      `directory '${directory}' still holds ${keyCount} key${keyCount === 1 ? '' : 's'}; delete them first, or ask for them to be deleted with it (?force=true)`,
    );
  }
}

/**
 * No staged change set with this id in this directory.
 *
 * @example
 * await readChangeSet(client, 'hack', 'nope'); // throws ChangeSetNotFoundError
 */
export class ChangeSetNotFoundError extends ConfigError {
  readonly code = 'CHANGESET_NOT_FOUND';
  override readonly name = 'ChangeSetNotFoundError';
  constructor(
    readonly directory: string,
    readonly id: string,
  ) {
    super(
      `no staged change set '${id}' in '${directory}' (published or discarded already?); list them with GET /api/v1/directories/${directory}/changesets`,
    );
  }
}

/**
 * A revision that is not one to read at (zero, negative, in the future).
 *
 * @example
 * await directoryStateAt(client, 'hack', 99_999_999); // throws RevisionInvalidError
 */
export class RevisionInvalidError extends ConfigError {
  readonly code = 'REVISION_INVALID';
  override readonly name = 'RevisionInvalidError';
  constructor(revision: number, reason: string) {
    super(`revision ${revision} ${reason}`);
  }
}

/**
 * The change set changed since it was read (someone staged or unstaged in it): nothing was written.
 *
 * @example
 * await publishChangeSet(client, 'hack', id, author, { expect: 12 }); // throws ChangeSetChangedError
 */
export class ChangeSetChangedError extends ConfigError {
  readonly code = 'CHANGESET_CHANGED';
  override readonly name = 'ChangeSetChangedError';
  constructor(
    readonly directory: string,
    readonly id: string,
    readonly currentRevision?: number,
  ) {
    super(
      `change set '${id}' in '${directory}' changed meanwhile (someone staged in it); nothing was written; read it again and retry`,
    );
  }
}

/**
 * The directory's metadata changed since it was read: nothing was written.
 *
 * @example
 * await updateDirectory(client, 'hack', { description: 'x', expect: 4 }, author); // throws DirectoryChangedError
 */
export class DirectoryChangedError extends ConfigError {
  readonly code = 'DIRECTORY_CHANGED';
  override readonly name = 'DirectoryChangedError';
  constructor(
    readonly directory: string,
    expected: number,
  ) {
    super(
      `directory '${directory}' was changed since revision ${expected} (or one of its recipients was removed); nothing was written; read it again and retry`,
    );
  }
}

/**
 * A past value the history recorder could not keep (too large), so a state holding it cannot be
 * rebuilt after etcd compacted it.
 *
 * @example
 * await rollback(client, 'hack/', 12, author, { dryRun: true }); // throws ValueNotKeptError
 */
export class ValueNotKeptError extends ConfigError {
  readonly code = 'VALUE_NOT_KEPT';
  override readonly name = 'ValueNotKeptError';
  constructor(
    readonly key: string,
    revision: number,
  ) {
    super(
      `the value '${key}' had at revision ${revision} was too large for the history to keep, and etcd has compacted it; restore it from a backup (setpoint backup restore --at ${revision})`,
    );
  }
}

/**
 * A problem of a write to a directory made from a template: the key, its path in the directory, what
 * is wrong, the spec's description and patterns; never the value of a sensitive spec.
 *
 * @example
 * { key: 'hack/storage/swift/authurl', path: 'storage/swift/authurl', reason: '"ftp://x" does not match ...', description: 'The URL ...', regex: ['https?://.+'] }
 */
export interface TemplateProblem {
  readonly key: string;
  readonly path: string;
  readonly reason: string;
  readonly description: string;
  readonly regex?: readonly string[];
}

/**
 * A write to a directory made from a template breaks it (a value breaks its spec's type, pattern,
 * enum, range or length, a required key would go, a key would sit below a single value): nothing
 * was written. `problems` lists each.
 *
 * @example
 * await putKey(client, { key: 'hack/storage/swift/authurl', value: 'ftp://x' }, author); // throws TemplateValueInvalidError
 */
export class TemplateValueInvalidError extends ConfigError {
  readonly code = 'TEMPLATE_VALUE_INVALID';
  override readonly name = 'TemplateValueInvalidError';
  constructor(
    readonly directory: string,
    /** The template, as `chart version (flavor)`. */
    template: string,
    readonly problems: readonly TemplateProblem[],
  ) {
    const first = problems[0];
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    super(
      first === undefined
        ? `the change breaks the template ${template} of '${directory}'; nothing was written`
        : `'${first.key}' ${first.reason} (${first.description || 'the template gives no description'})${more}; ` +
            `directory '${directory}' follows the template ${template}, nothing was written; correct the value (GET /api/v1/directories/${directory}/template shows every rule)`,
    );
  }
}

/**
 * Instantiating a template into a directory that was already made from one.
 *
 * @example
 * await applyTemplate(client, 'hack', input, author, { dryRun: false }); // throws DirectoryHasTemplateError the second time
 */
export class DirectoryHasTemplateError extends ConfigError {
  readonly code = 'DIRECTORY_HAS_TEMPLATE';
  override readonly name = 'DirectoryHasTemplateError';
  constructor(
    readonly directory: string,
    template: string,
  ) {
    super(
      `directory '${directory}' was made from the template ${template} already; move it to another version with ` +
        `'setpoint catalog upgrade ${directory} VERSION', or make another directory`,
    );
  }
}

/**
 * Reading or upgrading the template of a directory that was not made from one.
 *
 * @example
 * await readDirectoryTemplate(client, 'plain'); // throws DirectoryHasNoTemplateError
 */
export class DirectoryHasNoTemplateError extends ConfigError {
  readonly code = 'DIRECTORY_HAS_NO_TEMPLATE';
  override readonly name = 'DirectoryHasNoTemplateError';
  constructor(readonly directory: string) {
    super(
      `directory '${directory}' was not made from a template; make one from a chart with 'setpoint catalog apply CHART VERSION FLAVOR DIR'`,
    );
  }
}
