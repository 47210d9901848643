// Splits a stored sealed value into its JWE and checks the Setpoint-specific structure, without decrypting.
import { decodeProtectedHeader, type GeneralJWE, type JWEHeaderParameters } from 'jose';
import { CONTENT_ENCRYPTION, KEY_IDS_PARAMETER, KEY_NAME_PARAMETER } from './format.js';
import { SEALED_PREFIX } from './prefix.js';

/**
 * A sealed value taken apart: the JWE in its serialization, the etcd key name and the recipients' key
 * ids its protected header claims. Nothing here is authenticated until the JWE is decrypted.
 *
 * @example
 * const parsed = parseSealedValue(stored);
 * if (parsed.form === 'compact') await compactDecrypt(parsed.jwe, privateKey.keyObject);
 */
export type ParsedSealedValue =
  | { form: 'compact'; jwe: string; keyName: string; keyIds: readonly string[] }
  | { form: 'general'; jwe: GeneralJWE; keyName: string; keyIds: readonly string[] };

/**
 * Takes a sealed value apart; throws a plain `Error` saying what is wrong (callers wrap it as the
 * `cause` of a `SealedValueError`). The message names only structure, never content.
 *
 * @example
 * parseSealedValue('setpoint:sealed:v1:eyJhbGciOi...').keyIds; // ['NzbLsXh8...']
 */
export function parseSealedValue(sealed: string): ParsedSealedValue {
  if (typeof sealed !== 'string' || !sealed.startsWith(SEALED_PREFIX)) {
    throw new Error(`not a sealed value: it does not start with '${SEALED_PREFIX}'`);
  }
  const body = sealed.slice(SEALED_PREFIX.length);
  return body.startsWith('{') ? parseGeneral(body) : parseCompact(body);
}

function parseCompact(jwe: string): ParsedSealedValue {
  if (jwe.split('.').length !== 5) throw new Error('the compact JWE does not have five parts');
  const header = decodeProtectedHeader(jwe);
  const keyName = checkSharedHeader(header);
  if (typeof header.kid !== 'string' || header.kid.length === 0) {
    throw new Error('the protected header has no "kid"');
  }
  return { form: 'compact', jwe, keyName, keyIds: [header.kid] };
}

function parseGeneral(body: string): ParsedSealedValue {
  const jwe: unknown = JSON.parse(body);
  if (!isObject(jwe) || !Array.isArray(jwe.recipients) || jwe.recipients.length === 0) {
    throw new Error('the JSON JWE has no "recipients"');
  }
  // Setpoint never writes them; refusing them keeps a value from gaining parts that change nothing.
  if ('aad' in jwe || 'unprotected' in jwe) throw new Error('the JSON JWE has "aad" or "unprotected"');
  const general = jwe as unknown as GeneralJWE;
  const header = decodeProtectedHeader(general);
  const keyName = checkSharedHeader(header);
  const keyIds = header[KEY_IDS_PARAMETER];
  if (
    !Array.isArray(keyIds) ||
    !keyIds.every((keyId): keyId is string => typeof keyId === 'string' && keyId.length > 0) ||
    new Set(keyIds).size !== keyIds.length
  ) {
    throw new Error(`the protected header has no list of distinct key ids in "${KEY_IDS_PARAMETER}"`);
  }
  // Each recipient names its key id in its own (unprotected) header; the protected list is the
  // authenticated copy, so both must name the same set.
  const recipientKeyIds = general.recipients.map((recipient) =>
    isObject(recipient) && isObject(recipient.header) ? recipient.header.kid : undefined,
  );
  if (
    recipientKeyIds.length !== keyIds.length ||
    new Set(recipientKeyIds).size !== keyIds.length ||
    !recipientKeyIds.every((keyId) => typeof keyId === 'string' && keyIds.includes(keyId))
  ) {
    throw new Error(`the recipients' "kid" do not match "${KEY_IDS_PARAMETER}"`);
  }
  return { form: 'general', jwe: general, keyName, keyIds };
}

// Checks what both serializations share in the protected header and returns the sealed key name.
function checkSharedHeader(header: JWEHeaderParameters): string {
  if (header.enc !== CONTENT_ENCRYPTION) throw new Error(`the protected "enc" is not ${CONTENT_ENCRYPTION}`);
  const keyName = header[KEY_NAME_PARAMETER];
  if (typeof keyName !== 'string' || keyName.length === 0) {
    throw new Error(`the protected header has no "${KEY_NAME_PARAMETER}"`);
  }
  return keyName;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
