// Presence as plain data (SPEC section 6): what a client writes to /status/{uid} in the
// Realtime Database, and whether an event may change what Firestore already mirrors.
// No Firebase imports.

export const PRESENCE_STATES = ["online", "offline"] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];

export interface PresenceStatus {
  state: PresenceState;
  /** Epoch milliseconds, stamped by the client with ServerValue.TIMESTAMP. */
  lastChanged: number;
}

/**
 * The status an RTDB value stands for. A deleted node (null) means the user is gone:
 * offline as of the event's time. Anything the database rules would not have let through
 * (wrong state, no number) is undefined and ignored.
 */
export function statusOf(value: unknown, eventTimeMs: number): PresenceStatus | undefined {
  if (value === null || value === undefined) return { state: "offline", lastChanged: eventTimeMs };
  if (typeof value !== "object") return undefined;
  const { state, lastChanged } = value as { state?: unknown; lastChanged?: unknown };
  if (!(PRESENCE_STATES as readonly unknown[]).includes(state)) return undefined;
  if (typeof lastChanged !== "number" || !Number.isFinite(lastChanged)) return undefined;
  return { state: state as PresenceState, lastChanged };
}

/**
 * Events arrive out of order and more than once. Only a status strictly newer than the
 * stored one is applied (the functions-samples presence rule); an equal time is a
 * duplicate, an older one is late.
 */
export function supersedes(incoming: PresenceStatus, stored: PresenceStatus | undefined): boolean {
  return stored === undefined || incoming.lastChanged > stored.lastChanged;
}
