// Backup progress reports: a phase's start and end always go out, updates within a phase at most
// every interval, the outcome last (with the error's code), and nothing after it.
import { describe, expect, test } from 'vitest';
import { BackupProgressHub, type BackupProgressReport, backupProgressOf } from './backup-progress.js';

function hubWithClock() {
  let time = 1_000;
  const hub = new BackupProgressHub({ intervalMs: 250, now: () => time });
  const reports: BackupProgressReport[] = [];
  hub.subscribe((report) => reports.push(report));
  return { hub, reports, advance: (ms: number) => (time += ms) };
}

describe('BackupProgressHub', () => {
  test('sends phase starts and ends, throttles updates, and ends with the outcome', () => {
    const { hub, reports, advance } = hubWithClock();
    const run = hub.begin('create', { by: 'alice' });
    run.progress.start('backup', 100);
    run.progress.update({ keys: 10, bytes: 100 });
    advance(100);
    run.progress.update({ keys: 20, bytes: 200 });
    advance(200);
    run.progress.update({ keys: 30, bytes: 300 });
    run.progress.done({ keys: 100, bytes: 1000 });
    run.finish({ backup: '20261130T030000Z-r42' });
    run.progress.update({ keys: 101, bytes: 1001 });
    expect(reports.map((r) => [r.phase, r.keys, r.done])).toEqual([
      ['backup', 0, false],
      ['backup', 30, false],
      ['backup', 100, false],
      ['finished', 100, true],
    ]);
    expect(reports.at(-1)).toMatchObject({
      operation: 'create',
      id: 'create-1',
      by: 'alice',
      backup: '20261130T030000Z-r42',
      totalKeys: 100,
      outcome: 'success',
      error: null,
    });
  });

  test("a failure's report carries the error's stable code, or INTERNAL", () => {
    const { hub, reports } = hubWithClock();
    hub
      .begin('restore', { by: 'bob', backup: 'b1' })
      .finish({ error: Object.assign(new Error('x'), { code: 'RESTORE_CONFLICT' }) });
    hub.begin('verify', { by: 'bob' }).finish({ error: new Error('lost connection') });
    expect(reports.map((r) => [r.operation, r.outcome, r.error, r.backup])).toEqual([
      ['restore', 'failure', 'RESTORE_CONFLICT', 'b1'],
      ['verify', 'failure', 'INTERNAL', null],
    ]);
  });

  test('a listener that throws or unsubscribes does not stop the others', () => {
    const { hub, reports } = hubWithClock();
    hub.subscribe(() => {
      throw new Error('broken listener');
    });
    const seen: string[] = [];
    const stop = hub.subscribe((report) => seen.push(report.phase));
    hub.begin('create', { by: 'a' }).progress.start('backup');
    stop();
    hub.begin('create', { by: 'a' }).progress.start('backup');
    expect(seen).toEqual(['backup']);
    expect(reports).toHaveLength(2);
  });

  test('one hub per owner', () => {
    const owner = {};
    expect(backupProgressOf(owner)).toBe(backupProgressOf(owner));
    expect(backupProgressOf({})).not.toBe(backupProgressOf(owner));
  });
});
