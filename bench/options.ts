// Command-line options of the store benchmark (`npm run bench -- store --help`).
import { parseArgs } from 'node:util';
import type { ClientKind } from './load/protocol.js';

export type PeerKind = 'setpoint' | 'etcd';

export interface StoreBenchOptions {
  /** Seconds per measured phase. */
  duration: number;
  clients: number;
  valueSize: number;
  json: boolean;
  /** Each round runs etcd and the peer once, in alternating order. */
  rounds: number;
  /** What is compared with etcd: the embedded store, or a second etcd (the noise floor). */
  peer: PeerKind;
  client: ClientKind;
  channels: number;
  /** Seconds per slice: phases alternate between the stores slice by slice. */
  slice: number;
  /** Seconds of unmeasured load before the first phase. */
  warmup: number;
  maxOps: number;
}

export const storeBenchUsage = `usage: bench store [options]

Compares the embedded store (setpoint etcd) with real etcd, both started fresh on this machine in
the same run, driven by the same load generator in a separate process.

  --duration S      seconds each store is measured per phase (default 3)
  --slice S         phases alternate between the stores in slices this long (default 0.5)
  --clients N       concurrent requests in the concurrent phases (default 64)
  --value-size B    bytes per value (default 256)
  --rounds R        rounds, each on freshly started stores, etcd or the peer going first in turn;
                    medians over rounds are reported (default 3)
  --peer P          setpoint (default) or etcd: etcd against a second etcd shows the noise floor
                    (also SETPOINT_BENCH_PEER=etcd)
  --client C        load generator's client: grpc (raw @grpc/grpc-js, default) or etcd3
  --channels N      gRPC connections the concurrent requests share (default 4)
  --warmup S        seconds of unmeasured load before measuring (default 1)
  --max-ops N       operations per phase at most (default 1000000)
  --json            print the results as JSON instead of a table
  --help            print this help`;

function positiveNumber(name: string, text: string | undefined, fallback: number, integer = true): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value)))
    throw new Error(`--${name} wants a positive ${integer ? 'whole ' : ''}number, not "${text}"`);
  return value;
}

function oneOf<T extends string>(
  name: string,
  text: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (text === undefined || text === '') return fallback;
  const found = allowed.find((a) => a === text);
  if (found === undefined) throw new Error(`--${name} is one of ${allowed.join(', ')}, not "${text}"`);
  return found;
}

/** Parses the options; returns undefined when --help was asked for. Throws on a bad option. */
export function parseStoreOptions(argv: string[]): StoreBenchOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      duration: { type: 'string' },
      clients: { type: 'string' },
      'value-size': { type: 'string' },
      rounds: { type: 'string' },
      peer: { type: 'string' },
      client: { type: 'string' },
      channels: { type: 'string' },
      warmup: { type: 'string' },
      slice: { type: 'string' },
      'max-ops': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return undefined;
  return {
    duration: positiveNumber('duration', values.duration, 3, false),
    clients: positiveNumber('clients', values.clients, 64),
    valueSize: positiveNumber('value-size', values['value-size'], 256),
    rounds: positiveNumber('rounds', values.rounds, 3),
    peer: oneOf('peer', values.peer ?? process.env.SETPOINT_BENCH_PEER, ['setpoint', 'etcd'], 'setpoint'),
    client: oneOf('client', values.client, ['grpc', 'etcd3'], 'grpc'),
    channels: positiveNumber('channels', values.channels, 4),
    warmup: positiveNumber('warmup', values.warmup, 1, false),
    slice: positiveNumber('slice', values.slice, 0.5, false),
    maxOps: positiveNumber('max-ops', values['max-ops'], 1_000_000),
    json: values.json ?? false,
  };
}
