// Leases as etcd's lessor keeps them: grant, renew, revoke, and expiry that deletes a lease's keys.
import { randomBytes } from 'node:crypto';
import { StoreError } from '../errors.js';
import { keyBytes } from '../mvcc/interval.js';
import type { MvccStore } from '../mvcc/store.js';
import type { KeyRecord } from '../types.js';

/** etcd's largest TTL, in seconds. */
export const MAX_LEASE_TTL = 9_000_000_000;

export interface LessorOptions {
  /** Shortest TTL granted, in seconds; etcd's default configuration gives 2. */
  minTtl: number;
  /** How often expired leases are looked for, in milliseconds (etcd: 500). */
  checkIntervalMs: number;
  /** Called when an expiry could not be applied (the store has stopped). */
  onError: (err: unknown, lease: bigint) => void;
  /** Told of each grant and revocation (expiry included) once it is durable. */
  onGranted?: () => void;
  onRevoked?: () => void;
}

interface Lease {
  readonly id: bigint;
  readonly ttl: number;
  expiresAt: number;
  revoking: boolean;
}

export interface LeaseStatus {
  id: bigint;
  grantedTtl: number;
  /** Whole seconds left, as etcd reports them. */
  remaining: number;
  keys: Buffer[];
}

export class Lessor {
  private readonly leases = new Map<bigint, Lease>();
  private readonly store: MvccStore;
  private readonly options: LessorOptions;
  private readonly timer: NodeJS.Timeout;

  constructor(store: MvccStore, options: LessorOptions) {
    this.store = store;
    this.options = options;
    // After a restart every lease gets its full TTL again, as etcd's lessor does on promotion.
    const now = Date.now();
    for (const { id, ttl } of store.storedLeases) {
      this.leases.set(id, { id, ttl, expiresAt: now + ttl * 1000, revoking: false });
    }
    this.timer = setInterval(() => this.revokeExpired(), options.checkIntervalMs);
    this.timer.unref();
  }

  get count(): number {
    return this.leases.size;
  }

  /** Grants a lease (`id` 0n picks one); durable before it resolves. Returns the id and granted TTL. */
  async grant(id: bigint, requestedTtl: number): Promise<{ id: bigint; ttl: number }> {
    if (requestedTtl > MAX_LEASE_TTL) throw new StoreError('LEASE_TTL_TOO_LARGE');
    const ttl = Math.max(requestedTtl, this.options.minTtl);
    const granted = await this.store.write((scope) => {
      const chosen = id === 0n ? this.newId() : id;
      if (this.leases.has(chosen)) throw new StoreError('LEASE_EXIST');
      scope.grantLease({ id: chosen, ttl });
      this.leases.set(chosen, { id: chosen, ttl, expiresAt: Date.now() + ttl * 1000, revoking: false });
      return { id: chosen, ttl };
    });
    this.options.onGranted?.();
    return granted;
  }

  /** Revokes a lease and deletes its keys in one revision; durable before it resolves. */
  async revoke(id: bigint): Promise<number> {
    const revision = await this.store.write((scope) => {
      if (!this.leases.has(id)) throw new StoreError('LEASE_NOT_FOUND');
      const live: KeyRecord[] = [];
      for (const key of this.store.leaseKeyNames(id)) {
        const record = this.store.get(key);
        if (record !== undefined) live.push(record);
      }
      scope.txn.deleteRecords(live);
      scope.revokeLease(id);
      this.leases.delete(id);
      return scope.txn.revision;
    }, false);
    this.options.onRevoked?.();
    return revision;
  }

  /** Restarts a lease's TTL; returns the granted TTL, or 0 when the lease does not exist (etcd's answer). */
  renew(id: bigint): number {
    const lease = this.leases.get(id);
    if (lease === undefined || lease.revoking) return 0;
    lease.expiresAt = Date.now() + lease.ttl * 1000;
    return lease.ttl;
  }

  status(id: bigint, withKeys: boolean): LeaseStatus | undefined {
    const lease = this.leases.get(id);
    if (lease === undefined) return undefined;
    return {
      id,
      grantedTtl: lease.ttl,
      remaining: Math.max(0, Math.trunc((lease.expiresAt - Date.now()) / 1000)),
      keys: withKeys ? this.store.leaseKeyNames(id).map(keyBytes) : [],
    };
  }

  ids(): bigint[] {
    return [...this.leases.keys()];
  }

  close(): void {
    clearInterval(this.timer);
  }

  private revokeExpired(): void {
    const now = Date.now();
    for (const lease of this.leases.values()) {
      if (lease.revoking || lease.expiresAt > now) continue;
      lease.revoking = true;
      this.revoke(lease.id).catch((err: unknown) => {
        if (err instanceof StoreError && err.code === 'LEASE_NOT_FOUND') return;
        lease.revoking = false;
        this.options.onError(err, lease.id);
      });
    }
  }

  private newId(): bigint {
    for (;;) {
      // A positive int63, like the IDs etcd hands out.
      const id = randomBytes(8).readBigUInt64BE() & 0x7fffffffffffffffn;
      if (id !== 0n && !this.leases.has(id)) return id;
    }
  }
}
