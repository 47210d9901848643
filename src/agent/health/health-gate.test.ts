import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DockerEngine } from '../actions/docker-engine.js';
import { waitHealthy } from './health-gate.js';

// Passing cases return as soon as the check passes; the long timeout only absorbs a loaded machine.
const timing = { timeoutMs: 30_000, intervalMs: 20 };
const noDocker = (): DockerEngine => {
  throw new Error('no docker in this test');
};

describe('the health gate', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  async function serve(statuses: number[]): Promise<string> {
    server = createServer((_request, response) => {
      response.statusCode = statuses.length > 1 ? statuses.shift()! : statuses[0]!;
      response.end();
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
  }

  it('passes once the URL answers 2xx', async () => {
    const url = await serve([503, 503, 200]);
    expect(await waitHealthy({ type: 'http', url, ...timing }, { docker: noDocker })).toEqual({
      healthy: true,
    });
  });

  it('fails after its timeout, saying what it saw last', async () => {
    const url = await serve([503]);
    expect(
      await waitHealthy({ type: 'http', url, timeoutMs: 200, intervalMs: 20 }, { docker: noDocker }),
    ).toEqual({
      healthy: false,
      reason: `not healthy within 200 ms: ${url} answered HTTP 503`,
    });
  });

  it('checks a TCP port', async () => {
    const url = await serve([200]);
    const port = Number(new URL(url).port);
    expect(
      await waitHealthy({ type: 'tcp', host: '127.0.0.1', port, ...timing }, { docker: noDocker }),
    ).toEqual({
      healthy: true,
    });
    server?.close();
    const verdict = await waitHealthy(
      { type: 'tcp', host: '127.0.0.1', port, timeoutMs: 100, intervalMs: 20 },
      { docker: noDocker },
    );
    expect(verdict).toEqual({
      healthy: false,
      reason: `not healthy within 100 ms: 127.0.0.1:${port}: ECONNREFUSED`,
    });
  });

  it('runs a command', async () => {
    expect(await waitHealthy({ type: 'command', command: 'true', ...timing }, { docker: noDocker })).toEqual({
      healthy: true,
    });
    expect(
      await waitHealthy(
        { type: 'command', command: ['sh', '-c', 'echo down >&2; exit 4'], timeoutMs: 100, intervalMs: 20 },
        { docker: noDocker },
      ),
    ).toEqual({
      healthy: false,
      reason: 'not healthy within 100 ms: the health command exited with status 4: down',
    });
  });

  it('reports the last real answer, not a try its own deadline cut short', async () => {
    const marker = join(await mkdtemp(join(tmpdir(), 'gate-')), 'tried');
    const command = [
      'sh',
      '-c',
      `if [ -f '${marker}' ]; then sleep 10; else touch '${marker}'; echo down >&2; exit 1; fi`,
    ];
    const verdict = await waitHealthy(
      { type: 'command', command, timeoutMs: 300, intervalMs: 20 },
      { docker: noDocker },
    );
    expect(verdict).toEqual({
      healthy: false,
      reason: 'not healthy within 300 ms: the health command exited with status 1: down',
    });
  });

  it('fails at once when the container stopped', async () => {
    const stopped = {
      inspect: async () => ({
        id: 'c',
        running: false,
        restarting: false,
        exitCode: 2,
        error: '',
        startedAt: 0,
        health: undefined,
        bindSources: [],
      }),
    } as unknown as DockerEngine;
    expect(
      await waitHealthy(
        { type: 'docker', container: 'registry', settleMs: 1000, timeoutMs: 60_000, intervalMs: 20 },
        { docker: () => stopped },
      ),
    ).toEqual({ healthy: false, reason: "container 'registry' stopped with exit code 2" });
  });
});
