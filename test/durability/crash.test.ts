// Crash test: kill -9 a store under concurrent load, restart it, and prove every acknowledged write survived whole.
import { Etcd3, type IKeyValue, type IResponseHeader } from 'etcd3';
import { afterAll, describe, expect, it } from 'vitest';
import { type StoreKind, type StoreUnderTest, startStore } from '../support/stores.js';
import { waitFor } from '../support/wait.js';

const writerCount = 32;
/** Clients the writers share, so the load arrives over several HTTP/2 connections. */
const clientCount = 4;
/** Each writer cycles over this many keys of its own, so later writes supersede earlier ones. */
const keysPerWriter = 40;
/** Every this-many-th operation of a writer is a transaction putting two keys at once. */
const txnEvery = 4;
const acksBeforeKill = 2_000;
const kills = 3;
/** Bounds a writer's loop should the kill never come. */
const maxOpsPerWriterPerRound = 5_000;
const prefix = 'crash/';
/** The first key after every key under the prefix ('/' + 1 is '0'). */
const prefixEnd = 'crash0';

/** One write a writer sent: a put of one key, or a transaction putting two keys with the same value. */
interface Attempt {
  readonly keys: readonly string[];
  /** Unique across the whole test, so a stored value names the attempt that wrote it. */
  readonly value: string;
  /** The header revision of the acknowledgement; undefined while in flight or when it failed. */
  revision?: number;
}

/** Everything sent to the store during the test, acknowledged or not. */
class Ledger {
  readonly attempts: Attempt[] = [];
  private readonly byValue = new Map<string, Attempt>();

  add(attempt: Attempt): void {
    this.attempts.push(attempt);
    this.byValue.set(attempt.value, attempt);
  }

  attemptFor(value: string): Attempt | undefined {
    return this.byValue.get(value);
  }

  acknowledged(): Attempt[] {
    return this.attempts.filter((a) => a.revision !== undefined);
  }

  maxAcknowledgedRevision(): number {
    return this.attempts.reduce((max, a) => Math.max(max, a.revision ?? 0), 0);
  }
}

interface Load {
  acked: number;
  inFlight: number;
  stopped: boolean;
  firstError?: string;
  /** An answer no etcd gives: recorded here because the writers' catch would swallow an assertion. */
  wrongAnswer?: string;
}

function connect(store: StoreUnderTest): Etcd3 {
  return new Etcd3({
    hosts: store.endpoint,
    dialTimeout: 2_000,
    // Bounds every request in flight when the store dies, so the writers settle.
    defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + 10_000 }),
  });
}

const bytes = (text: string) => Buffer.from(text, 'utf8');

async function runWriter(client: Etcd3, writer: number, round: number, ledger: Ledger, load: Load) {
  for (let op = 0; op < maxOpsPerWriterPerRound && !load.stopped; op++) {
    const value = `r${round}/w${writer}/op${op}`;
    const isTxn = op % txnEvery === txnEvery - 1;
    const keys = isTxn
      ? [`${prefix}txn/r${round}/w${writer}/op${op}/a`, `${prefix}txn/r${round}/w${writer}/op${op}/b`]
      : [`${prefix}put/w${writer}/k${op % keysPerWriter}`];
    const attempt: Attempt = { keys, value };
    ledger.add(attempt);
    load.inFlight++;
    try {
      let header: IResponseHeader;
      if (isTxn) {
        const response = await client.kv.txn({
          compare: [],
          success: keys.map((key) => ({ request_put: { key: bytes(key), value: bytes(value) } })),
          failure: [],
        });
        if (!response.succeeded) load.wrongAnswer ??= `transaction ${value} without compares did not succeed`;
        header = response.header;
      } else {
        header = (await client.kv.put({ key: bytes(keys[0]!), value: bytes(value) })).header;
      }
      attempt.revision = Number(header.revision);
      load.acked++;
    } catch (err) {
      load.firstError ??= err instanceof Error ? err.message : String(err);
    } finally {
      load.inFlight--;
    }
  }
}

/** Loads the store with all writers, kills it with SIGKILL mid-load, and waits for every writer to settle. */
async function loadAndKill(store: StoreUnderTest, round: number, ledger: Ledger): Promise<void> {
  const clients = Array.from({ length: clientCount }, () => connect(store));
  const load: Load = { acked: 0, inFlight: 0, stopped: false };
  const writers = Array.from({ length: writerCount }, (_, w) =>
    runWriter(clients[w % clientCount]!, w, round, ledger, load),
  );
  try {
    await waitFor(() => load.acked >= acksBeforeKill, {
      timeoutMs: 30_000,
      what: `${acksBeforeKill} acknowledged writes in round ${round}`,
    }).catch((err: Error) => {
      throw new Error(`${err.message} (got ${load.acked}; first failed write: ${load.firstError})`);
    });
    const inFlightAtKill = load.inFlight;
    await store.kill();
    load.stopped = true;
    await Promise.all(writers);
    expect(inFlightAtKill, 'requests in flight when the store was killed').toBeGreaterThan(0);
    expect(load.wrongAnswer).toBeUndefined();
  } finally {
    load.stopped = true;
    await Promise.all(writers);
    for (const client of clients) client.close();
  }
}

/** Runs `task` over `items`, `width` at a time. */
async function inParallel<T>(
  items: readonly T[],
  width: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: width }, async () => {
    while (next < items.length) await task(items[next++]!);
  });
  await Promise.all(lanes);
}

/** Checks everything the ledger says against what the restarted store holds. */
async function verify(store: StoreUnderTest, ledger: Ledger, round: number): Promise<void> {
  const client = connect(store);
  try {
    const acknowledged = ledger.acknowledged();
    const maxAcked = ledger.maxAcknowledgedRevision();

    // Each acknowledged operation got its own revision: the counter never went back after a crash.
    const revisions = acknowledged.map((a) => a.revision);
    expect(new Set(revisions).size, 'distinct revisions of acknowledged writes').toBe(revisions.length);

    const everything = await client.kv.range({
      key: bytes(prefix),
      range_end: bytes(prefixEnd),
    });
    expect(Number(everything.header.revision), 'current revision after restart').toBeGreaterThanOrEqual(
      maxAcked,
    );
    const stored = new Map<string, IKeyValue>(everything.kvs.map((kv) => [kv.key.toString('utf8'), kv]));

    // Every stored key was written by an attempt of ours that names it, whole; if that attempt was
    // acknowledged, at exactly its revision.
    for (const [key, kv] of stored) {
      const attempt = ledger.attemptFor(kv.value.toString('utf8'));
      expect(attempt?.keys, `the writer of ${key}`).toContain(key);
      if (attempt?.revision !== undefined) {
        expect(Number(kv.mod_revision), `mod_revision of ${key}`).toBe(attempt.revision);
      }
    }

    // The latest acknowledged write of every key is there, or a later (in-flight) write superseded it.
    const latest = new Map<string, Attempt>();
    for (const attempt of acknowledged) {
      for (const key of attempt.keys) {
        const seen = latest.get(key);
        if (seen === undefined || (seen.revision ?? 0) < (attempt.revision ?? 0)) latest.set(key, attempt);
      }
    }
    for (const [key, attempt] of latest) {
      const kv = stored.get(key);
      expect(kv, `acknowledged key ${key} (revision ${attempt.revision})`).toBeDefined();
      expect(Number(kv?.mod_revision), `mod_revision of ${key}`).toBeGreaterThanOrEqual(
        attempt.revision ?? 0,
      );
    }

    // A transaction is all or nothing, acknowledged or not: both keys with its value and one revision.
    for (const attempt of ledger.attempts) {
      if (attempt.keys.length !== 2) continue;
      const [a, b] = attempt.keys.map((key) => stored.get(key));
      const what = `transaction ${attempt.value} (${attempt.revision === undefined ? 'in flight' : 'acknowledged'})`;
      if (attempt.revision !== undefined) expect(a, what).toBeDefined();
      expect(a === undefined, `${what}: one key without the other`).toBe(b === undefined);
      if (a !== undefined && b !== undefined) {
        expect(a.value.toString('utf8'), what).toBe(attempt.value);
        expect(b.value.toString('utf8'), what).toBe(attempt.value);
        expect(a.mod_revision, `${what}: both keys at one revision`).toBe(b.mod_revision);
      }
    }

    // Every acknowledged write is in the history at its revision, with exactly its value.
    await inParallel(acknowledged, 32, async (attempt) => {
      for (const key of attempt.keys) {
        const { kvs } = await client.kv.range({ key: bytes(key), revision: String(attempt.revision) });
        const kv = kvs[0];
        const what = `${key} at revision ${attempt.revision}`;
        expect(kv?.value.toString('utf8'), what).toBe(attempt.value);
        expect(Number(kv?.mod_revision), what).toBe(attempt.revision);
      }
    });

    // Revisions go on from where they were.
    const maxStored = [...stored.values()].reduce((max, kv) => Math.max(max, Number(kv.mod_revision)), 0);
    const probe: Attempt = { keys: [`${prefix}probe/r${round}`], value: `probe/r${round}` };
    ledger.add(probe);
    const { header } = await client.kv.put({ key: bytes(probe.keys[0]!), value: bytes(probe.value) });
    probe.revision = Number(header.revision);
    expect(probe.revision, 'revision of the first put after restart').toBeGreaterThan(
      Math.max(maxAcked, maxStored),
    );
  } finally {
    client.close();
  }
}

describe.each<StoreKind>(['etcd', 'setpoint'])('%s killed with SIGKILL under load', (kind) => {
  let store: StoreUnderTest | undefined;
  afterAll(async () => {
    await store?.destroy();
  });

  it(`keeps every acknowledged write across ${kills} crashes`, { timeout: 100_000 }, async () => {
    store = await startStore(kind);
    const ledger = new Ledger();
    for (let round = 0; round < kills; round++) {
      await loadAndKill(store, round, ledger);
      await store.restart();
      await verify(store, ledger, round);
    }
    expect(ledger.acknowledged().length).toBeGreaterThanOrEqual(kills * acksBeforeKill);
  });
});
