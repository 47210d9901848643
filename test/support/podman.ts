// Starts a private podman service (the Docker Engine API on a unix socket) in a temporary folder,
// isolated from the machine's podman state, and builds images from programs on this machine.
import { execFile } from 'node:child_process';
import { chmod, copyFile, lstat, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { tempFolder } from './ports.js';
import { type RunningProcess, startProcess } from './process.js';
import { waitFor } from './wait.js';

const execFileAsync = promisify(execFile);

/** What a podman command printed. */
export interface CommandOutput {
  stdout: string;
  stderr: string;
}

/** A Docker API ulimit, as dockerode's `HostConfig.Ulimits` takes it. */
export interface Ulimit {
  Name: 'nofile' | 'nproc';
  Soft: number;
  Hard: number;
}

export interface Podman {
  /** The service's unix socket: `new Docker({ socketPath })`. */
  readonly socketPath: string;
  /** `unix://` + socketPath, as `DOCKER_HOST` takes it. */
  readonly dockerHost: string;
  /** The temporary folder holding the storage, the state and the socket. */
  readonly folder: string;
  /**
   * Limits every container must set explicitly (`HostConfig.Ulimits` on the Docker API): podman's
   * defaults exceed the hard limits here, and root cannot raise them (no CAP_SYS_RESOURCE).
   */
  readonly ulimits: readonly Ulimit[];
  /** The same limits as `podman run` flags: `--ulimit nofile=N:N --ulimit nproc=N:N`. */
  readonly ulimitFlags: readonly string[];
  /** Runs the podman CLI on the same storage and state as the service; rejects with its stderr on failure. */
  run(args: string[], options?: { timeoutMs?: number }): Promise<CommandOutput>;
  process(): RunningProcess;
  /** Removes every container, stops the service and deletes the folder. */
  stop(): Promise<void>;
}

export interface PodmanOptions {
  /**
   * `vfs` (default) works on any file system, and leaves no mount behind; `overlay` is faster for
   * large images but needs a file system that overlayfs accepts as upper layer.
   */
  storageDriver?: 'vfs' | 'overlay';
}

/**
 * Starts `podman system service` on a socket in a new temporary folder, with its own storage,
 * state, locks and network configuration, and waits until it answers `GET /_ping`.
 *
 * @example
 * const podman = await startPodman();
 * const docker = new Docker({ socketPath: podman.socketPath });
 * await podman.run(['ps', '--all']);
 * await podman.stop();
 */
export async function startPodman(options: PodmanOptions = {}): Promise<Podman> {
  const folder = await tempFolder('podman');
  const path = (name: string) => join(folder.path, name);
  const socketPath = path('podman.sock');
  await Promise.all(['root', 'runroot', 'tmp', 'networks'].map((name) => mkdir(path(name))));
  const env = await writePrivateConfig(folder.path, options.storageDriver ?? 'vfs');
  const globalFlags = [
    '--root',
    path('root'),
    '--runroot',
    path('runroot'),
    '--tmpdir',
    path('tmp'),
    '--network-config-dir',
    path('networks'),
    '--storage-driver',
    options.storageDriver ?? 'vfs',
    // crun fails on this machine's cgroup setup; runc works.
    '--runtime',
    'runc',
    // No systemd here: podman manages cgroups itself and logs events to a file.
    '--cgroup-manager',
    'cgroupfs',
    '--events-backend',
    'file',
  ];
  const limits = await containerLimits();
  const ulimits: Ulimit[] = [
    { Name: 'nofile', Soft: limits.nofile, Hard: limits.nofile },
    { Name: 'nproc', Soft: limits.nproc, Hard: limits.nproc },
  ];

  const run = async (args: string[], runOptions: { timeoutMs?: number } = {}): Promise<CommandOutput> => {
    try {
      const { stdout, stderr } = await execFileAsync('podman', [...globalFlags, ...args], {
        env: { ...process.env, ...env },
        timeout: runOptions.timeoutMs ?? 60_000,
        maxBuffer: 64 * 1024 * 1024,
      });
      return { stdout, stderr };
    } catch (err) {
      const failed = err as Error & { stderr?: string; code?: number | string };
      throw new Error(
        `podman ${args.join(' ')} failed (${failed.code ?? 'no exit code'}): ${failed.stderr?.trim() || failed.message}`,
      );
    }
  };

  const service = startProcess(
    'podman',
    [...globalFlags, 'system', 'service', '--time=0', `unix://${socketPath}`],
    env,
  );
  const podman: Podman = {
    socketPath,
    dockerHost: `unix://${socketPath}`,
    folder: folder.path,
    ulimits,
    ulimitFlags: ulimits.flatMap((u) => ['--ulimit', `${u.Name}=${u.Soft}:${u.Hard}`]),
    run,
    process: () => service,
    async stop() {
      // Containers outlive the service (conmon is their parent), so remove them first.
      const removed = await run(['rm', '--all', '--force', '--time', '0']).catch((err: Error) => err);
      await service.stop();
      await folder.remove();
      if (removed instanceof Error) throw removed;
    },
  };

  try {
    await waitUntilAnswering(socketPath, service);
  } catch (err) {
    await service.stop();
    await folder.remove();
    throw err;
  }
  return podman;
}

/**
 * Writes a containers.conf, storage.conf and registries.conf of the folder's own, and returns the
 * environment that points podman at them instead of /etc/containers and /usr/share/containers.
 */
async function writePrivateConfig(folder: string, storageDriver: string): Promise<NodeJS.ProcessEnv> {
  const path = (name: string) => join(folder, name);
  await writeFile(
    path('containers.conf'),
    [
      '# Private podman settings for one test run (test/support/podman.ts).',
      '[engine]',
      // The default shared-memory locks (/dev/shm/libpod_lock) are shared by every podman on the
      // machine, and a podman whose tmp_dir is new frees them all when it starts: parallel test
      // files would steal each other's locks. File locks live in our own tmp_dir.
      'lock_type = "file"',
      `image_copy_tmp_dir = "${path('tmp')}"`,
      '',
    ].join('\n'),
  );
  await writeFile(
    path('storage.conf'),
    [
      '[storage]',
      `driver = "${storageDriver}"`,
      `graphroot = "${path('root')}"`,
      `runroot = "${path('runroot')}"`,
      '',
    ].join('\n'),
  );
  // No image can be pulled here: a short name must fail at once, not try docker.io.
  await writeFile(path('registries.conf'), 'unqualified-search-registries = []\n');
  return {
    CONTAINERS_CONF: path('containers.conf'),
    CONTAINERS_STORAGE_CONF: path('storage.conf'),
    CONTAINERS_REGISTRIES_CONF: path('registries.conf'),
  };
}

/**
 * 4096 open files and processes, or this process's hard limit when lower (podman and its
 * containers inherit it; a container cannot go above it). Higher values are not safe: runc here
 * refuses nproc above 32768 (pid_max) although the hard limit says 96365.
 */
async function containerLimits(): Promise<{ nofile: number; nproc: number }> {
  const text = await readFile('/proc/self/limits', 'utf8');
  const hard = (name: string) => {
    const line = text.split('\n').find((l) => l.startsWith(name));
    const value = Number(line?.slice(name.length).trim().split(/\s+/)[1]);
    return Number.isFinite(value) ? Math.min(value, 4_096) : 4_096;
  };
  return { nofile: hard('Max open files'), nproc: hard('Max processes') };
}

/** One request to a Docker API socket: the status and body, or a rejection when nothing answers. */
export function socketRequest(
  socketPath: string,
  method: string,
  path: string,
  timeoutMs = 2_000,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, method, path, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} on ${socketPath} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

async function waitUntilAnswering(socketPath: string, service: RunningProcess): Promise<void> {
  let exited = false;
  const exit = service.exited.then((code) => {
    exited = true;
    throw new Error(`podman system service exited (code ${code}) before answering:\n${service.output()}`);
  });
  const answering = waitFor(
    async () => exited || (await socketRequest(socketPath, 'GET', '/_ping')).body === 'OK',
    { what: `podman to answer GET /_ping on ${socketPath}`, timeoutMs: 30_000, intervalMs: 25 },
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n--- output ---\n${service.output()}`);
  });
  await Promise.race([answering, exit]);
  exit.catch(() => undefined);
}

export interface ProgramsImageOptions {
  /** Image name, e.g. `localhost/setpoint-test-registry:latest`. */
  name: string;
  /** Absolute paths of programs to copy, at the same path, with the shared libraries `ldd` lists. */
  programs: string[];
  /** Extra files as `[path in the image, content]`. */
  files?: [string, string | Buffer][];
  /** Empty folders to create (mode 1777 for /tmp). */
  folders?: string[];
  /** `podman import --change` instructions, e.g. `CMD ["/usr/bin/cat"]`. */
  changes?: string[];
}

/**
 * Builds an image from programs installed on this machine: copies them and their shared libraries
 * into a root file system, tars it and `podman import`s it (no image can be pulled here).
 * Returns the image name.
 *
 * @example
 * await importProgramsImage(podman, { name: 'localhost/cat:latest', programs: ['/usr/bin/cat'] });
 * await podman.run(['run', '--rm', ...podman.ulimitFlags, 'localhost/cat:latest', 'cat', '/etc/hostname']);
 */
export async function importProgramsImage(podman: Podman, options: ProgramsImageOptions): Promise<string> {
  const build = await tempFolder('image');
  try {
    const rootfs = join(build.path, 'rootfs');
    const place = async (pathInImage: string, from: string) => {
      await mkdir(dirname(join(rootfs, pathInImage)), { recursive: true });
      // copyFile follows symlinks: /usr/bin/sh -> dash becomes a real file.
      await copyFile(from, join(rootfs, pathInImage));
    };
    const libraries = new Set<string>();
    for (const program of options.programs) {
      await place(program, program);
      for (const library of await sharedLibraries(program)) libraries.add(library);
    }
    for (const library of libraries) await place(library, library);
    for (const folder of ['/tmp', ...(options.folders ?? [])]) {
      await mkdir(join(rootfs, folder), { recursive: true });
      if (folder === '/tmp') await chmod(join(rootfs, folder), 0o1777);
    }
    for (const [pathInImage, content] of options.files ?? []) {
      await mkdir(dirname(join(rootfs, pathInImage)), { recursive: true });
      await writeFile(join(rootfs, pathInImage), content);
    }
    // Programs that look in /bin find the ones copied to /usr/bin, as on a merged-/usr Debian.
    await lstat(join(rootfs, 'bin')).catch(() => symlink('usr/bin', join(rootfs, 'bin')));
    const tarball = join(build.path, 'rootfs.tar');
    await execFileAsync('tar', [
      '--numeric-owner',
      '--owner=0',
      '--group=0',
      '-C',
      rootfs,
      '-cf',
      tarball,
      '.',
    ]);
    const changes = (options.changes ?? []).flatMap((c) => ['--change', c]);
    await podman.run(['import', ...changes, tarball, options.name]);
    return options.name;
  } finally {
    await build.remove();
  }
}

/** The shared libraries (and the dynamic loader) a program needs, as `ldd` resolves them here. */
async function sharedLibraries(program: string): Promise<string[]> {
  const { stdout } = await execFileAsync('ldd', [program]).catch((err: Error & { stderr?: string }) => {
    // A static program: ldd says "not a dynamic executable" and exits 1.
    if (/not a dynamic executable/.test(`${err.stderr ?? ''}${err.message}`)) return { stdout: '' };
    throw err;
  });
  const found: string[] = [];
  for (const line of stdout.split('\n')) {
    const match = /(\/\S+)\s+\(0x[0-9a-f]+\)/.exec(line);
    if (match?.[1] !== undefined) found.push(match[1]);
  }
  return found;
}
