/**
 * Short-lived memory of successful reads, and coalescing of identical reads in flight.
 *
 * - Key: the upstream path and sorted query string (`/accounts/<id>/secondary_dns/peers`); every user shares the one
 *   token, so they share the answers too.
 * - Scope: what a write invalidates (`scopeOf`): an account's peers / TSIGs / ACLs (list and items), or everything
 *   under one zone (incoming, outgoing, outgoing status).
 * - Fresh for `ttlMs`; kept `staleMs` longer, to be served (marked stale) only when the budget is spent.
 * - A write to a scope bumps its generation, drops its entries and forgets its reads in flight, so a read that
 *   started before the write can neither be joined by later readers nor stored afterwards.
 * Bounded: at most `maxEntries` answers (oldest stored dropped first).
 */
import type { OperationDefinition } from '@secdns/api-types';

export interface CachedEntry<T> {
  value: T;
  scope: string;
  storedAt: number;
}

export interface ReadCacheOptions {
  ttlMs: number;
  staleMs: number;
  maxEntries?: number;
  now?: () => number;
}

/** What a write to this operation invalidates, and what a read of it belongs to. */
export function scopeOf(op: Pick<OperationDefinition, 'resource'>, params: Record<string, unknown>): string {
  if (typeof params.zone_id === 'string') return `zone:${params.zone_id}`;
  if (typeof params.account_id === 'string') return `account:${params.account_id}:${op.resource}`;
  return op.resource;
}

export class ReadCache<T = unknown> {
  readonly ttlMs: number;
  readonly staleMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private entries = new Map<string, CachedEntry<T>>();
  private byScope = new Map<string, Set<string>>();
  private inFlight = new Map<string, { scope: string; promise: Promise<T> }>();
  private generations = new Map<string, number>();

  constructor(options: ReadCacheOptions) {
    this.ttlMs = options.ttlMs;
    this.staleMs = Math.max(options.staleMs, options.ttlMs);
    this.maxEntries = options.maxEntries ?? 500;
    this.now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  get size(): number {
    return this.entries.size;
  }

  /** A fresh answer (younger than the TTL) with its age in ms. */
  fresh(key: string): { entry: CachedEntry<T>; ageMs: number } | undefined {
    return this.lookup(key, this.ttlMs);
  }

  /** An answer younger than `staleMs`, to use only when Cloudflare cannot be asked. */
  stale(key: string): { entry: CachedEntry<T>; ageMs: number } | undefined {
    return this.lookup(key, this.staleMs);
  }

  generation(scope: string): number {
    return this.generations.get(scope) ?? 0;
  }

  /** Stores an answer unless its scope was written to since `generation` was read. */
  store(key: string, scope: string, generation: number, value: T): boolean {
    if (!this.enabled || this.generation(scope) !== generation) return false;
    this.delete(key);
    this.entries.set(key, { value, scope, storedAt: this.now() });
    let keys = this.byScope.get(scope);
    if (!keys) this.byScope.set(scope, (keys = new Set()));
    keys.add(key);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.delete(oldest);
    }
    return true;
  }

  /**
   * Runs `load` once for concurrent callers with the same key: the first caller starts it, the others join it
   * (`joined: true`) until it settles.
   */
  coalesce(key: string, scope: string, load: () => Promise<T>): { promise: Promise<T>; joined: boolean } {
    const current = this.inFlight.get(key);
    if (current) return { promise: current.promise, joined: true };
    const promise = load().finally(() => {
      if (this.inFlight.get(key)?.promise === promise) this.inFlight.delete(key);
    });
    this.inFlight.set(key, { scope, promise });
    return { promise, joined: false };
  }

  /** A write to `scope` happened (or may have): forget its answers and its reads in flight. */
  invalidate(scope: string): void {
    this.generations.set(scope, this.generation(scope) + 1);
    for (const key of [...(this.byScope.get(scope) ?? [])]) this.delete(key);
    for (const [key, flight] of this.inFlight) if (flight.scope === scope) this.inFlight.delete(key);
  }

  clear(): void {
    this.entries.clear();
    this.byScope.clear();
    this.inFlight.clear();
  }

  private lookup(key: string, maxAgeMs: number): { entry: CachedEntry<T>; ageMs: number } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const ageMs = this.now() - entry.storedAt;
    if (ageMs >= this.staleMs) {
      this.delete(key);
      return undefined;
    }
    return ageMs < maxAgeMs ? { entry, ageMs } : undefined;
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    const keys = this.byScope.get(entry.scope);
    keys?.delete(key);
    if (keys && keys.size === 0) this.byScope.delete(entry.scope);
  }
}
