// Rewraps sealed values in memory as `setpoint secrets rewrap` will: open with the old private key,
// seal to the new recipient set (old + new key). No etcd: only the crypto is timed.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { open, type PrivateKey, seal } from '../../src/crypto/index.js';
import { SECRET_BYTES } from './operations.js';

export interface RewrapResult {
  oldKey: 'rsa' | 'x25519';
  /** Values asked for. */
  values: number;
  /** Values rewrapped before the time limit (equals `values` unless it stopped early). */
  rewrapped: number;
  concurrency: number;
  seconds: number;
  valuesPerSec: number;
  /** CPU seconds (user + system, all threads) the rewrap used. */
  cpuSeconds: number;
  /** Seconds spent sealing the values to the old key beforehand (not part of the rewrap). */
  setupSeconds: number;
  stoppedEarly: boolean;
}

/** The values checked after the rewrap: they open with the new key and with the old one. */
const CHECKED = 20;

const keyName = (i: number) => `bench/rewrap/${String(i).padStart(6, '0')}`;

/**
 * Seals `count` 64-byte secrets to `oldKey`, then rewraps them to [old, new] with `concurrency`
 * values in flight, stopping after `limitSeconds`; checks a sample opens with both keys afterwards.
 */
export async function measureRewrap(
  oldKey: PrivateKey,
  newKey: PrivateKey,
  count: number,
  concurrency: number,
  limitSeconds: number,
): Promise<RewrapResult> {
  const setupStart = performance.now();
  const secrets = Array.from({ length: count }, () => randomBytes(SECRET_BYTES));
  const stored: string[] = [];
  for (let i = 0; i < count; i++) {
    stored.push(await seal(secrets[i]!, { key: keyName(i), recipients: [oldKey.publicKey] }));
  }
  const setupSeconds = (performance.now() - setupStart) / 1000;

  const recipients = [oldKey.publicKey, newKey.publicKey];
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const deadline = start + limitSeconds * 1000;
  let next = 0;
  let rewrapped = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count && performance.now() < deadline) {
        const i = next++;
        const key = keyName(i);
        const plaintext = await open(stored[i]!, { key, privateKey: oldKey });
        stored[i] = await seal(plaintext, { key, recipients });
        rewrapped += 1;
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);

  for (let i = 0; i < Math.min(CHECKED, rewrapped); i++) {
    for (const privateKey of [oldKey, newKey]) {
      const opened = await open(stored[i]!, { key: keyName(i), privateKey });
      if (!Buffer.from(opened).equals(secrets[i]!)) throw new Error(`rewrapped value ${i} did not open`);
    }
  }
  return {
    oldKey: oldKey.type,
    values: count,
    rewrapped,
    concurrency,
    seconds: elapsed,
    valuesPerSec: rewrapped / elapsed,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    setupSeconds,
    stoppedEarly: rewrapped < count,
  };
}
