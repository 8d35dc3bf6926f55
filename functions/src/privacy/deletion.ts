// privacy-requestDeletion / privacy-cancelDeletion (SPEC section 8). The profile's status
// becomes deletion_pending, which the callable pipeline turns into DELETION_PENDING for
// every callable but cancelDeletion and exportData; the account leaves the marketplace
// through the cascade seam (marketplace.ts). Status, schedule and audit entry commit in
// one transaction; the cascade runs after it and is idempotent.
import { FieldValue, Timestamp } from "firebase-admin/firestore";
import { writeAudit, type AuditEntry } from "../core/audit";
import { errors } from "../core/errors";
import { db } from "../core/firebase";
import type { Role } from "../core/roles";
import { leaveMarketplace, returnToMarketplace } from "./marketplace";
import { scheduledFor } from "./model";
import { countOf, openObligations } from "./obligations";

export interface DeletionCaller {
  uid: string;
  role: Role;
  requestId: string;
  ip?: string;
  userAgent?: string;
}

function auditOf(caller: DeletionCaller, action: AuditEntry["action"], changes: AuditEntry["changes"]): AuditEntry {
  const { uid, role, requestId, ip, userAgent } = caller;
  return { actor: { uid, role }, action, target: { type: "user", id: uid }, outcome: "success", changes, requestId, ip, userAgent };
}

export async function requestDeletion(caller: DeletionCaller, configuredGraceDays: number, now = new Date()): Promise<Date> {
  const profile = db().collection("users").doc(caller.uid);
  const when = await db().runTransaction(async (tx) => {
    const snapshot = await tx.get(profile);
    const status = (snapshot.get("status") as string | undefined) ?? "active";
    if (status !== "active") throw errors.precondition("DELETION_NOT_ALLOWED", "Only an active account can ask for deletion.");
    const open = countOf(await openObligations(db(), caller.uid, tx));
    const at = scheduledFor(now, configuredGraceDays, open);
    tx.set(
      profile,
      {
        status: "deletion_pending",
        deletion: { requestedAt: Timestamp.fromDate(now), scheduledFor: Timestamp.fromDate(at), previousStatus: status },
        updatedAt: FieldValue.serverTimestamp(),
      },
      { merge: true },
    );
    await writeAudit(auditOf(caller, "data.delete_request", { scheduledFor: at.toISOString(), openObligations: open }), tx);
    return at;
  });
  await leaveMarketplace(caller.uid, { uid: caller.uid, role: caller.role }, caller.requestId);
  return when;
}

export async function cancelDeletion(caller: DeletionCaller): Promise<void> {
  const profile = db().collection("users").doc(caller.uid);
  await db().runTransaction(async (tx) => {
    const snapshot = await tx.get(profile);
    if (snapshot.get("status") !== "deletion_pending") throw errors.precondition("NO_DELETION_PENDING", "No deletion is scheduled for this account.");
    if (snapshot.get("deletion.startedAt")) throw errors.precondition("DELETION_IN_PROGRESS", "The deletion has already started and cannot be cancelled.");
    const previous = (snapshot.get("deletion.previousStatus") as string | undefined) ?? "active";
    tx.update(profile, { status: previous, deletion: FieldValue.delete(), updatedAt: FieldValue.serverTimestamp() });
    await writeAudit(auditOf(caller, "data.delete_cancel", { restoredStatus: previous }), tx);
  });
  await returnToMarketplace(caller.uid, { uid: caller.uid, role: caller.role }, caller.requestId);
}
