// Entry point of the benchmarks: `bench NAME [options]` runs one; with no name, lists them.

interface Benchmark {
  describe: string;
  load: () => Promise<{ run: (argv: string[]) => Promise<number> }>;
}

const benchmarks: Record<string, Benchmark> = {
  store: {
    describe: 'embedded store (setpoint etcd) vs real etcd: puts, gets, watch latency',
    load: () => import('./store.js'),
  },
  transport: {
    describe: "server CPU per gRPC call: grpc-js's server, Setpoint's HTTP/2 transport, bare node:http2",
    load: () => import('./transport.js'),
  },
  'client-cost': {
    describe: "CPU per operation of the store benchmark's load-generator clients (grpc-js vs etcd3)",
    load: () => import('./client-cost.js'),
  },
  agent: {
    describe: 'put -> file on disk through the agent, one agent and 100, beside raw etcd3 watchers',
    load: () => import('./agent.js'),
  },
  crypto: {
    describe: 'seal/open per second (RSA-4096, X25519) beside raw node:crypto, and a 10 000-value rewrap',
    load: () => import('./crypto.js'),
  },
  backup: {
    describe:
      "100 000-key backup to Swift beside 'swift upload' of the same bytes; restore beside raw etcd txns",
    load: () => import('./backup.js'),
  },
  api: {
    describe: 'PUTs/s and latency through the HTTP API beside direct etcd3 puts, and where the API time goes',
    load: () => import('./api.js'),
  },
  ui: {
    describe:
      'the web UI in Chromium: a 10 000-key directory interactive, and a change published in one browser shown in another',
    load: () => import('./ui.js'),
  },
};

function list(): string {
  const width = Math.max(...Object.keys(benchmarks).map((n) => n.length));
  const lines = Object.entries(benchmarks).map(([name, b]) => `  ${name.padEnd(width)}  ${b.describe}`);
  return ['usage: bench NAME [options]   (NAME --help for its options)', '', 'benchmarks:', ...lines].join(
    '\n',
  );
}

const [name, ...argv] = process.argv.slice(2);
if (name === undefined || name === '--help' || name === '-h') {
  console.log(list());
} else {
  const benchmark = benchmarks[name];
  if (benchmark === undefined) {
    console.error(`no benchmark named "${name}"\n\n${list()}`);
    process.exitCode = 2;
  } else {
    process.exitCode = await (await benchmark.load()).run(argv);
  }
}
