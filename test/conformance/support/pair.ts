// Starts real etcd and the store under test side by side, and runs each conformance case on both.
import { Etcd3, type IOptions } from 'etcd3';
import { afterAll, beforeAll, expect } from 'vitest';
import { RawEtcd } from '../../support/raw-etcd.js';
import { type StartOptions, type StoreKind, type StoreUnderTest, startStore } from '../../support/stores.js';
import { type EtcdctlResult, runEtcdctl } from './etcdctl.js';

/**
 * What the suite compares against real etcd: the embedded store by default (what CI runs), or a
 * second real etcd with CONFORMANCE_PEER=etcd, which proves the normalization hides only what
 * differs by nature between two servers.
 */
export function peerKind(): StoreKind {
  const chosen = process.env.CONFORMANCE_PEER ?? '';
  if (chosen === '' || chosen === 'setpoint') return 'setpoint';
  if (chosen === 'etcd') return 'etcd';
  throw new TypeError(
    `CONFORMANCE_PEER=${chosen} is not a store kind; use 'etcd' or 'setpoint' (the default)`,
  );
}

/** One store with the three ways the suite talks to it. */
export interface Target {
  /** 'etcd' for the reference, 'etcd (peer)' or 'setpoint' for the store compared with it. */
  readonly name: string;
  readonly store: StoreUnderTest;
  /** The etcd3 npm client, as Setpoint's own code uses it, without its retries (see `singleAttempt`). */
  readonly client: Etcd3;
  /** A raw gRPC connection, for exact status codes and stream framing. */
  readonly raw: RawEtcd;
  /** Runs etcdctl (v3 API) against this store. */
  etcdctl(args: string[], input?: string): Promise<EtcdctlResult>;
}

export interface Pair {
  readonly reference: Target;
  readonly peer: Target;
}

type Policy = NonNullable<NonNullable<IOptions['faultHandling']>['global']>;

/**
 * A fault-handling policy that runs a call once. etcd3 retries and circuit-breaks on "recoverable"
 * codes by default: a retried write would shift every later revision and hide the error under test.
 * etcd3 only ever calls `execute` on its policies.
 */
const singleAttempt = {
  execute: <T>(fn: (context: { signal: AbortSignal }) => PromiseLike<T> | T) =>
    Promise.resolve().then(() => fn({ signal: new AbortController().signal })),
} as unknown as Policy;

function target(name: string, store: StoreUnderTest): Target {
  const client = new Etcd3({
    hosts: store.endpoint,
    dialTimeout: 5_000,
    // Its own connections: grpc-js otherwise shares them process-wide between clients of the same
    // address, so one client's broken connection could fail another's calls.
    grpcOptions: { 'grpc.use_local_subchannel_pool': 1 },
    faultHandling: { global: singleAttempt, host: () => singleAttempt },
  });
  return {
    name,
    store,
    client,
    raw: new RawEtcd(store.endpoint),
    etcdctl: (args, input) => runEtcdctl(store.endpoint, args, input),
  };
}

/**
 * Starts a fresh real etcd and a fresh peer for the enclosing test file, and stops both after it.
 * Both start at revision 1, so as long as the cases run in the same order their revisions match.
 */
export function usePair(options: StartOptions = {}): () => Pair {
  let pair: Pair | undefined;
  beforeAll(async () => {
    const kind = peerKind();
    const [reference, peer] = await Promise.all([startStore('etcd', options), startStore(kind, options)]);
    pair = {
      reference: target('etcd', reference),
      peer: target(kind === 'etcd' ? 'etcd (peer)' : 'setpoint', peer),
    };
  });
  afterAll(async () => {
    if (pair === undefined) return;
    for (const t of [pair.reference, pair.peer]) {
      t.client.close();
      t.raw.close();
    }
    await Promise.all([pair.reference.store.destroy(), pair.peer.store.destroy()]);
  });
  return () => {
    if (pair === undefined) throw new Error('the stores did not start; see the error of beforeAll');
    return pair;
  };
}

/**
 * Runs one case on real etcd and on the peer (at the same time: they share nothing), fails if the
 * peer saw anything different, and returns what etcd saw so the test can also check key facts.
 */
export async function conform<T>(pair: Pair, run: (target: Target) => Promise<T>): Promise<T> {
  const [reference, peer] = await Promise.allSettled([run(pair.reference), run(pair.peer)]);
  if (reference.status === 'rejected') {
    throw new Error(`the case failed on real etcd, so it is wrong: ${String(reference.reason)}`, {
      cause: reference.reason,
    });
  }
  if (peer.status === 'rejected') {
    throw new Error(`the case failed on ${pair.peer.name}: ${String(peer.reason)}`, { cause: peer.reason });
  }
  expect(peer.value, `${pair.peer.name} must behave as etcd 3.4`).toEqual(reference.value);
  return reference.value;
}
