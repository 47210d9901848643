// `bench transport`: server CPU per unary gRPC call for grpc-js's server, Setpoint's HTTP/2
// transport, and bare node:http2 (the floor), under the same client in a separate process.
import { freePort } from '../test/support/ports.js';
import { startProcess } from '../test/support/process.js';
import { RawEtcd } from '../test/support/raw-etcd.js';
import { waitFor } from '../test/support/wait.js';

const kinds = ['grpc-js', 'setpoint', 'bare-http2'] as const;
const CALLS = 60_000;
const OUTSTANDING = 64;

async function measure(kind: (typeof kinds)[number]): Promise<number> {
  const port = await freePort();
  const server = startProcess(process.execPath, [
    '--import',
    import.meta.resolve('tsx'),
    new URL('./transport/server.ts', import.meta.url).pathname,
    kind,
    String(port),
    String(CALLS),
  ]);
  try {
    await waitFor(() => server.output().includes('ready'), { what: `the ${kind} server` });
    const clients = Array.from({ length: 4 }, () => new RawEtcd(`127.0.0.1:${port}`));
    let sent = 0;
    await Promise.all(
      Array.from({ length: OUTSTANDING }, async (_, i) => {
        while (sent < CALLS) {
          sent += 1;
          await clients[i % clients.length]!.call('KV.Range', { key: Buffer.from('k') });
        }
      }),
    );
    for (const client of clients) client.close();
    const line = await waitFor(
      () =>
        server
          .output()
          .split('\n')
          .find((l) => l.startsWith('{')),
      {
        what: `the ${kind} server's figure`,
      },
    );
    return (JSON.parse(line) as { microsPerCall: number }).microsPerCall;
  } finally {
    await server.stop();
  }
}

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    console.log('bench transport: server CPU µs per unary call, 60 000 calls, 64 outstanding, 3 rounds');
    return 0;
  }
  const rounds: Record<string, number[]> = {};
  for (let round = 0; round < 3; round++) {
    for (const kind of round % 2 === 0 ? kinds : [...kinds].reverse()) {
      rounds[kind] = [...(rounds[kind] ?? []), await measure(kind)];
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  console.log(`transport benchmark ${new Date().toISOString()}: server CPU per unary call (median of 3)`);
  for (const kind of kinds) {
    const values = rounds[kind]!;
    console.log(
      `  ${kind.padEnd(10)} ${median(values).toFixed(1)} µs  (${values.map((v) => v.toFixed(1)).join(', ')})`,
    );
  }
  console.log(`  setpoint/grpc-js ${(median(rounds.setpoint!) / median(rounds['grpc-js']!)).toFixed(2)}x`);
  return 0;
}
