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
  /** On the monotonic clock: a jump of the wall clock neither expires nor stretches leases. */
  expiresAt: number;
}

const now = () => performance.now();

export interface LeaseStatus {
  id: bigint;
  grantedTtl: number;
  /** Whole seconds left, as etcd reports them. */
  remaining: number;
  keys: Buffer[];
}

export class Lessor {
  private readonly leases = new Map<bigint, Lease>();
  /** Grants and revocations applied but not yet on disk: not shown to clients yet. */
  private readonly granting = new Set<bigint>();
  private readonly revoking = new Set<bigint>();
  private readonly store: MvccStore;
  private readonly options: LessorOptions;
  private readonly timer: NodeJS.Timeout;

  constructor(store: MvccStore, options: LessorOptions) {
    this.store = store;
    this.options = options;
    // After a restart every lease gets its full TTL again, as etcd's lessor does on promotion.
    for (const { id, ttl } of store.storedLeases)
      this.leases.set(id, { id, ttl, expiresAt: now() + ttl * 1000 });
    this.timer = setInterval(() => this.revokeExpired(), options.checkIntervalMs);
    this.timer.unref();
  }

  get count(): number {
    return this.leases.size;
  }

  /**
   * Grants a lease (`id` 0n picks one); durable before it resolves, and only then seen by
   * TimeToLive, KeepAlive and Leases. Returns the id and granted TTL.
   */
  async grant(id: bigint, requestedTtl: number): Promise<{ id: bigint; ttl: number }> {
    if (requestedTtl > MAX_LEASE_TTL) throw new StoreError('LEASE_TTL_TOO_LARGE');
    const ttl = Math.max(requestedTtl, this.options.minTtl);
    let reserved: bigint | undefined;
    try {
      const granted = await this.store.write((scope) => {
        const chosen = id === 0n ? this.newId() : id;
        if (this.leases.has(chosen) || this.granting.has(chosen)) throw new StoreError('LEASE_EXIST');
        scope.grantLease({ id: chosen, ttl });
        this.granting.add(chosen);
        reserved = chosen;
        return { id: chosen, ttl };
      });
      this.leases.set(granted.id, { id: granted.id, ttl, expiresAt: now() + ttl * 1000 });
      this.options.onGranted?.();
      return granted;
    } finally {
      if (reserved !== undefined) this.granting.delete(reserved);
    }
  }

  /**
   * Revokes a lease and deletes its keys in one revision; durable before it resolves, and only
   * then gone from TimeToLive, KeepAlive and Leases.
   */
  async revoke(id: bigint): Promise<number> {
    let marked = false;
    try {
      const revision = await this.store.write((scope) => {
        if (!this.leases.has(id) || this.revoking.has(id)) throw new StoreError('LEASE_NOT_FOUND');
        const live: KeyRecord[] = [];
        for (const key of this.store.leaseKeyNames(id)) {
          const record = this.store.get(key);
          if (record !== undefined) live.push(record);
        }
        scope.txn.deleteRecords(live);
        scope.revokeLease(id);
        this.revoking.add(id);
        marked = true;
        return scope.txn.revision;
      }, false);
      this.leases.delete(id);
      this.options.onRevoked?.();
      return revision;
    } finally {
      if (marked) this.revoking.delete(id);
    }
  }

  /** Restarts a lease's TTL; returns the granted TTL, or 0 when the lease does not exist or expired (etcd's answer). */
  renew(id: bigint): number {
    const lease = this.leases.get(id);
    if (lease === undefined || lease.expiresAt <= now()) return 0;
    lease.expiresAt = now() + lease.ttl * 1000;
    return lease.ttl;
  }

  status(id: bigint, withKeys: boolean): LeaseStatus | undefined {
    const lease = this.leases.get(id);
    if (lease === undefined) return undefined;
    return {
      id,
      grantedTtl: lease.ttl,
      remaining: Math.max(0, Math.trunc((lease.expiresAt - now()) / 1000)),
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
    const at = now();
    for (const lease of this.leases.values()) {
      if (this.revoking.has(lease.id) || lease.expiresAt > at) continue;
      this.revoke(lease.id).catch((err: unknown) => {
        if (err instanceof StoreError && err.code === 'LEASE_NOT_FOUND') return;
        this.options.onError(err, lease.id);
      });
    }
  }

  private newId(): bigint {
    for (;;) {
      // A positive int63, like the IDs etcd hands out.
      const id = randomBytes(8).readBigUInt64BE() & 0x7fffffffffffffffn;
      if (id !== 0n && !this.leases.has(id) && !this.granting.has(id)) return id;
    }
  }
}
