// Consent records (SPEC section 8): one immutable users/{uid}/consents/{id} document per
// decision, and the latest decision per type summarised on the profile
// (`consents.<type>`) so rules, triggers and core/notify read one document.
// The record, the summary and the audit entry commit in one transaction.
import { FieldValue } from "firebase-admin/firestore";
import { writeAudit } from "../core/audit";
import { errors } from "../core/errors";
import { db } from "../core/firebase";
import type { Role } from "../core/roles";
import type { RecordConsent } from "./schema";

export interface ConsentCaller {
  uid: string;
  role: Role;
  requestId: string;
  ip?: string;
  userAgent?: string;
}

/**
 * A grant must name the policy in force: agreeing to a text the user was not shown means
 * nothing. A withdrawal is accepted whatever version the client names.
 */
export function checkPolicyVersion(input: RecordConsent, currentVersion: string): void {
  if (input.granted && input.policyVersion !== currentVersion) {
    throw errors.precondition("POLICY_OUTDATED", `Consent must be given to the current policy (version ${currentVersion}).`);
  }
}

export async function storeConsent(caller: ConsentCaller, input: RecordConsent): Promise<string> {
  const user = db().collection("users").doc(caller.uid);
  const record = user.collection("consents").doc();
  await db().runTransaction(async (tx) => {
    tx.create(record, {
      type: input.type,
      granted: input.granted,
      policyVersion: input.policyVersion,
      at: FieldValue.serverTimestamp(),
      ip: caller.ip ?? null,
      userAgent: caller.userAgent ?? null,
    });
    const summary = { granted: input.granted, policyVersion: input.policyVersion, at: FieldValue.serverTimestamp(), recordId: record.id };
    tx.set(user, { consents: { [input.type]: summary }, updatedAt: FieldValue.serverTimestamp() }, { merge: true });
    await writeAudit(
      {
        actor: { uid: caller.uid, role: caller.role },
        action: "privacy.consent",
        target: { type: "consent", id: record.id },
        outcome: "success",
        changes: { type: input.type, granted: input.granted, policyVersion: input.policyVersion },
        requestId: caller.requestId,
        ip: caller.ip,
        userAgent: caller.userAgent,
      },
      tx,
    );
  });
  return record.id;
}
