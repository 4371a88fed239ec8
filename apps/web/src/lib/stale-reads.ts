/**
 * Whether the data on screen may be old: the BFF answers a read from its cache, marked `x-cache: stale`, when the
 * shared Cloudflare budget is spent (ADR 005). `api-client` records each such answer here and clears the notice at
 * the next fresh read; the header's budget indicator shows it. A tiny store (no React, no imports) so the api-client
 * can write it without pulling UI code in.
 */
export interface StaleReadNotice {
  /** The BFF's sentence (the envelope's `messages` entry), e.g. "This data may be up to 42 s old: …". */
  message: string;
  /** The answer's `age` header, in seconds, when given. */
  ageSeconds: number | null;
  /** When the stale answer arrived (ms since epoch). */
  at: number;
}

let notice: StaleReadNotice | null = null;
const listeners = new Set<() => void>();

function emit() {
  for (const listener of listeners) listener();
}

export function recordStaleRead(next: Omit<StaleReadNotice, 'at'>): void {
  notice = { ...next, at: Date.now() };
  emit();
}

export function recordFreshRead(): void {
  if (notice === null) return;
  notice = null;
  emit();
}

export function staleReadNotice(): StaleReadNotice | null {
  return notice;
}

export function subscribeStaleReads(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
