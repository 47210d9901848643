// Many clients editing a few shared keys with compare-and-swap (GET, then PUT with If-Match) through
// the API, over real etcd and the embedded store: no edit lost or doubled, in etcd, in the change
// records and in the recorded history.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHANGES_PREFIX } from '../../../src/keyspace/index.js';
import { createLogger } from '../../../src/log/logger.js';
import {
  type HistoryRecorder,
  readKeyHistory,
  startHistoryRecorder,
} from '../../../src/server/history/index.js';
import { type ApiUnderTest, type Caller, startApi } from '../../support/api.js';
import { waitFor } from '../../support/wait.js';

const CLIENTS = 50;
/**
 * Each edit is a GET and a PUT through the API in this one process: about 9 etcd calls. 50 x 100 =
 * 5 000 edits took 29 s per store on two cores at load 2, and 59-76 s at load 8-11; 50 x 30 takes
 * 8-11 s and 18-26 s, and still lands about 200 edits against some 1 300 conflicts.
 * SETPOINT_TEST_CAS_EDITS=100 runs the full size.
 */
const EDITS_PER_CLIENT = Number(process.env.SETPOINT_TEST_CAS_EDITS ?? 30);
const KEYS = Array.from({ length: 5 }, (_, i) => `race/shared/key-${i}`);
/** The editors the clients act as, in turn: each change record must name the one whose edit landed. */
const EDITORS = Array.from({ length: 5 }, (_, i) => `editor-${i}`);

/** An edit that landed: what was sent, and the answer's revision. */
interface Landed {
  readonly key: string;
  readonly user: string;
  readonly value: string;
  /** The If-Match sent: the key's mod_revision as the GET before it saw it (0: not there yet). */
  readonly expected: number;
  readonly revision: number;
}

/** What one client saw: its landed edits, and every status that was neither 200 nor 409. */
interface ClientRun {
  readonly landed: Landed[];
  conflicts: number;
  readonly unexpected: string[];
}

/** One client: `EDITS_PER_CLIENT` compare-and-swap edits, each reading the key's revision first. */
async function edit(caller: Caller, user: string, client: number): Promise<ClientRun> {
  const run: ClientRun = { landed: [], conflicts: 0, unexpected: [] };
  for (let n = 0; n < EDITS_PER_CLIENT; n++) {
    // Spread over the keys, a different one each edit, so every key has contenders throughout.
    const key = KEYS[(client + n) % KEYS.length]!;
    const read = await caller.get(`/api/v1/keys/${key}`);
    if (read.status !== 200 && read.status !== 404) {
      run.unexpected.push(`GET ${key}: ${read.status} ${read.text}`);
      continue;
    }
    const expected = read.status === 404 ? 0 : (read.body.modRevision as number);
    const value = `client ${client} edit ${n}`;
    const put = await caller.put(
      `/api/v1/keys/${key}`,
      { value },
      { headers: { 'if-match': `${expected}` } },
    );
    if (put.status === 200) {
      run.landed.push({ key, user, value, expected, revision: put.body.revision as number });
    } else if (put.status === 409 && put.body.error?.code === 'KEY_CHANGED') {
      run.conflicts += 1;
      const [conflict] = put.body.error.details.conflicts as {
        key: string;
        expected: number;
        current: number;
      }[];
      if (conflict?.key !== key || conflict.expected !== expected || conflict.current === expected)
        run.unexpected.push(`PUT ${key} If-Match ${expected}: 409 with ${JSON.stringify(conflict)}`);
    } else {
      run.unexpected.push(`PUT ${key} If-Match ${expected}: ${put.status} ${put.text}`);
    }
  }
  return run;
}

describe.each(['etcd', 'setpoint'] as const)('concurrent compare-and-swap edits on %s', (kind) => {
  let api: ApiUnderTest;
  let recorder: HistoryRecorder;

  beforeAll(async () => {
    api = await startApi(kind);
    recorder = startHistoryRecorder(api.client, {
      logger: createLogger('concurrency-test'),
      retention: false,
    });
    // Edits made before the recorder's baseline would be recorded as baseline values, not as changes.
    await waitFor(() => recorder.position() > 0, { what: 'the history recorder to start' });
  }, 120_000);
  afterAll(async () => {
    await recorder?.stop();
    await api?.stop();
  });

  test(`${CLIENTS} clients x ${EDITS_PER_CLIENT} edits on ${KEYS.length} keys: each edit lands once or gets 409, and every landed one is kept`, async () => {
    const callers = await Promise.all(
      EDITORS.map((name) => api.user(name, [{ role: 'editor', prefix: 'race/' }])),
    );
    const runs = await Promise.all(
      Array.from({ length: CLIENTS }, (_, c) =>
        edit(callers[c % EDITORS.length]!, EDITORS[c % EDITORS.length]!, c),
      ),
    );

    expect(runs.flatMap((r) => r.unexpected)).toEqual([]);
    const landed = runs.flatMap((r) => r.landed);
    const conflicts = runs.reduce((sum, r) => sum + r.conflicts, 0);
    expect(landed.length + conflicts).toBe(CLIENTS * EDITS_PER_CLIENT);
    // Contention must be real for the test to mean anything, and some edits must get through.
    expect(conflicts).toBeGreaterThan(0);
    expect(landed.length).toBeGreaterThan(0);
    const revisions = landed.map((l) => l.revision);
    expect(new Set(revisions).size).toBe(landed.length);

    for (const key of KEYS) {
      const onKey = landed.filter((l) => l.key === key).sort((a, b) => a.revision - b.revision);
      expect(onKey.length, key).toBeGreaterThan(0);
      // The landed edits of a key form one chain: each was made against the revision the one before
      // it wrote (the first against "not there yet"), so none overwrote an edit it had not seen.
      expect(
        onKey.map((l) => l.expected),
        key,
      ).toEqual([0, ...onKey.slice(0, -1).map((l) => l.revision)]);
      const stored = (await api.client.etcd.get(key).exec()).kvs[0]!;
      expect(Number(stored.version), `${key}: etcd's version`).toBe(onKey.length);
      expect(Number(stored.mod_revision), key).toBe(onKey.at(-1)!.revision);
      expect(stored.value.toString('utf8'), key).toBe(onKey.at(-1)!.value);
    }

    // One change record per landed edit, at the edit's revision, naming its key and its editor.
    const records = await api.client.etcd.getAll().prefix(`${CHANGES_PREFIX}race/`).exec();
    const byRevision = new Map(landed.map((l) => [l.revision, l]));
    expect(records.kvs.length).toBe(landed.length);
    const recordRevisions = records.kvs.map((kv) => Number(kv.mod_revision));
    expect(new Set(recordRevisions).size).toBe(records.kvs.length);
    expect([...recordRevisions].sort((a, b) => a - b)).toEqual([...revisions].sort((a, b) => a - b));
    for (const kv of records.kvs) {
      const record = JSON.parse(kv.value.toString('utf8')) as { user: string; keys: { key: string }[] };
      const made = byRevision.get(Number(kv.mod_revision))!;
      expect({ user: record.user, keys: record.keys.map((k) => k.key) }).toEqual({
        user: made.user,
        keys: [made.key],
      });
    }

    // The recorded history: each landed edit once, with the value it wrote, and nothing else.
    const last = Math.max(...revisions);
    await waitFor(() => recorder.position() >= last, {
      what: `the history recorder to reach revision ${last}`,
      timeoutMs: 30_000,
    });
    for (const key of KEYS) {
      const onKey = landed.filter((l) => l.key === key).sort((a, b) => b.revision - a.revision);
      const history = await readKeyHistory(api.client, key, { limit: CLIENTS * EDITS_PER_CLIENT + 1 });
      expect(
        history.map((e) => ({
          revision: e.revision,
          kind: e.kind,
          baseline: e.baseline,
          value: e.value?.toString('utf8'),
        })),
        key,
      ).toEqual(onKey.map((l) => ({ revision: l.revision, kind: 'put', baseline: false, value: l.value })));
    }
  }, 120_000);
});
