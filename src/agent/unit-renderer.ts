// Turns a unit's directory, as it is at one revision, into the bytes of its file: sealed values
// opened with the agent's private key, keys mapped to a document, the document formatted (or a
// template filled in), and the result parsed back to prove it reads as what was meant.
import { readFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { isSealed, openText, type PrivateKey, recipientsOf } from '../crypto/index.js';
import {
  compileTemplate,
  type DirectoryEntry,
  type DocumentValue,
  formatDocument,
  formatFromFileName,
  keysToDocument,
  parseDocument,
  type ScalarType,
} from '../render/index.js';
import { AgentConfigError, ApplyStageError } from './errors.js';
import type { Unit } from './unit.js';

/**
 * A rendered file: its bytes, and the plaintexts of the sealed values in it (so reports can
 * redact them).
 *
 * @example
 * const { bytes, secrets } = await renderer.render(values);
 */
export interface RenderedFile {
  bytes: Buffer;
  secrets: string[];
}

/**
 * Renders one unit. Opened values are cached by their sealed text, so a change to another key does
 * not decrypt every secret again.
 *
 * @example
 * const renderer = await UnitRenderer.create(unit, privateKey);
 * const file = await renderer.render(new Map([['hack/http/addr', ':5000']]));
 */
export class UnitRenderer {
  private opened = new Map<string, string>();

  private constructor(
    private readonly unit: Unit,
    private readonly privateKey: PrivateKey | undefined,
    private readonly template: ((document: { [key: string]: DocumentValue }) => string) | undefined,
  ) {}

  /** Reads and compiles the unit's template, if any; a missing or broken one is a configuration error. */
  static async create(unit: Unit, privateKey: PrivateKey | undefined): Promise<UnitRenderer> {
    const path = unit.output.template;
    if (path === undefined) return new UnitRenderer(unit, privateKey, undefined);
    try {
      return new UnitRenderer(unit, privateKey, compileTemplate(await readFile(path, 'utf8'), path));
    } catch (error) {
      throw new AgentConfigError(`the template of unit '${unit.name}'`, [(error as Error).message]);
    }
  }

  /**
   * Renders the directory's `values` (full etcd keys -> stored values); `types` (keys relative to the
   * directory -> type, from the template the directory follows) wins over the plain scalar rules.
   * Throws `ApplyStageError` when a value cannot be opened, the directory is empty, or the result
   * does not read back.
   */
  async render(
    values: ReadonlyMap<string, string>,
    { types }: { types?: ReadonlyMap<string, ScalarType> | undefined } = {},
  ): Promise<RenderedFile> {
    const prefix = `${this.unit.directory}/`;
    const entries: DirectoryEntry[] = [];
    const secrets: string[] = [];
    const stillSealed = new Map<string, string>();
    for (const [key, stored] of values) {
      let value = stored;
      if (isSealed(stored)) {
        value = await this.open(key, stored);
        secrets.push(value);
        stillSealed.set(stored, value);
      }
      entries.push({ key: key.slice(prefix.length), value });
    }
    this.opened = stillSealed;
    if (entries.length === 0) {
      throw new ApplyStageError(
        'AGENT_RENDER_FAILED',
        this.unit.name,
        `directory '${this.unit.directory}' holds no keys; the agent keeps the file as it is rather than write an empty one`,
      );
    }
    try {
      const document = keysToDocument(entries, types === undefined ? {} : { types });
      const text = this.template !== undefined ? this.fill(this.template, document) : this.format(document);
      return { bytes: Buffer.from(text, 'utf8'), secrets };
    } catch (error) {
      if (error instanceof ApplyStageError) throw error;
      throw new ApplyStageError('AGENT_RENDER_FAILED', this.unit.name, (error as Error).message, {
        cause: error,
      });
    }
  }

  /** Formats the document and proves the text parses back to the same document. */
  private format(document: { [key: string]: DocumentValue }): string {
    const format = this.unit.output.format ?? formatFromFileName(this.unit.output.path) ?? 'yaml';
    const text = formatDocument(document, format);
    if (format === 'yaml' || format === 'json' || format === 'toml') {
      const back = parseDocument(text, format, this.unit.output.path);
      if (!isDeepStrictEqual(back, document)) {
        throw new ApplyStageError(
          'AGENT_CHECK_FAILED',
          this.unit.name,
          `the rendered ${format} does not read back as the directory's document; the file was not written`,
        );
      }
    }
    return text;
  }

  /** Fills the template; when the file's name tells its format, the result must parse as it. */
  private fill(
    template: (document: { [key: string]: DocumentValue }) => string,
    document: { [key: string]: DocumentValue },
  ): string {
    const text = template(document);
    const format = formatFromFileName(this.unit.output.path);
    if (format !== undefined) parseDocument(text, format, this.unit.output.path);
    return text;
  }

  private async open(key: string, sealed: string): Promise<string> {
    const cached = this.opened.get(sealed);
    if (cached !== undefined) return cached;
    if (this.privateKey === undefined) {
      throw new ApplyStageError(
        'AGENT_SECRET_UNREADABLE',
        this.unit.name,
        `'${key}' holds a sealed value and the agent has no private key; set PRIVATE_KEY (or privateKey in agent.yaml)`,
      );
    }
    try {
      return await openText(sealed, { key, privateKey: this.privateKey });
    } catch (error) {
      let recipients = 'unknown recipients';
      try {
        recipients = `recipients ${recipientsOf(sealed).join(', ')}`;
      } catch {}
      throw new ApplyStageError(
        'AGENT_SECRET_UNREADABLE',
        this.unit.name,
        `cannot open the sealed value of '${key}' with the agent's key ${this.privateKey.publicKey.keyId} ` +
          `(it is sealed to ${recipients}); add the agent's public key to the directory's recipients and ` +
          "run 'setpoint secrets rewrap', or put the value again",
        { cause: error },
      );
    }
  }
}
