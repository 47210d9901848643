import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ContainerState, DockerEngine } from '../actions/docker-engine.js';
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

  describe('on a Docker engine (checks on its own schedule)', () => {
    /** An engine whose container answers each inspect with the next state (the last one repeats). */
    function engine(states: Partial<ContainerState>[]): () => DockerEngine {
      const base: ContainerState = {
        id: 'c',
        running: true,
        restarting: false,
        exitCode: 0,
        error: '',
        startedAt: Date.now() - 3_600_000,
        health: undefined,
        lastHealthCheck: undefined,
        bindSources: [],
      };
      const fake = {
        inspect: async () => ({ ...base, ...(states.length > 1 ? states.shift() : states[0]) }),
        runsHealthChecksOnRequest: async () => false,
        runHealthCheck: async () => {
          throw new Error('Docker cannot run a health check on request');
        },
      } as unknown as DockerEngine;
      return () => fake;
    }
    const gate = { type: 'docker', container: 'app', settleMs: 0, ...timing } as const;
    const before = { start: '2026-11-30T10:00:00.000000001Z', exitCode: 0, output: '' };
    const after = { start: '2026-11-30T10:00:05.000000001Z', exitCode: 0, output: '' };

    it.each<[string, Partial<ContainerState>[], Awaited<ReturnType<typeof waitHealthy>>, number?]>([
      [
        'a healthy status from a check before the change does not pass (after a signal it is stale)',
        [{ health: 'healthy', lastHealthCheck: before }],
        {
          healthy: false,
          reason:
            "not healthy within 200 ms: container 'app' has had no health check since the change (it says healthy from an older one); Docker runs them every --interval of the image: give the gate a longer timeout than that",
        },
        200,
      ],
      [
        'passes on a check run after the change',
        [
          { health: 'healthy', lastHealthCheck: before },
          { health: 'healthy', lastHealthCheck: after },
        ],
        { healthy: true },
      ],
      [
        'an unhealthy status from before the change does not fail a change that repairs it',
        [
          { health: 'unhealthy', lastHealthCheck: { ...before, exitCode: 1 } },
          { health: 'healthy', lastHealthCheck: after },
        ],
        { healthy: true },
      ],
      [
        'a check after the change that makes it unhealthy fails at once, with its output',
        [
          { health: 'healthy', lastHealthCheck: before },
          {
            health: 'unhealthy',
            lastHealthCheck: { ...after, exitCode: 1, output: 'no backend' },
          },
        ],
        {
          healthy: false,
          reason: "container 'app' is unhealthy: its last health check exited with 1: no backend",
        },
      ],
      [
        'a failed check that has not yet reached the retries does not pass',
        [
          { health: 'healthy', lastHealthCheck: before },
          { health: 'healthy', lastHealthCheck: { ...after, exitCode: 1 } },
        ],
        {
          healthy: false,
          reason:
            "not healthy within 200 ms: container 'app' health is healthy: its last health check exited with 1",
        },
        200,
      ],
    ])('%s', async (_name, states, verdict, timeoutMs) => {
      expect(
        await waitHealthy({ ...gate, ...(timeoutMs ? { timeoutMs } : {}) }, { docker: engine(states) }),
      ).toEqual(verdict);
    });

    it('counts the settle time from the change, not from a start long before it (a signal)', async () => {
      const verdict = await waitHealthy(
        { ...gate, settleMs: 60_000, timeoutMs: 200 },
        { docker: engine([{}]) },
      );
      expect(verdict).toMatchObject({ healthy: false });
      expect((verdict as { reason: string }).reason).toMatch(
        /^not healthy within 200 ms: container 'app' has been up \d+ ms of 60000$/,
      );
    });

    it('fails when the container restarted on its own during the gate', async () => {
      const started = Date.now() - 3_600_000;
      expect(
        await waitHealthy(
          { ...gate, settleMs: 60_000 },
          {
            docker: engine([{ startedAt: started }, { startedAt: started + 1_000 }]),
          },
        ),
      ).toEqual({ healthy: false, reason: "container 'app' restarted on its own (it crashed)" });
    });
  });
});
