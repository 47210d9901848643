// Starts history recorders against a store under test, with a logger whose lines the test can read.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { connect, type EtcdClient } from '../../src/etcd/index.js';
import {
  type HistoryRecorder,
  type HistoryRecorderOptions,
  startHistoryRecorder,
} from '../../src/server/history/index.js';
import { waitFor } from '../support/wait.js';

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface RecorderUnderTest {
  readonly recorder: HistoryRecorder;
  readonly client: EtcdClient;
  readonly logs: LogLine[];
  /** Waits until the recorder's position reaches `revision`. */
  until(revision: number): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a recorder on its own connection to `endpoint`. */
export async function startTestRecorder(
  endpoint: string,
  options: Partial<HistoryRecorderOptions> = {},
): Promise<RecorderUnderTest> {
  const logs: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line !== '') logs.push(JSON.parse(line) as LogLine);
      callback();
    },
  });
  const client = await connect({ endpoints: endpoint });
  const recorder = startHistoryRecorder(client, {
    logger: pino({ level: 'info' }, sink),
    retention: false,
    flushIntervalMs: 10,
    ...options,
  });
  return {
    recorder,
    client,
    logs,
    until: async (revision) => {
      await waitFor(() => recorder.position() >= revision, {
        what: `the recorder to reach revision ${revision}`,
      });
    },
    stop: async () => {
      await recorder.stop();
      await client.close();
    },
  };
}
