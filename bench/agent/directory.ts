// The directory the benchmark's agents follow: a small, ordinary config (a few settings and one
// key the benchmark changes), and the values it writes, each unique so a file is known to hold it.
import type { Etcd3 } from 'etcd3';

/** The etcd directory every agent follows. */
export const directory = 'bench';
/** The key the measured changes put; its value is a token. */
export const changedKey = `${directory}/counter`;

/**
 * Writes `settings` keys beside the changed key (so each render is a realistic file, not one
 * line) and the changed key's first value; returns the revision of the last put.
 */
export async function seedDirectory(client: Etcd3, settings: number, first: string): Promise<number> {
  for (let i = 1; i <= settings; i++) {
    const n = String(i).padStart(3, '0');
    await client
      .put(`${directory}/settings/setting-${n}`)
      .value(`an ordinary setting value, number ${n}`)
      .exec();
  }
  return putValue(client, changedKey, first);
}

/** Puts `value` at `key`; resolves with the put's revision. */
export async function putValue(client: Etcd3, key: string, value: string): Promise<number> {
  const { header } = await client.put(key).value(value).exec();
  return Number(header.revision);
}

/** Values that no other value contains (fixed width): `c-000001`, `c-000002` ... */
export class Tokens {
  private count = 0;

  next(): string {
    this.count += 1;
    return `c-${String(this.count).padStart(6, '0')}`;
  }
}
