// What the catalogue's integration tests share: the built-in repository and the broken fixtures
// (packed as a user packs one: tar czf), uploads through the API, and the catalogue as etcd holds it.
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { create as createTar } from 'tar';
import { readRepositoryFiles } from '../../src/catalog/read-source.js';
import type { EtcdClient } from '../../src/etcd/index.js';
import { CATALOG_PREFIX } from '../../src/keyspace/catalog.js';
import type { Answer, ApiUnderTest } from '../support/api.js';

/** The built-in registry chart's repository, as Setpoint ships it. */
export const registryRepository = fileURLToPath(new URL('../../catalog/registry', import.meta.url));

/** The broken repositories (one per import error), each with its expected-issues.json. */
export const fixturesFolder = fileURLToPath(new URL('./fixtures', import.meta.url));

/** Every broken fixture's name. */
export async function brokenFixtures(): Promise<string[]> {
  const entries = await readdir(fixturesFolder, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && e.name.startsWith('broken-'))
    .map((e) => e.name)
    .sort();
}

/** Every file of `folder` as a .tar.gz, the way `tar czf - -C folder .` makes one. */
export async function packFolder(folder: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const names = (await readdir(folder)).sort();
  for await (const chunk of createTar(
    { gzip: true, cwd: folder, portable: true },
    names,
  ) as AsyncIterable<Buffer>) {
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** The repository's format files as POST /catalog takes them in JSON. */
export async function repositoryFiles(folder: string): Promise<Record<string, string>> {
  return Object.fromEntries(await readRepositoryFiles(folder));
}

/** POST /api/v1/catalog with `archive` as an application/gzip body, as admin. */
export async function postArchive(
  api: ApiUnderTest,
  archive: Buffer,
  contentType = 'application/gzip',
): Promise<Answer> {
  const response = await fetch(new URL('/api/v1/catalog', api.url), {
    method: 'POST',
    headers: { authorization: api.adminAuthorization, 'content-type': contentType },
    body: archive,
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text,
    text,
  };
}

/** Every key under `_setpoint/catalog/` with its value and revision, to prove nothing changed. */
export async function storedCatalogue(client: EtcdClient): Promise<string[]> {
  const { kvs } = await client.rangeSnapshot(CATALOG_PREFIX);
  return kvs.map((kv) => `${kv.key}@${kv.modRevision}:${kv.value.toString('utf8').length}`);
}
