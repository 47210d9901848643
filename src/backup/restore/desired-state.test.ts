import { describe, expect, it } from 'vitest';
import type { BackupRecord } from '../format/record.js';
import { desiredState } from './desired-state.js';

const record = (key: string, value: string, kind?: 'put' | 'delete'): BackupRecord => ({
  key: Buffer.from(key),
  value: Buffer.from(value),
  createRevision: 1,
  modRevision: 1,
  version: 1,
  lease: '0',
  ...(kind !== undefined ? { kind } : {}),
});

/** The records in batches of two, so merges across batch ends are tested too. */
async function* from(records: BackupRecord[]): AsyncGenerator<BackupRecord[]> {
  for (let i = 0; i < records.length; i += 2) yield records.slice(i, i + 2);
}

async function run(base: BackupRecord[], changes: BackupRecord[], prefixes = ['']): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of desiredState(from(base), changes, prefixes)) {
    expect(batch.length).toBeGreaterThan(0);
    for (const r of batch) out.push(`${r.key}=${r.value}`);
  }
  return out;
}

describe('the state a restore aims for', () => {
  it('lays later changes over the backup in key order: the last change wins, a delete removes', async () => {
    const base = [record('a/1', 'x'), record('a/3', 'y'), record('a/5', 'z')];
    const changes = [
      record('a/0', 'new', 'put'),
      record('a/3', 'y2', 'put'),
      record('a/3', 'y3', 'put'),
      record('a/5', '', 'delete'),
      record('a/6', 'gone', 'put'),
      record('a/6', '', 'delete'),
      record('a/9', 'late', 'put'),
    ];
    expect(await run(base, changes)).toEqual(['a/0=new', 'a/1=x', 'a/3=y3', 'a/9=late']);
  });

  it('ignores changes outside the prefixes the backup holds', async () => {
    expect(await run([record('a/1', 'x')], [record('b/1', 'other', 'put')], ['a/'])).toEqual(['a/1=x']);
  });
});
