// `bench crypto`: Setpoint's seal/open per second for RSA-4096 and X25519 beside the raw node:crypto
// primitives measured in the same run, and the time to rewrap 10 000 values in memory.
import { readFileSync } from 'node:fs';
import { type BenchKeys, buildOperations, newPrivateKey } from './crypto/operations.js';
import { type CryptoBenchOptions, cryptoBenchUsage, parseCryptoOptions } from './crypto/options.js';
import { buildReport, type CryptoMachine, figuresOf, formatReport } from './crypto/report.js';
import { measureRewrap, type RewrapResult } from './crypto/rewrap.js';
import { type PhaseTiming, timePhase } from './crypto/timing.js';
import { describeMachineBasics } from './machine.js';

function joseVersion(): string {
  try {
    const path = new URL('../node_modules/jose/package.json', import.meta.url);
    return (JSON.parse(readFileSync(path, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function describeMachine(): CryptoMachine {
  return { ...describeMachineBasics(), openssl: process.versions.openssl ?? 'unknown', jose: joseVersion() };
}

export async function run(argv: string[]): Promise<number> {
  let options: CryptoBenchOptions | undefined;
  try {
    options = parseCryptoOptions(argv);
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${cryptoBenchUsage}`);
    return 2;
  }
  if (options === undefined) {
    console.log(cryptoBenchUsage);
    return 0;
  }
  const log = (text: string) => {
    if (!options.json) process.stderr.write(`${text}\n`);
  };
  const machine = describeMachine();

  log('generating keys (RSA-4096 and X25519) ...');
  const keys: BenchKeys = { rsa: await newPrivateKey('rsa'), x25519: await newPrivateKey('x25519') };
  const operations = await buildOperations(keys);
  const bounds = {
    maxMs: options.duration * 1000,
    maxOps: options.maxOps,
    warmupMs: options.warmup * 1000,
  };
  const timings = new Map<string, PhaseTiming[]>(operations.map((o) => [o.id, []]));
  for (let round = 0; round < options.rounds; round++) {
    // Reversed every other round: slow drift on a shared machine favours neither side.
    const order = round % 2 === 0 ? operations : [...operations].reverse();
    log(`round ${round + 1}/${options.rounds} ...`);
    for (const operation of order) timings.get(operation.id)!.push(await timePhase(operation.run, bounds));
  }
  const figures = operations.map((o) => figuresOf(o, timings.get(o.id)!));

  const rewrap: RewrapResult[] = [];
  if (options.values > 0) {
    for (const type of ['rsa', 'x25519'] as const) {
      log(`rewrap: ${options.values} values sealed to an old ${type} key, rewrapped to old + new ...`);
      const newKey = await newPrivateKey(type);
      rewrap.push(
        await measureRewrap(keys[type], newKey, options.values, options.concurrency, options.rewrapLimit),
      );
    }
  }
  const report = buildReport(machine, options, figures, rewrap);
  console.log(options.json ? JSON.stringify(report, null, 2) : formatReport(report));
  return 0;
}
