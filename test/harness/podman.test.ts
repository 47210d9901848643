// The podman service the agent tests use as their Docker Engine: it answers the Docker API on its
// own socket, runs containers from imported images (through its CLI and through dockerode),
// restarts them, and leaves nothing running or on disk once stopped.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importProgramsImage, type Podman, socketRequest, startPodman } from '../support/podman.js';
import { waitFor } from '../support/wait.js';

/** Docker's multiplexed log stream (no TTY): 8-byte frame headers before each chunk. */
function demux(stream: Buffer): string {
  const parts: Buffer[] = [];
  for (let at = 0; at + 8 <= stream.length; ) {
    const size = stream.readUInt32BE(at + 4);
    parts.push(stream.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('podman service (test/support/podman.ts)', () => {
  let podman: Podman;
  let docker: Docker;
  let image: string;

  beforeAll(async () => {
    podman = await startPodman();
    docker = new Docker({ socketPath: podman.socketPath });
    image = await importProgramsImage(podman, {
      name: 'localhost/setpoint-test-cat:latest',
      programs: ['/usr/bin/cat', '/usr/bin/sh'],
      files: [['/hello.txt', 'hello from the image\n']],
    });
  });

  afterAll(async () => {
    await podman?.stop();
  });

  it('answers GET /_ping and the Docker API on its socket', async () => {
    expect(await socketRequest(podman.socketPath, 'GET', '/_ping')).toEqual({ status: 200, body: 'OK' });
    expect(podman.dockerHost).toBe(`unix://${podman.socketPath}`);
    const version = await docker.version();
    expect(version.ApiVersion).toMatch(/^1\.\d+$/);
    const images = await docker.listImages();
    expect(images.flatMap((i) => i.RepoTags ?? [])).toContain(image);
  });

  it('runs a container from an imported image with the podman CLI', async () => {
    const { stdout } = await podman.run([
      'run',
      '--rm',
      '--network',
      'host',
      ...podman.ulimitFlags,
      image,
      'cat',
      '/hello.txt',
    ]);
    expect(stdout).toBe('hello from the image\n');
  });

  it('runs a container through the Docker API, and reports its single-file bind mount', async () => {
    const file = join(podman.folder, 'mounted.yml');
    await writeFile(file, 'mounted: yes\n');
    const container = await docker.createContainer({
      Image: image,
      Cmd: ['cat', '/etc/mounted.yml'],
      HostConfig: { NetworkMode: 'host', Ulimits: [...podman.ulimits], Binds: [`${file}:/etc/mounted.yml`] },
    });
    try {
      await container.start();
      expect(await container.wait()).toMatchObject({ StatusCode: 0 });
      expect(demux(await container.logs({ stdout: true, stderr: true }))).toBe('mounted: yes\n');
      const info = await container.inspect();
      expect(info.Mounts).toContainEqual(
        expect.objectContaining({ Source: file, Destination: '/etc/mounted.yml' }),
      );
    } finally {
      await container.remove({ force: true });
    }
  });

  it('restarts a running container (new StartedAt) and stops it with a signal, through the Docker API', async () => {
    // cat waits on its open stdin for ever: a long-running service without a sleep binary.
    const container = await docker.createContainer({
      Image: image,
      Cmd: ['cat'],
      OpenStdin: true,
      HostConfig: { NetworkMode: 'host', Ulimits: [...podman.ulimits] },
    });
    try {
      await container.start();
      const before = await container.inspect();
      expect(before.State.Running).toBe(true);
      await container.restart({ t: 1 });
      const after = await container.inspect();
      expect(after.State.Running).toBe(true);
      expect(after.State.StartedAt).not.toBe(before.State.StartedAt);
      await container.kill({ signal: 'SIGKILL' });
      await waitFor(async () => !(await container.inspect()).State.Running, { what: 'cat to be killed' });
    } finally {
      await container.remove({ force: true });
    }
  });

  it('stop() removes its containers, ends the service and deletes its folder', async () => {
    const other = await startPodman();
    await importProgramsImage(other, { name: image, programs: ['/usr/bin/cat'] });
    await other.run([
      'run',
      '--detach',
      '--interactive',
      '--name',
      'left-running',
      ...other.ulimitFlags,
      image,
      'cat',
    ]);
    const { stdout } = await other.run([
      'inspect',
      '--format',
      '{{.State.Pid}} {{.State.ConmonPid}}',
      'left-running',
    ]);
    const pids = stdout.trim().split(' ').map(Number);
    expect(pids.every((pid) => pid > 0 && isAlive(pid))).toBe(true);

    await other.stop();

    expect(other.process().child.exitCode !== null || other.process().child.signalCode !== null).toBe(true);
    expect(existsSync(other.folder)).toBe(false);
    await waitFor(() => pids.every((pid) => !isAlive(pid)), { what: 'the container and its conmon to end' });
  });
});
