// No sensitive value in clear: after secrets are written every way the API takes them (a put, a
// change set, an import over a sealed key, a rollback, refused writes), none appears in any answer,
// the server's log, the audit log, or anywhere in etcd.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateKeyPair } from '../../../src/crypto/index.js';
import { addRecipientKey } from '../../../src/keyspace/index.js';
import { createLogger } from '../../../src/log/logger.js';
import { type HistoryRecorder, startHistoryRecorder } from '../../../src/server/history/index.js';
import { type Answer, type ApiUnderTest, type Caller, startApi } from '../../support/api.js';
import { waitFor } from '../../support/wait.js';

describe.each(['etcd', 'setpoint'] as const)('sensitive values stay secret on %s', (kind) => {
  let api: ApiUnderTest;
  let recorder: HistoryRecorder;
  const logged: string[] = [];
  const answers: Answer[] = [];
  const secrets = [
    'first-secret-0f3a',
    'staged-secret-77c1',
    'imported-secret-9d2e',
    'refused-secret-c4b8',
    'big-secret-',
  ];
  /** A caller that keeps every answer for the scan. */
  let admin: Caller;

  beforeAll(async () => {
    const logger = pino({ level: 'trace' }, { write: (line: string) => void logged.push(line) });
    api = await startApi(kind, { logger });
    recorder = startHistoryRecorder(api.client, { logger: createLogger('secrecy-test') });
    await addRecipientKey(api.client, 'ops', (await generateKeyPair('x25519')).publicKey);
    const keep =
      (f: (...args: never[]) => Promise<Answer>) =>
      async (...args: never[]) => {
        const answer = await f(...args);
        answers.push(answer);
        return answer;
      };
    admin = {
      request: keep(api.admin.request as never),
      get: keep(api.admin.get as never),
      post: keep(api.admin.post as never),
      put: keep(api.admin.put as never),
      patch: keep(api.admin.patch as never),
      delete: keep(api.admin.delete as never),
    } as Caller;
  });
  afterAll(async () => {
    await recorder?.stop();
    await api?.stop();
  });

  test('secrets written every way, then read every way, appear nowhere in clear', async () => {
    await admin.post('/api/v1/directories', { name: 'vault', recipients: ['ops'] });
    await admin.put('/api/v1/keys/vault/plain', { value: 'not secret' });
    const first = await admin.put('/api/v1/keys/vault/db/password', { value: secrets[0], sensitive: true });
    expect(first.status).toBe(200);

    const id = (await admin.post('/api/v1/directories/vault/changesets', { message: 'rotate' })).body.id;
    await admin.put(`/api/v1/directories/vault/changesets/${id}/keys/db/password`, { value: secrets[1] });
    await admin.get(`/api/v1/directories/vault/changesets/${id}`);
    expect((await admin.post(`/api/v1/directories/vault/changesets/${id}/publish`, {})).status).toBe(200);

    // An import over a sealed key seals the new value too.
    const imported = await admin.post('/api/v1/directories/vault/import', {
      format: 'json',
      content: JSON.stringify({ db: { password: secrets[2] }, plain: 'not secret' }),
    });
    expect(imported.status).toBe(200);

    // Refused writes must not echo the value either.
    expect((await admin.put('/api/v1/keys/open/token', { value: secrets[3], sensitive: true })).status).toBe(
      409,
    );
    expect(
      (await admin.put('/api/v1/keys/vault/huge', { value: 'big-secret-'.repeat(100_000), sensitive: true }))
        .status,
    ).toBe(413);

    const last = imported.body.change.revision as number;
    await waitFor(() => recorder.position() >= last, { timeoutMs: 30_000, what: 'the recorder to catch up' });
    const history = await admin.get('/api/v1/history/vault/db/password');
    expect(history.body.entries).toHaveLength(3);
    expect(
      history.body.entries.every(
        (e: { sealed: boolean; value?: string }) => e.sealed && e.value === undefined,
      ),
    ).toBe(true);
    await admin.post('/api/v1/rollback', { path: 'vault/', revision: first.body.revision, dryRun: true });
    expect(
      (await admin.post('/api/v1/rollback', { path: 'vault/db/password', revision: first.body.revision }))
        .status,
    ).toBe(200);
    await admin.get('/api/v1/keys/vault/');
    await admin.get('/api/v1/keys/vault/db/password');
    await admin.get('/api/v1/history/vault/');
    await admin.get(`/api/v1/diff?path=vault/&from=${first.body.revision}`);
    await admin.get('/api/v1/directories/vault/export?format=yaml');
    await admin.get('/api/v1/compare?from=vault&to=open');
    await admin.post('/api/v1/copy', { from: 'vault', to: 'open', dryRun: true });
    await admin.get('/api/v1/directories/vault/changes');
    const audit = await admin.get('/api/v1/audit?limit=1000');
    expect(audit.body.entries.length).toBeGreaterThan(5);

    const etcd = JSON.stringify(await api.client.etcd.getAll().strings());
    const everywhere = [
      ['answers', answers.map((a) => `${[...a.headers.entries()].join('\n')}\n${a.text}`).join('\n')],
      ['server log', logged.join('')],
      ['etcd (keys, drafts, change records, history, audit)', etcd],
    ] as const;
    for (const [where, text] of everywhere) {
      for (const secret of secrets) expect(text.includes(secret), `${secret} in ${where}`).toBe(false);
    }
    // And the scan looked at real material: the sealed values are there, as sealed values.
    expect(etcd).toContain('setpoint:sealed:v1:');
    expect(answers.length).toBeGreaterThan(15);
  });
});
