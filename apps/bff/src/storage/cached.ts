/**
 * A read-through cache in front of the two lookups every signed-in request makes (its session and its user), so a
 * busy dashboard does not pay two SQLite queries per request. It is coherent because every write goes through this
 * same object in this one process: a write drops what it could have changed, so a revoked session or a disabled user
 * is refused on the very next request. Entries also age out after `ttlMs` as a safety net.
 */
import type { SessionRecord, Storage, UserRecord } from './types.js';

class SmallCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();
  constructor(
    private readonly ttlMs: number,
    private readonly max = 1000,
  ) {}
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }
  set(key: string, value: V) {
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, until: Date.now() + this.ttlMs });
  }
  delete(key: string) {
    this.entries.delete(key);
  }
  clear() {
    this.entries.clear();
  }
}

export function withLookupCache(storage: Storage, ttlMs = 5_000): Storage {
  const sessions = new SmallCache<SessionRecord | null>(ttlMs);
  const users = new SmallCache<UserRecord | null>(ttlMs);
  const { users: userRepo, sessions: sessionRepo, twoFactor: twoFactorRepo } = storage;
  return {
    ...storage,
    // A user's record says whether two-factor sign-in is on: switching it on or off drops the user.
    twoFactor: {
      ...twoFactorRepo,
      enable: async (username, pendingSecret, step, hashes, now) => {
        users.delete(username);
        const enabled = await twoFactorRepo.enable(username, pendingSecret, step, hashes, now);
        users.delete(username);
        return enabled;
      },
      disable: async (username) => {
        users.delete(username);
        const was = await twoFactorRepo.disable(username);
        users.delete(username);
        return was;
      },
    },
    users: {
      ...userRepo,
      get: async (username) => {
        const hit = users.get(username);
        if (hit !== undefined) return hit && { ...hit };
        const user = await userRepo.get(username);
        users.set(username, user);
        return user && { ...user };
      },
      create: async (user, now) => {
        users.delete(user.username);
        return userRepo.create(user, now);
      },
      update: async (username, changes, now) => {
        users.delete(username);
        sessions.clear(); // the BFF may end the user's sessions after this
        return userRepo.update(username, changes, now);
      },
      delete: async (username) => {
        users.delete(username);
        sessions.clear();
        return userRepo.delete(username);
      },
      recordLogin: async (username, now) => {
        users.delete(username);
        return userRepo.recordLogin(username, now);
      },
      count: () => userRepo.count(),
      list: () => userRepo.list(),
    },
    sessions: {
      get: async (idHash) => {
        const hit = sessions.get(idHash);
        if (hit !== undefined) return hit && { ...hit };
        const session = await sessionRepo.get(idHash);
        sessions.set(idHash, session);
        return session && { ...session };
      },
      create: async (session) => {
        sessions.delete(session.idHash);
        return sessionRepo.create(session);
      },
      touch: async (idHash, lastSeenAt) => {
        sessions.delete(idHash);
        return sessionRepo.touch(idHash, lastSeenAt);
      },
      delete: async (idHash) => {
        sessions.delete(idHash);
        return sessionRepo.delete(idHash);
      },
      deleteForUser: async (username) => {
        sessions.clear();
        const ended = await sessionRepo.deleteForUser(username);
        // Again after: a request between the two may have cached a session just deleted ("sign out everywhere").
        sessions.clear();
        return ended;
      },
      deleteForUserExcept: async (username, keepIdHash) => {
        sessions.clear();
        const ended = await sessionRepo.deleteForUserExcept(username, keepIdHash);
        sessions.clear();
        return ended;
      },
      deleteBySsoSid: async (sid) => {
        sessions.clear();
        const ended = await sessionRepo.deleteBySsoSid(sid);
        sessions.clear();
        return ended;
      },
      deleteExpired: async (now, idleBefore) => {
        sessions.clear();
        return sessionRepo.deleteExpired(now, idleBefore);
      },
      live: (now, idleBefore) => sessionRepo.live(now, idleBefore),
    },
  };
}
