// A file owner written as `uid:gid`, `user:group` or `user` (names looked up in /etc/passwd and /etc/group).
import { readFileSync } from 'node:fs';

/**
 * The numeric owner of `text`; throws an Error saying what is wrong.
 *
 * @example
 * parseOwner('0:0'); // { uid: 0, gid: 0 }
 * parseOwner('www-data'); // { uid: 33, gid: 33 } (the user's primary group)
 */
export function parseOwner(text: string): { uid: number; gid: number } {
  const [user = '', group] = text.split(':');
  const passwd = /^\d+$/.test(user) ? undefined : lookUp('/etc/passwd', user);
  const uid = passwd === undefined ? Number(user) : Number(passwd[2]);
  if (user === '' || !Number.isSafeInteger(uid)) {
    throw new Error(`'${text}' is not an owner: write UID:GID or USER:GROUP`);
  }
  if (group === undefined) {
    const primary = passwd?.[3] ?? lookUpById('/etc/passwd', uid)?.[3];
    if (primary === undefined) throw new Error(`'${text}' names no known user: write UID:GID`);
    return { uid, gid: Number(primary) };
  }
  const gid = /^\d+$/.test(group) ? Number(group) : Number(lookUp('/etc/group', group)?.[2]);
  if (!Number.isSafeInteger(gid)) throw new Error(`group '${group}' is not in /etc/group: write its number`);
  return { uid, gid };
}

function entries(file: string): string[][] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => line.split(':'));
  } catch {
    return [];
  }
}

function lookUp(file: string, name: string): string[] | undefined {
  const entry = entries(file).find((fields) => fields[0] === name);
  if (entry === undefined) throw new Error(`'${name}' is not in ${file}: write its number instead`);
  return entry;
}

function lookUpById(file: string, id: number): string[] | undefined {
  return entries(file).find((fields) => Number(fields[2]) === id);
}
