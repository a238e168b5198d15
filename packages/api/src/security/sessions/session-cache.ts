import type { SessionRecord } from './session-store.js';

/**
 * Parsed sessions kept in this process while Redis tracks the keys they were read from (see
 * redis-key-tracking.ts). Exact as long as every invalidation reaches `invalidate`/`clear` and every
 * loss of tracking reaches `disable`; it never answers while not tracked.
 *
 * The race it guards against: Redis sends the invalidation for a key on the other connection, so it
 * can arrive before the reply of the read it invalidates. A read therefore takes a ticket first; an
 * invalidation of that key (or a flush, or a change of tracking) while the read is in flight makes
 * the ticket stale, and a stale read is answered to its own caller but not cached.
 */
export interface SessionCache {
  /** A copy of the cached session; undefined when not cached, past its expiry or not tracked. */
  get(id: string): SessionRecord | undefined;
  /** Take before sending a read of the session's key. */
  beginRead(id: string): ReadTicket;
  /** The read's result (null: nothing to keep, or the read failed); cached when the ticket is still current. Returns whether it was. */
  finishRead(ticket: ReadTicket, record: SessionRecord | null): boolean;
  /** The session's key changed (an invalidation message, or a write by this process). */
  invalidate(id: string): void;
  /** Everything may have changed (a flush) while tracking holds: drop all; reads in flight are not kept. */
  clear(): void;
  /** Tracking is (re-)established: cache from reads begun from now on. */
  enable(): void;
  /** Tracking is lost or not yet established: drop all and bypass until `enable`. */
  disable(): void;
  readonly tracked: boolean;
  readonly size: number;
}

/** One session read in flight; `generation` counts the invalidations of its key since it began. */
interface InFlight {
  readers: number;
  generation: number;
}

export interface ReadTicket {
  readonly id: string;
  readonly flight: InFlight;
  readonly generation: number;
  readonly epoch: number;
}

export interface SessionCacheOptions {
  /** At most this many sessions (the oldest cached goes first). */
  maxEntries: number;
  /** Backstop: an entry is read again after this long even without an invalidation. */
  maxAgeMs: number;
  now: () => number;
}

export function createSessionCache(options: SessionCacheOptions): SessionCache {
  const { maxEntries, maxAgeMs, now } = options;
  const entries = new Map<string, { record: SessionRecord; until: number }>();
  const inFlight = new Map<string, InFlight>();
  let tracked = false;
  /** Bumped on every flush and change of tracking: tickets taken before are stale. */
  let epoch = 0;

  function dropAll() {
    entries.clear();
    epoch += 1;
  }

  return {
    get(id) {
      if (!tracked) return undefined;
      const entry = entries.get(id);
      if (entry === undefined) return undefined;
      if (now() >= entry.until) {
        entries.delete(id);
        return undefined;
      }
      return { ...entry.record };
    },
    beginRead(id) {
      let flight = inFlight.get(id);
      if (flight === undefined) {
        flight = { readers: 0, generation: 0 };
        inFlight.set(id, flight);
      }
      flight.readers += 1;
      return { id, flight, generation: flight.generation, epoch };
    },
    finishRead(ticket, record) {
      const { id, flight } = ticket;
      flight.readers -= 1;
      if (flight.readers === 0 && inFlight.get(id) === flight) inFlight.delete(id);
      const current = tracked && ticket.epoch === epoch && ticket.generation === flight.generation;
      if (!current || record === null) return false;
      const until = Math.min(record.expiresAt, now() + maxAgeMs);
      if (until <= now()) return false;
      entries.delete(id);
      if (entries.size >= maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
      entries.set(id, { record: { ...record }, until });
      return true;
    },
    invalidate(id) {
      entries.delete(id);
      const flight = inFlight.get(id);
      if (flight !== undefined) flight.generation += 1;
    },
    clear: dropAll,
    enable() {
      dropAll();
      tracked = true;
    },
    disable() {
      dropAll();
      tracked = false;
    },
    get tracked() {
      return tracked;
    },
    get size() {
      return entries.size;
    },
  };
}
