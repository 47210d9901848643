// Monitoring: both stores serve Prometheus metrics under etcd's own names (so etcd dashboards work) and /health.
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/ports.js';
import { type StoreKind, type StoreUnderTest, startStore } from '../support/stores.js';
import { waitFor } from '../support/wait.js';

type Labels = Readonly<Record<string, string>>;

interface Sample {
  name: string;
  labels: Labels;
  value: number;
}

/** One scrape, parsed as the Prometheus text exposition format 0.0.4. */
class Exposition {
  constructor(
    readonly types: ReadonlyMap<string, string>,
    readonly samples: readonly Sample[],
  ) {}

  /** The sum of the samples named `name` whose labels include `labels` (0 when there is none). */
  sum(name: string, labels: Labels = {}): number {
    return this.matching(name, labels).reduce((total, sample) => total + sample.value, 0);
  }

  matching(name: string, labels: Labels = {}): Sample[] {
    return this.samples.filter(
      (sample) => sample.name === name && Object.entries(labels).every(([k, v]) => sample.labels[k] === v),
    );
  }

  /** The only sample named `name`; fails when there is none or several. */
  single(name: string): number {
    const found = this.matching(name);
    expect(found, `samples of ${name}`).toHaveLength(1);
    return found[0]!.value;
  }
}

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?[ \t]+(\S+)(?:[ \t]+-?\d+)?$/;
const labelPair = /^[ \t]*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\["\\n])*)"[ \t]*(,|$)/;
const metricTypes = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/** A sample value as Go's strconv.ParseFloat reads it, which is what Prometheus accepts (Inf and NaN in any case). */
function parseValue(text: string): number {
  if (/^\+?inf(inity)?$/i.test(text)) return Number.POSITIVE_INFINITY;
  if (/^-inf(inity)?$/i.test(text)) return Number.NEGATIVE_INFINITY;
  if (/^nan$/i.test(text)) return Number.NaN;
  const value = Number(text);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) || Number.isNaN(value)) {
    throw new Error(`not a sample value: ${text}`);
  }
  return value;
}

function parseLabels(text: string): Labels {
  const labels: Record<string, string> = {};
  let rest = text;
  while (rest.trim() !== '') {
    const match = labelPair.exec(rest);
    if (match === null) throw new Error(`bad labels: {${text}}`);
    const [whole, name, escaped] = match as unknown as [string, string, string];
    if (name in labels) throw new Error(`label ${name} twice in {${text}}`);
    labels[name] = escaped.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
    rest = rest.slice(whole.length);
  }
  return labels;
}

/** The family a sample belongs to: a histogram's or summary's `_bucket`, `_sum` and `_count` belong to it. */
function familyOf(name: string, types: ReadonlyMap<string, string>): string | undefined {
  if (types.has(name)) return name;
  const base = name.replace(/_(bucket|sum|count)$/, '');
  const type = types.get(base);
  if (type === 'histogram' || (type === 'summary' && !name.endsWith('_bucket'))) return base;
  return undefined;
}

/** Parses strictly: every line must be a comment, a HELP or TYPE line, or a sample of a typed family. */
function parseExposition(text: string): Exposition {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((line, index) => {
    const where = `line ${index + 1}: ${line}`;
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const [, keyword, name, rest] = /^#[ \t]+(\S+)[ \t]+(\S+)[ \t]*(.*)$/.exec(line) ?? [];
      if (keyword === 'TYPE') {
        if (!metricName.test(name ?? '') || !metricTypes.has(rest ?? ''))
          throw new Error(`bad TYPE, ${where}`);
        if (types.has(name!)) throw new Error(`second TYPE, ${where}`);
        if (samples.some((s) => familyOf(s.name, new Map([[name!, rest!]])) === name)) {
          throw new Error(`TYPE after samples, ${where}`);
        }
        types.set(name!, rest!);
      } else if (keyword === 'HELP' && !metricName.test(name ?? '')) {
        throw new Error(`bad HELP, ${where}`);
      }
      return;
    }
    const match = sampleLine.exec(line);
    if (match === null) throw new Error(`not a sample, ${where}`);
    const [, name, labelText, valueText] = match as unknown as [string, string, string | undefined, string];
    if (familyOf(name, types) === undefined) throw new Error(`sample without a TYPE, ${where}`);
    const labels = parseLabels(labelText ?? '');
    const identity = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(identity)) throw new Error(`duplicate sample, ${where}`);
    seen.add(identity);
    samples.push({ name, labels, value: parseValue(valueText) });
  });
  checkHistograms(types, samples);
  return new Exposition(types, samples);
}

/** Buckets of every histogram series are cumulative and end in +Inf, which equals `_count`. */
function checkHistograms(types: ReadonlyMap<string, string>, samples: readonly Sample[]): void {
  for (const [family, type] of types) {
    if (type !== 'histogram') continue;
    const series = new Map<string, { buckets: [number, number][]; count?: number }>();
    const seriesOf = (labels: Labels) => {
      const key = JSON.stringify(
        Object.entries(labels)
          .filter(([k]) => k !== 'le')
          .sort(),
      );
      const entry = series.get(key) ?? { buckets: [] };
      series.set(key, entry);
      return entry;
    };
    for (const sample of samples) {
      if (sample.name === `${family}_bucket`) {
        const le = sample.labels.le;
        expect(le, `le label of ${family}_bucket`).toBeDefined();
        seriesOf(sample.labels).buckets.push([parseValue(le!), sample.value]);
      } else if (sample.name === `${family}_count`) {
        seriesOf(sample.labels).count = sample.value;
      }
    }
    for (const [labels, { buckets, count }] of series) {
      const what = `histogram ${family}${labels}`;
      buckets.sort((a, b) => a[0] - b[0]);
      expect(buckets.at(-1)?.[0], `${what} ends with le="+Inf"`).toBe(Number.POSITIVE_INFINITY);
      expect(buckets.at(-1)?.[1], `${what}: +Inf bucket equals _count`).toBe(count);
      buckets.forEach(([, value], i) => {
        if (i > 0) expect(value, `${what} buckets are cumulative`).toBeGreaterThanOrEqual(buckets[i - 1]![1]);
      });
    }
  }
}

const kv = { grpc_service: 'etcdserverpb.KV', grpc_type: 'unary' } as const;
const putCall = { ...kv, grpc_method: 'Put' } as const;
const rangeCall = { ...kv, grpc_method: 'Range' } as const;
const watchCall = {
  grpc_service: 'etcdserverpb.Watch',
  grpc_method: 'Watch',
  grpc_type: 'bidi_stream',
} as const;
const leaseGrantCall = {
  grpc_service: 'etcdserverpb.Lease',
  grpc_method: 'LeaseGrant',
  grpc_type: 'unary',
} as const;

const putCount = 200;
/** 200 puts of 4 KiB: enough for the database files to grow. */
const valueSize = 4096;
const getCount = 7;

describe.each<StoreKind>(['etcd', 'setpoint'])('%s --listen-metrics-urls', (kind) => {
  let store: StoreUnderTest | undefined;
  let metricsUrl: string;
  let client: Etcd3;

  const scrape = async (): Promise<Exposition> => {
    const response = await fetch(`${metricsUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    return parseExposition(await response.text());
  };

  beforeAll(async () => {
    metricsUrl = `http://127.0.0.1:${await freePort()}`;
    // etcd keeps its latency histograms behind --metrics=extensive; Setpoint's store always has them.
    const extensive = kind === 'etcd' ? ['--metrics=extensive'] : [];
    store = await startStore(kind, { args: [`--listen-metrics-urls=${metricsUrl}`, ...extensive] });
    client = new Etcd3({ hosts: store.endpoint });
  });

  afterAll(async () => {
    client?.close();
    await store?.destroy();
  });

  it('answers /health', async () => {
    const response = await fetch(`${metricsUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ health: 'true' });
  });

  it('counts requests by method and code, their latency, the revision, the database size and leases', async () => {
    const before = await scrape();

    const value = 'x'.repeat(valueSize);
    for (let i = 0; i < putCount; i++) await client.put(`metrics/key/${i}`).value(value).exec();
    let revision = 0;
    for (let i = 0; i < getCount; i++) {
      const response = await client.get(`metrics/key/${i}`).exec();
      revision = Number(response.header.revision);
    }
    await expect(
      client
        .get('metrics/key/0')
        .revision(revision + 1_000)
        .exec(),
    ).rejects.toThrow(/future revision/);
    const lease = client.lease(60, { autoKeepAlive: false });
    await lease.grant();
    await lease.revoke();

    const after = await scrape();
    const delta = (name: string, labels: Labels = {}) => after.sum(name, labels) - before.sum(name, labels);

    expect(delta('grpc_server_started_total', putCall)).toBe(putCount);
    expect(delta('grpc_server_handled_total', { ...putCall, grpc_code: 'OK' })).toBe(putCount);
    expect(delta('grpc_server_started_total', rangeCall)).toBe(getCount + 1);
    expect(delta('grpc_server_handled_total', { ...rangeCall, grpc_code: 'OK' })).toBe(getCount);
    expect(delta('grpc_server_handled_total', { ...rangeCall, grpc_code: 'OutOfRange' })).toBe(1);
    expect(delta('grpc_server_started_total', leaseGrantCall)).toBe(1);
    expect(delta('grpc_server_handled_total', { ...leaseGrantCall, grpc_code: 'OK' })).toBe(1);

    expect(after.types.get('grpc_server_handling_seconds')).toBe('histogram');
    expect(delta('grpc_server_handling_seconds_count', putCall)).toBe(putCount);
    expect(delta('grpc_server_handling_seconds_bucket', { ...putCall, le: '+Inf' })).toBe(putCount);
    expect(delta('grpc_server_handling_seconds_sum', putCall)).toBeGreaterThan(0);

    expect(after.types.get('etcd_debugging_mvcc_current_revision')).toBe('gauge');
    expect(after.single('etcd_debugging_mvcc_current_revision')).toBe(revision);
    expect(after.types.get('etcd_mvcc_db_total_size_in_bytes')).toBe('gauge');
    expect(after.single('etcd_mvcc_db_total_size_in_bytes')).toBeGreaterThan(
      before.single('etcd_mvcc_db_total_size_in_bytes'),
    );
    expect(after.single('etcd_server_has_leader')).toBe(1);
    expect(
      after.single('etcd_debugging_lease_granted_total') -
        before.single('etcd_debugging_lease_granted_total'),
    ).toBe(1);
    expect(
      after.single('etcd_debugging_lease_revoked_total') -
        before.single('etcd_debugging_lease_revoked_total'),
    ).toBe(1);
  });

  it('counts the open watchers', async () => {
    const watchers = async () => (await scrape()).single('etcd_debugging_mvcc_watcher_total');
    const before = await scrape();
    expect(before.types.get('etcd_debugging_mvcc_watcher_total')).toBe('gauge');
    const idle = before.single('etcd_debugging_mvcc_watcher_total');

    const watcher = await client.watch().key('metrics/watched').create();
    try {
      await waitFor(async () => (await watchers()) === idle + 1, {
        what: 'the watcher gauge to count the watch',
      });
      expect(
        (await scrape()).sum('grpc_server_started_total', watchCall) -
          before.sum('grpc_server_started_total', watchCall),
      ).toBeGreaterThanOrEqual(1);
    } finally {
      await watcher.cancel();
    }
    await waitFor(async () => (await watchers()) === idle, {
      what: 'the watcher gauge to drop the cancelled watch',
    });
  });
});
