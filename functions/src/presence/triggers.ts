// RTDB presence mirrored to Firestore (SPEC section 6): /status/{uid} -> presence/{uid}
// {state, lastChanged} and `online` on engineers/{uid} or vendors/{uid} when they exist.
// Dispatch reads engineers.online, so an engineer whose connection drops (the client's
// onDisconnect writes offline) stops being picked.
//
// Out-of-order and duplicate events: the mirror runs in a transaction that re-reads the
// stored presence and drops any status not strictly newer (presence/model.ts), so the
// final state is the newest status whatever order events arrive in, and a redelivery
// writes nothing.
import { Timestamp, type DocumentData, type DocumentSnapshot, type Transaction } from "firebase-admin/firestore";
import { onValueWritten } from "../core/triggers";
import { db } from "../core/firebase";
import { logs } from "../core/log";
import { statusOf, supersedes, type PresenceState, type PresenceStatus } from "./model";

export type MirrorOutcome = "applied" | "stale" | "invalid";

function storedStatus(data: DocumentData | undefined): PresenceStatus | undefined {
  const lastChanged = data?.lastChanged as Timestamp | undefined;
  if (!data || !(lastChanged instanceof Timestamp)) return undefined;
  return { state: data.state as PresenceState, lastChanged: lastChanged.toMillis() };
}

function mirrorOnline(tx: Transaction, profile: DocumentSnapshot, online: boolean): void {
  if (profile.exists && profile.get("online") !== online) tx.update(profile.ref, { online });
}

/**
 * Applies one RTDB status value (as the trigger sees it after the write; null when the
 * node was deleted) to Firestore. Exported so tests drive it without an RTDB emulator.
 */
export async function mirrorPresence(uid: string, value: unknown, eventTimeMs = Date.now()): Promise<MirrorOutcome> {
  const incoming = statusOf(value, eventTimeMs);
  if (!incoming) {
    logs.presenceInvalidStatus(uid);
    return "invalid";
  }
  const presenceRef = db().collection("presence").doc(uid);
  const engineerRef = db().collection("engineers").doc(uid);
  const vendorRef = db().collection("vendors").doc(uid);
  const outcome = await db().runTransaction(async (tx) => {
    const [presence, engineer, vendor] = await tx.getAll(presenceRef, engineerRef, vendorRef);
    if (!supersedes(incoming, storedStatus(presence.data()))) return "stale" as const;
    tx.set(presenceRef, { state: incoming.state, lastChanged: Timestamp.fromMillis(incoming.lastChanged) });
    const online = incoming.state === "online";
    mirrorOnline(tx, engineer, online);
    mirrorOnline(tx, vendor, online);
    return "applied" as const;
  });
  logs.presenceMirrored(uid, incoming.state, outcome);
  return outcome;
}

export const onStatusWritten = onValueWritten({ ref: "/status/{uid}" }, async (event) => {
  await mirrorPresence(event.params.uid, event.data.after.val(), Date.parse(event.time) || Date.now());
});
