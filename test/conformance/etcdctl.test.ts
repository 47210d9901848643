// Conformance through the real etcdctl 3.4 (v3 API): the same commands print the same output on both stores.
import { describe, expect, test } from 'vitest';
import { type EtcdctlResult, parseJsonLines, runEtcdctlUntil, watchWithEtcdctl } from './support/etcdctl.js';
import { conform, type Target, usePair } from './support/pair.js';

const pair = usePair();

/**
 * Lease ids a store chose, in the order the case saw them: etcd derives ids from its member id and
 * the clock, so they are compared by order of appearance ('<lease 1>', ...), never by value.
 */
class LeaseNames {
  readonly #names = new Map<string, string>();

  /** Remembers a decimal lease id; returns its name. */
  add(id: string): string {
    const known = this.#names.get(id);
    if (known !== undefined) return known;
    const name = `<lease ${this.#names.size + 1}>`;
    this.#names.set(id, name);
    return name;
  }

  /** The name of a decimal or hexadecimal lease id, or the id itself when it is not one seen. */
  nameOf(id: string): string {
    for (const [decimal, name] of this.#names) {
      if (id === decimal || id === BigInt(decimal).toString(16)) return name;
    }
    return id;
  }

  /** `text` with every hexadecimal lease id (as etcdctl prints them in simple output) named. */
  inText(text: string): string {
    let named = text;
    for (const [decimal, name] of this.#names) named = named.replaceAll(BigInt(decimal).toString(16), name);
    return named;
  }
}

const dropped = new Set(['cluster_id', 'member_id', 'raft_term']);

/**
 * etcdctl's JSON as compared:
 * - cluster_id, member_id and raft_term (in headers, or flattened into lease output) are dropped:
 *   ids are random per cluster and the term counts elections;
 * - keys and values are printed in base64 and are decoded to text so differences read plainly;
 * - the keys of a lease come from a Go map in random order, so they are sorted;
 * - lease ids are named by order of appearance (see LeaseNames);
 * - a remaining `ttl` depends on how long the case took: only "within 5 s below granted-ttl" is kept.
 */
function normalizeJson(value: unknown, leases: LeaseNames, field = ''): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => normalizeJson(item, leases, field));
    if (field === 'keys') return items.sort();
    if (field === 'leases') return items.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    return items;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(record)) {
      if (dropped.has(key)) continue;
      if (key === 'ttl' && typeof item === 'number' && typeof record['granted-ttl'] === 'number') {
        const granted = record['granted-ttl'] as number;
        out[key] = item > 0 && item <= granted && item >= granted - 5 ? `<within 5s of ${granted}>` : item;
        continue;
      }
      out[key] = normalizeJson(item, leases, key);
    }
    return out;
  }
  if (typeof value === 'string' && (field === 'key' || field === 'value' || field === 'keys')) {
    return Buffer.from(value, 'base64').toString('utf8');
  }
  if ((typeof value === 'string' || typeof value === 'number') && /^(id|ID|lease)$/.test(field)) {
    return leases.nameOf(String(value));
  }
  return value;
}

interface Ran {
  exitCode: number | null;
  output: unknown;
  errors: string[];
}

/** Runs etcdctl on `t` and returns its normalized outcome: JSON output parsed, text as lines. */
async function ctl(t: Target, leases: LeaseNames, args: string[], input?: string): Promise<Ran> {
  const result: EtcdctlResult = await t.etcdctl(args, input);
  const json = args.includes('-w') && args[args.indexOf('-w') + 1] === 'json';
  let output: unknown;
  if (json) {
    // `txn -i` prompts on stdout before printing its JSON.
    const lines = result.stdout.split('\n').filter((line) => line.startsWith('{') || line.startsWith('['));
    output = parseJsonLines(lines.join('\n')).map((item) => normalizeJson(item, leases));
  } else {
    output = leases.inText(result.stdout).split('\n');
  }
  return { exitCode: result.exitCode, output, errors: result.errors.map((line) => leases.inText(line)) };
}

describe('etcdctl', () => {
  test('put, get and del, in JSON and simple output', async () => {
    const seen = await conform(pair(), async (t) => {
      const leases = new LeaseNames();
      const run = (...args: string[]) => ctl(t, leases, args);
      return {
        put: await run('put', 'c/a', '1', '-w', 'json'),
        putPrev: await run('put', 'c/a', '2', '--prev-kv', '-w', 'json'),
        putSimple: await run('put', 'c/b', 'two words'),
        putPrevSimple: await run('put', 'c/b', 'three', '--prev-kv'),
        get: await run('get', 'c/a', '-w', 'json'),
        getSimple: await run('get', 'c/', '--prefix'),
        getMissing: await run('get', 'c/none', '-w', 'json'),
        ignoreValue: await run('put', 'c/a', '--ignore-value', '-w', 'json'),
        ignoreValueMissing: await run('put', 'c/none', '--ignore-value'),
        del: await run('del', 'c/a', '--prev-kv', '-w', 'json'),
        delSimple: await run('del', 'c/b', '--prev-kv'),
        delNothing: await run('del', 'c/none'),
        getAfter: await run('get', 'c/', '--prefix', '-w', 'json'),
      };
    });
    expect(seen.put).toMatchObject({ exitCode: 0, output: [{ header: { revision: 2 } }] });
    expect(seen.putPrev).toMatchObject({ output: [{ prev_kv: { key: 'c/a', value: '1' } }] });
    expect(seen.getSimple.output).toEqual(['c/a', '2', 'c/b', 'three', '']);
    expect(seen.ignoreValueMissing).toMatchObject({
      exitCode: 1,
      errors: expect.arrayContaining(['Error: etcdserver: key not found']),
    });
    expect(seen.delNothing.output).toEqual(['0', '']);
  });

  test('get with --prefix --rev, --from-key, sorting, limits, keys and counts', async () => {
    const seen = await conform(pair(), async (t) => {
      const leases = new LeaseNames();
      const run = (...args: string[]) => ctl(t, leases, args);
      const first = (await run('put', 'g/b', 'bee', '-w', 'json')).output as Array<{
        header: { revision: number };
      }>;
      await run('put', 'g/a', 'ant');
      await run('put', 'g/c', 'cat');
      await run('put', 'g/b', 'bug');
      await run('del', 'g/c');
      const rev = String(first[0]!.header.revision);
      return {
        atFirst: await run('get', 'g/', '--prefix', `--rev=${rev}`, '-w', 'json'),
        atThird: await run('get', 'g/', '--prefix', `--rev=${Number(rev) + 2}`, '-w', 'json'),
        current: await run('get', 'g/', '--prefix', '-w', 'json'),
        fromKey: await run('get', 'g/b', '--from-key', '--keys-only'),
        range: await run('get', 'g/a', 'g/c', '-w', 'json'),
        sorted: await run('get', 'g/', '--prefix', '--sort-by=VALUE', '--order=DESCEND', '--keys-only'),
        byModify: await run('get', 'g/', '--prefix', '--sort-by=MODIFY', '--order=ASCEND', '-w', 'json'),
        limited: await run('get', 'g/', '--prefix', '--limit=1', '-w', 'json'),
        valuesOnly: await run('get', 'g/', '--prefix', '--print-value-only'),
        serializable: await run('get', 'g/', '--prefix', '--consistency=s', '-w', 'json'),
        future: await run('get', 'g/', '--prefix', '--rev=100000'),
      };
    });
    expect(seen.atFirst).toMatchObject({ output: [{ kvs: [{ key: 'g/b', value: 'bee' }], count: 1 }] });
    expect(seen.limited).toMatchObject({ output: [{ more: true, count: 2 }] });
    expect(seen.future).toMatchObject({
      exitCode: 1,
      errors: expect.arrayContaining(['Error: etcdserver: mvcc: required revision is a future revision']),
    });
  });

  test('txn -i reads compares and both branches from stdin', async () => {
    const seen = await conform(pair(), async (t) => {
      const leases = new LeaseNames();
      await ctl(t, leases, ['put', 'c/t', '1']);
      const script = (expected: string) =>
        [
          `value("c/t") = "${expected}"`,
          '',
          'put c/t "2"',
          'get c/t',
          '',
          'put c/t "0"',
          'get c/t',
          '',
          '',
        ].join('\n');
      return {
        success: await ctl(t, leases, ['txn', '-i', '-w', 'json'], script('1')),
        failure: await ctl(t, leases, ['txn', '-i', '-w', 'json'], script('1')),
        simple: await ctl(
          t,
          leases,
          ['txn', '-i'],
          [`mod("c/t") > "0"`, `version("c/t") = "3"`, '', 'del c/t', '', '', ''].join('\n'),
        ),
        multiCompare: await ctl(
          t,
          leases,
          ['txn', '-w', 'json'],
          ['create("c/none") = "0"', 'version("c/t") = "0"', '', 'put c/u "u"', '', '', ''].join('\n'),
        ),
      };
    });
    expect(seen.success).toMatchObject({ exitCode: 0, output: [{ succeeded: true }] });
    // Go's JSON leaves out false and zero fields: a failed txn has no `succeeded`.
    expect(seen.failure).toMatchObject({
      exitCode: 0,
      output: [{ responses: [{}, { Response: { ResponseRange: { count: 1 } } }] }],
    });
    expect(seen.failure.output).not.toMatchObject([{ succeeded: true }]);
    expect(seen.multiCompare).toMatchObject({ output: [{ succeeded: true }] });
    expect(seen.simple.output).toContain('SUCCESS');
  });

  test('watch --rev replays history and follows new events', async () => {
    const seen = await conform(pair(), async (t) => {
      const leases = new LeaseNames();
      const start = (await ctl(t, leases, ['put', 'cw/a', '1', '-w', 'json'])).output as Array<{
        header: { revision: number };
      }>;
      await ctl(t, leases, ['put', 'cw/b', '1']);
      await ctl(t, leases, ['del', 'cw/a']);
      const rev = `--rev=${start[0]!.header.revision}`;
      const eventsOf = (responses: unknown[]) =>
        responses.flatMap((r) => (r as { Events?: unknown[] }).Events ?? []);
      // Once the history is printed, a new event is written: the watch must then follow it live.
      let written: Promise<unknown> | undefined;
      const responses = await watchWithEtcdctl(t.store.endpoint, ['cw/', '--prefix', rev], (printed) => {
        const seen = eventsOf(printed).length;
        if (seen >= 3 && written === undefined) written = ctl(t, leases, ['put', 'cw/b', '2']);
        return seen >= 4;
      });
      await written;
      // How etcd groups events into responses (one JSON line each) depends on timing; the events
      // and their order do not.
      return eventsOf(responses).map((e) => normalizeJson(e, leases));
    });
    expect(seen).toMatchObject([
      { kv: { key: 'cw/a', value: '1' } },
      { kv: { key: 'cw/b', value: '1' } },
      { type: 1, kv: { key: 'cw/a' } },
      { kv: { key: 'cw/b', value: '2', version: 2 } },
    ]);
  });

  test('watch in simple output, with --prev-kv', async () => {
    const seen = await conform(pair(), async (t) => {
      const first = (await t.etcdctl(['put', 'cs/a', 'one', '-w', 'json'])).stdout;
      await t.etcdctl(['put', 'cs/a', 'two']);
      await t.etcdctl(['del', 'cs/a']);
      const rev = `--rev=${(parseJsonLines(first)[0] as { header: { revision: number } }).header.revision}`;
      const out = await runEtcdctlUntil(t.store.endpoint, ['watch', 'cs/a', rev, '--prev-kv'], (text) =>
        text.includes('DELETE'),
      );
      return out.split('\n');
    });
    expect(seen.slice(0, 9)).toEqual(['PUT', 'cs/a', 'one', 'PUT', 'cs/a', 'one', 'cs/a', 'two', 'DELETE']);
  });

  test('lease grant, put --lease, timetolive, list, keep-alive --once, revoke', async () => {
    const seen = await conform(pair(), async (t) => {
      const leases = new LeaseNames();
      const run = (...args: string[]) => ctl(t, leases, args);
      const granted = await t.etcdctl(['lease', 'grant', '100', '-w', 'json']);
      const id = String((parseJsonLines(granted.stdout)[0] as { ID: string | number }).ID);
      leases.add(id);
      const hex = BigInt(id).toString(16);
      const other = await t.etcdctl(['lease', 'grant', '1', '-w', 'json']);
      leases.add(String((parseJsonLines(other.stdout)[0] as { ID: string | number }).ID));
      return {
        grant: {
          exitCode: granted.exitCode,
          output: parseJsonLines(granted.stdout).map((o) => normalizeJson(o, leases)),
        },
        putWithLease: await run('put', 'cl/a', 'x', `--lease=${hex}`, '-w', 'json'),
        putWithLease2: await run('put', 'cl/b', 'y', `--lease=${hex}`),
        get: await run('get', 'cl/', '--prefix', '-w', 'json'),
        timeToLive: await run('lease', 'timetolive', hex, '--keys', '-w', 'json'),
        timeToLiveUnknown: await run('lease', 'timetolive', '1234', '-w', 'json'),
        list: await run('lease', 'list', '-w', 'json'),
        keepAlive: await run('lease', 'keep-alive', '--once', hex, '-w', 'json'),
        putUnknownLease: await run('put', 'cl/c', 'z', '--lease=1234'),
        revoke: await run('lease', 'revoke', hex, '-w', 'json'),
        afterRevoke: await run('get', 'cl/', '--prefix', '-w', 'json'),
        revokeAgain: await run('lease', 'revoke', hex),
      };
    });
    expect(seen.grant).toMatchObject({ exitCode: 0, output: [{ ID: '<lease 1>', TTL: 100 }] });
    expect(seen.timeToLive).toMatchObject({
      output: [{ id: '<lease 1>', 'granted-ttl': 100, keys: ['cl/a', 'cl/b'], ttl: '<within 5s of 100>' }],
    });
    expect(seen.timeToLiveUnknown).toMatchObject({ output: [{ ttl: -1 }] });
    // Go's JSON leaves out empty fields: no kvs, no count.
    expect(seen.afterRevoke).toMatchObject({ exitCode: 0, output: [{ header: {} }] });
    expect(seen.afterRevoke.output).not.toMatchObject([{ kvs: expect.anything() }]);
    expect(seen.list).toMatchObject({ output: [{ leases: [{ id: '<lease 1>' }, { id: '<lease 2>' }] }] });
    expect(seen.revokeAgain).toMatchObject({
      exitCode: 1,
      errors: expect.arrayContaining([
        'Error: failed to revoke lease (etcdserver: requested lease not found)',
      ]),
    });
  });

  test('compaction, then reads at compacted revisions fail', async () => {
    const seen = await conform(pair(), async (t) => {
      const leases = new LeaseNames();
      const run = (...args: string[]) => ctl(t, leases, args);
      const put = (await run('put', 'cc/a', '1', '-w', 'json')).output as Array<{
        header: { revision: number };
      }>;
      const old = put[0]!.header.revision;
      await run('put', 'cc/a', '2');
      const latest = (await run('put', 'cc/a', '3', '-w', 'json')).output as Array<{
        header: { revision: number };
      }>;
      const to = latest[0]!.header.revision - 1;
      return {
        before: await run('get', 'cc/a', `--rev=${old}`, '-w', 'json'),
        compact: await run('compaction', String(to), '--physical'),
        compacted: await run('get', 'cc/a', `--rev=${old}`),
        atCompaction: await run('get', 'cc/a', `--rev=${to}`, '-w', 'json'),
        again: await run('compaction', String(to)),
        future: await run('compaction', String(to + 100)),
      };
    });
    expect(seen.compact.output).toEqual([expect.stringMatching(/^compacted revision \d+$/), '']);
    expect(seen.compacted).toMatchObject({
      exitCode: 1,
      errors: expect.arrayContaining(['Error: etcdserver: mvcc: required revision has been compacted']),
    });
    expect(seen.again).toMatchObject({ exitCode: 1 });
  });

  test('endpoint status, endpoint health and member list', async () => {
    const seen = await conform(pair(), async (t) => {
      const status = parseJsonLines((await t.etcdctl(['endpoint', 'status', '-w', 'json'])).stdout);
      const health = parseJsonLines((await t.etcdctl(['endpoint', 'health', '-w', 'json'])).stdout);
      const list = parseJsonLines((await t.etcdctl(['member', 'list', '-w', 'json'])).stdout);
      type Status = {
        Endpoint: string;
        Status: { header: { member_id?: string; revision?: number }; version?: string; leader?: string };
      };
      type Health = { endpoint: string; health: boolean; took: string; error?: string };
      // Go's JSON leaves out empty fields, so any of these may be missing.
      type Members = {
        header: { member_id?: string };
        members?: Array<{ ID?: string; name?: string; peerURLs?: string[]; clientURLs?: string[] }>;
      };
      const statuses = (status[0] as Status[]).map((s) => ({
        // The endpoint has a port chosen per run.
        endpoint: s.Endpoint === t.store.endpoint ? '<endpoint>' : s.Endpoint,
        revision: s.Status.header.revision ?? 0,
        // See maintenance.test.ts: ids, raft indexes and terms, and database sizes differ by nature.
        version: (s.Status.version ?? '').split('.').slice(0, 2).join('.'),
        leaderIsThisMember: s.Status.leader !== undefined && s.Status.leader === s.Status.header.member_id,
      }));
      const healths = (health[0] as Health[]).map((h) => ({
        endpoint: h.endpoint === t.store.endpoint ? '<endpoint>' : h.endpoint,
        health: h.health,
        // `took` is a duration.
        error: h.error ?? null,
      }));
      const members = list[0] as Members;
      return {
        statuses,
        healths,
        members: (members.members ?? []).map((m) => ({
          isAnsweringMember: m.ID !== undefined && m.ID === members.header.member_id,
          name: m.name ?? null,
          clientURLs: (m.clientURLs ?? []).map((url) =>
            url === t.store.url ? '<advertised client url>' : url,
          ),
          peerURLs: (m.peerURLs ?? []).map((url) => url.replace(/:\d+$/, ':<port>')),
        })),
      };
    });
    expect(seen.statuses).toEqual([
      { endpoint: '<endpoint>', revision: expect.any(Number), version: '3.4', leaderIsThisMember: true },
    ]);
    expect(seen.healths).toEqual([{ endpoint: '<endpoint>', health: true, error: null }]);
    expect(seen.members).toHaveLength(1);
  });
});
