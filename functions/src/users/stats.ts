// What a new user counts (SPEC section 3 `stats/*`: users): one on stats/platform and on
// the Cairo day's stats/daily-YYYY-MM-DD when the Auth trigger creates the profile, once
// per Auth event (core/counters.ts). `users` counts sign-ups: an erased account is not
// taken off again, as orders placed are not when they are cancelled.
import { countOnce, platformEvent } from "../core/counters";

/** What one new profile adds to the counters (pure). */
export function userCreatedCounters(): Record<string, number> {
  return { users: 1 };
}

/**
 * Counts the sign-up of Auth event `eventId` unless counted before. The marker is named by
 * the event, not the uid: statsEvents outlive an erasure and must name no person.
 */
export async function countUserCreated(eventId: string, atMs: number): Promise<boolean> {
  return countOnce(platformEvent({ markerId: `user-${eventId}`, kind: "userCreated", atMs, increments: userCreatedCounters() }));
}
