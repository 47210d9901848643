// startBackupSchedule on a per-second cron: runs at each tick, never two at once (the tick during
// a run is skipped and logged), failures go to onError and the log and the next tick runs, stop
// aborts the run in progress and waits for it.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, test } from 'vitest';
import { waitFor } from '../../../test/support/wait.js';
import { InvalidScheduleError } from './errors.js';
import { type RunningBackupSchedule, startBackupSchedule } from './start-schedule.js';

interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** A logger whose lines the test can read. */
function capturedLogger() {
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line !== '') lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines };
}

describe('startBackupSchedule', () => {
  let schedule: RunningBackupSchedule | undefined;
  afterEach(async () => {
    await schedule?.stop();
    schedule = undefined;
  });

  test('runs at each tick, and tells when the next one comes', async () => {
    const { logger } = capturedLogger();
    let runs = 0;
    schedule = startBackupSchedule({
      cron: '* * * * * *',
      logger,
      run: async () => {
        runs++;
      },
    });
    const next = schedule.nextRun();
    expect(next).toBeInstanceOf(Date);
    expect(next!.getTime()).toBeGreaterThan(Date.now() - 1000);
    await waitFor(() => runs >= 3, { what: 'three runs', timeoutMs: 10_000 });
  });

  test('never runs two at once: a tick during a run is skipped and logged', async () => {
    const { logger, lines } = capturedLogger();
    let running = 0;
    let mostAtOnce = 0;
    let runs = 0;
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    schedule = startBackupSchedule({
      cron: '* * * * * *',
      logger,
      run: async () => {
        runs++;
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        // The first run lasts until the test has seen a tick skipped.
        if (runs === 1) await released;
        running--;
      },
    });
    const skipped = await waitFor(
      () =>
        lines.find((line) => line.msg === 'skipped a scheduled backup: the previous one is still running'),
      { what: 'a skipped tick', timeoutMs: 10_000 },
    );
    expect(skipped.level).toBe(40); // warn
    expect(skipped.schedule).toBe('* * * * * *');
    expect(typeof skipped.runningSince).toBe('string');
    expect(runs).toBe(1);
    release();
    await waitFor(() => runs >= 2, { what: 'a run after the long one', timeoutMs: 10_000 });
    expect(mostAtOnce).toBe(1);
  });

  test('reports failures to onError and the log, and runs again at the next tick', async () => {
    const { logger, lines } = capturedLogger();
    const errors: unknown[] = [];
    let runs = 0;
    schedule = startBackupSchedule({
      cron: '* * * * * *',
      logger,
      run: async () => {
        runs++;
        throw new Error(`swift answered 503 on run ${runs}`);
      },
      onError: (error) => errors.push(error),
    });
    await waitFor(() => errors.length >= 2, { what: 'two failures reported', timeoutMs: 10_000 });
    expect((errors[0] as Error).message).toBe('swift answered 503 on run 1');
    const failure = lines.find((line) => line.msg === 'scheduled backup failed');
    expect(failure).toMatchObject({ level: 50, err: { message: 'swift answered 503 on run 1' } }); // 50: error
  });

  test('survives a run that throws synchronously and an onError that throws', async () => {
    const { logger, lines } = capturedLogger();
    let runs = 0;
    schedule = startBackupSchedule({
      cron: '* * * * * *',
      logger,
      run: (() => {
        runs++;
        throw new Error('not even a promise');
      }) as () => Promise<void>,
      onError: () => {
        throw new Error('the reporter broke');
      },
    });
    await waitFor(() => runs >= 2, { what: 'two runs', timeoutMs: 10_000 });
    await waitFor(
      () => lines.some((line) => line.msg === 'the onError callback of the backup schedule threw'),
      {
        what: "onError's failure in the log",
      },
    );
  });

  test('stop aborts the run in progress, waits for it, and ends the ticks', async () => {
    const { logger } = capturedLogger();
    let runs = 0;
    let finished = false;
    let signal: AbortSignal | undefined;
    schedule = startBackupSchedule({
      cron: '* * * * * *',
      logger,
      run: async (runSignal) => {
        runs++;
        signal = runSignal;
        await new Promise((resolve) => runSignal.addEventListener('abort', resolve, { once: true }));
        finished = true;
      },
    });
    await waitFor(() => runs === 1, { what: 'a run', timeoutMs: 10_000 });
    await schedule.stop();
    expect(signal?.aborted).toBe(true);
    expect(finished).toBe(true);
    expect(schedule.nextRun()).toBeNull();
  });

  test('refuses an invalid expression at once', () => {
    const { logger } = capturedLogger();
    expect(() => startBackupSchedule({ cron: '0 25 * * *', logger, run: async () => undefined })).toThrow(
      InvalidScheduleError,
    );
  });
});
