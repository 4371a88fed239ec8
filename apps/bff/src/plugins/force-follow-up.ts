/**
 * Capability: `fastify.forceFollowUp`, what a Force AXFR / Force NOTIFY was seen to do (ADR 018).
 *
 * Cloudflare answers a Force with "OK" and transfers in the background. The Force's route reads the zone's
 * configuration just before it (the audit entry's `before`) and, once Cloudflare accepted, starts following it for
 * `windowMs` (tied to its audit entry by the request id, `audit.onRecorded`): every successful read of that configuration Cloudflare answers afterwards —
 * anyone's (the Force dialog's reloads, the zone page, the serial watch) — is compared with it. The first that shows
 * the transfer moved (the serial changed, or the check / transfer time moved on) is kept beside the entry
 * (`storage.audit.saveSeenAfter`), and the follow-up ends. When the window ends first, the last read seen (if any)
 * is kept as "nothing moved". No read of its own: it costs no budget, and when nobody reads, nothing is claimed.
 * Follow-ups live in memory: a restart forgets the open ones.
 */
import {
  FOLLOWED_FORCES,
  forceMoved,
  forceSnapshotOf,
  isFollowedForce,
  type FollowedForce,
  type ForceSeenAfter,
  type ForceSnapshot,
  type OperationId,
} from '@secdns/api-types';
import fp from 'fastify-plugin';
import type { Storage } from '../storage/types.js';

export interface ForceFollowUp {
  /**
   * A Force Cloudflare accepted, on the request `requestId`, with the zone's configuration read just before it (null
   * when it could not be read). Followed from now (a read answered before the audit entry is stored counts).
   */
  start(force: { requestId: string; operation: FollowedForce; zoneId: string; before: unknown }): void;
  /** A successful read Cloudflare answered (the gateway tells every one). */
  observe(read: OperationId, params: Record<string, unknown>, result: unknown): void;
  /** How many Forces are followed now (tests). */
  open(): number;
}

declare module 'fastify' {
  interface FastifyInstance {
    forceFollowUp: ForceFollowUp;
  }
}

export interface ForceFollowUpOptions {
  storage: Storage;
  now: () => number;
  /** How long a Force is followed. Default 10 minutes. */
  windowMs?: number;
}

/** At most this many Forces are followed at once (the oldest is dropped first). */
const MAX_OPEN = 1_000;

interface Open {
  requestId: string;
  /** Known once the audit entry is stored. */
  auditId: number | null;
  operation: FollowedForce;
  zoneId: string;
  forcedAt: string;
  before: ForceSnapshot | null;
  lastSeen: { at: string; after: ForceSnapshot } | null;
  /** Decided before the entry was stored: kept once it is. */
  decided: ForceSeenAfter | null;
  timer: NodeJS.Timeout;
}

export default fp<ForceFollowUpOptions>(
  async (fastify, options) => {
    const { storage, now } = options;
    const windowMs = options.windowMs ?? 10 * 60_000;
    const open = new Map<string, Open>();

    const save = (auditId: number, seen: ForceSeenAfter) => {
      storage.audit.saveSeenAfter(auditId, seen).catch((error: unknown) => {
        fastify.log.warn({ err: error, auditId }, 'could not keep what a Force was seen to do');
      });
    };
    const close = (followed: Open) => {
      clearTimeout(followed.timer);
      open.delete(followed.requestId);
    };
    /** Ends a follow-up with what was seen (kept at once when its entry is stored, else when it is). */
    const decide = (followed: Open, seen: ForceSeenAfter) => {
      clearTimeout(followed.timer);
      if (followed.auditId !== null) {
        open.delete(followed.requestId);
        save(followed.auditId, seen);
      } else {
        followed.decided = seen;
      }
    };

    const start: ForceFollowUp['start'] = ({ requestId, operation, zoneId, before }) => {
      const followed: Open = {
        requestId,
        auditId: null,
        operation,
        zoneId,
        forcedAt: new Date(now()).toISOString(),
        before: forceSnapshotOf(operation, before),
        lastSeen: null,
        decided: null,
        timer: setTimeout(() => {
          if (followed.lastSeen) {
            decide(followed, { observed_at: followed.lastSeen.at, moved: false, before: followed.before, after: followed.lastSeen.after });
          }
          close(followed);
        }, windowMs),
      };
      followed.timer.unref();
      open.set(requestId, followed);
      if (open.size > MAX_OPEN) close(open.values().next().value as Open);
    };

    fastify.audit.onRecorded((auditId, entry) => {
      const followed = open.get(entry.requestId);
      if (!followed || !isFollowedForce(entry.operation)) return;
      followed.auditId = auditId;
      followed.forcedAt = entry.time;
      if (followed.decided) {
        open.delete(followed.requestId);
        save(auditId, followed.decided);
      }
    });

    const observe: ForceFollowUp['observe'] = (read, params, result) => {
      if (!open.size) return;
      for (const followed of [...open.values()]) {
        if (followed.decided || followed.zoneId !== params.zone_id || FOLLOWED_FORCES[followed.operation].read !== read) continue;
        const after = forceSnapshotOf(followed.operation, result);
        if (!after) continue;
        const at = new Date(now()).toISOString();
        if (forceMoved(followed.before, after, followed.forcedAt)) {
          decide(followed, { observed_at: at, moved: true, before: followed.before, after });
        } else {
          followed.lastSeen = { at, after };
        }
      }
    };

    fastify.addHook('onClose', async () => {
      for (const followed of [...open.values()]) close(followed);
    });
    fastify.decorate('forceFollowUp', { start, observe, open: () => open.size } satisfies ForceFollowUp);
  },
  { name: 'force-follow-up', dependencies: ['audit'] },
);
