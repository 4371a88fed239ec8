/**
 * Fault injection for tests: latency, error statuses (with Retry-After), malformed bodies, dropped connections
 * and requests that hang until the server closes. Off until a fault is added.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

export interface FaultMatch {
  /** HTTP method, case-insensitive. Any method when omitted. */
  method?: string;
  /**
   * Path without the `/client/v4` prefix (a leading `/client/v4` is ignored), query string excluded.
   * A string starting with `^` is a regular expression; any other string is a prefix. A RegExp is used as is.
   */
  path?: string | RegExp;
}

export interface Fault {
  match?: FaultMatch;
  /** How many matching requests it affects; unlimited when omitted. */
  times?: number;
  /** Delay before the request proceeds (or before the other effects of this fault). */
  latencyMs?: number;
  /** Answer with this status and a Cloudflare envelope instead of handling the request. */
  status?: number;
  /** With `status`: sets the `Retry-After` header (seconds). */
  retryAfterSeconds?: number;
  /** With `status`: the error code / message in the envelope (defaults depend on the status). */
  code?: number;
  message?: string;
  /** Answer 200 with a body that is not JSON (a truncated JSON document, content-type application/json). */
  malformed?: true;
  /** Destroy the socket without any response. */
  drop?: true;
  /** Never answer (until the client gives up or the sandbox closes). */
  hang?: true;
}

export interface ActiveFault extends Fault {
  id: string;
  /** Matching requests affected so far. */
  hits: number;
  /** Left to affect; undefined = unlimited. */
  remaining?: number;
}

export interface FaultController {
  /** Adds a fault; returns its id. Faults are checked in the order added; the first match applies. */
  add(fault: Fault): string;
  remove(id: string): boolean;
  clear(): void;
  list(): ActiveFault[];
}

/** What the HTTP control endpoint accepts (same shape as Fault; the path is always a string). */
export const FaultBodySchema = z.strictObject({
  match: z
    .strictObject({ method: z.string().min(1).optional(), path: z.string().min(1).optional() })
    .optional(),
  times: z.number().int().min(1).optional(),
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  status: z.number().int().min(100).max(599).optional(),
  retryAfterSeconds: z.number().int().min(0).optional(),
  code: z.number().int().optional(),
  message: z.string().optional(),
  malformed: z.literal(true).optional(),
  drop: z.literal(true).optional(),
  hang: z.literal(true).optional(),
});

function pathMatches(pattern: string | RegExp, path: string): boolean {
  if (pattern instanceof RegExp) return pattern.test(path);
  if (pattern.startsWith('^')) return new RegExp(pattern).test(path);
  const prefix = pattern.startsWith('/client/v4') ? pattern.slice('/client/v4'.length) || '/' : pattern;
  return path.startsWith(prefix);
}

export class FaultRegistry implements FaultController {
  private faults: ActiveFault[] = [];

  add(fault: Fault): string {
    if (fault.match?.path && typeof fault.match.path === 'string' && fault.match.path.startsWith('^')) {
      new RegExp(fault.match.path); // throws early on an invalid expression
    }
    const id = randomBytes(8).toString('hex');
    this.faults.push({ ...fault, id, hits: 0, remaining: fault.times });
    return id;
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((fault) => fault.id !== id);
    return this.faults.length !== before;
  }

  clear(): void {
    this.faults = [];
  }

  list(): ActiveFault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  /** Finds the first fault matching the request and consumes one of its uses. */
  take(method: string, path: string): ActiveFault | undefined {
    const fault = this.faults.find((candidate) => {
      const match = candidate.match;
      if (match?.method && match.method.toUpperCase() !== method.toUpperCase()) return false;
      if (match?.path && !pathMatches(match.path, path)) return false;
      return true;
    });
    if (!fault) return undefined;
    fault.hits += 1;
    if (fault.remaining !== undefined) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.remove(fault.id);
    }
    return { ...fault };
  }
}
