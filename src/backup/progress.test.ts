import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progressReporter } from './progress.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { stream, lines };
}

describe('progress', () => {
  it('writes JSON lines off a terminal, with the rate and an ETA from the keys or the bytes to go', () => {
    let now = 0;
    const { stream, lines } = capture();
    const progress = progressReporter({ stream, now: () => now });
    progress.start('restore', 1000);
    now = 2000;
    progress.update({ keys: 250, bytes: 0 });
    progress.start('download and check', undefined, 4_000_000);
    now = 3000;
    progress.update({ keys: 0, bytes: 1_000_000 });
    now = 4000;
    progress.done({ keys: 0, bytes: 4_000_000 });
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      {
        phase: 'restore',
        keys: 250,
        totalKeys: 1000,
        bytes: 0,
        keysPerSecond: 125,
        bytesPerSecond: 0,
        etaSeconds: 6,
        seconds: 2,
      },
      {
        phase: 'download and check',
        keys: 0,
        totalBytes: 4_000_000,
        bytes: 1_000_000,
        keysPerSecond: 0,
        bytesPerSecond: 1_000_000,
        etaSeconds: 3,
        seconds: 1,
      },
      {
        phase: 'download and check',
        keys: 0,
        totalBytes: 4_000_000,
        bytes: 4_000_000,
        keysPerSecond: 0,
        bytesPerSecond: 2_000_000,
        seconds: 2,
        done: true,
      },
    ]);
  });

  it('draws a bar with the share, rates and ETA on a terminal, at most ten times a second', () => {
    let now = 0;
    const { stream, lines } = capture();
    Object.assign(stream, { isTTY: true });
    const progress = progressReporter({ stream, now: () => now });
    progress.start('backup', 100);
    now = 1000;
    progress.update({ keys: 50, bytes: 5_000_000 });
    now = 1050;
    progress.update({ keys: 51, bytes: 5_100_000 });
    expect(lines).toEqual([
      '\rbackup [############------------] 50% 50/100 keys  5.0 MB/s  50 keys/s ETA 0:01\u001b[K',
    ]);
  });
});
