// privacy-recordConsent, privacy-exportData, privacy-requestDeletion,
// privacy-cancelDeletion, privacy-eraseNow (SPEC sections 4 and 8).
import { callable } from "../core/callable";
import { DELETION_GRACE_DAYS, PII_KEY, POLICY_VERSION, PSEUDONYM_KEY } from "../core/config";
import { errors } from "../core/errors";
import { exportData as collectExport } from "./export";
import { checkPolicyVersion, recordConsent as storeConsent } from "./consent";
import { cancelDeletion as cancelStoredDeletion, requestDeletion as storeDeletionRequest } from "./deletion";
import { eraseNow as eraseAtOnce } from "./erasure";
import { EraseNowInput, NoInput, RecordConsentInput } from "./schema";

export const recordConsent = callable({
  name: "privacy.recordConsent",
  roles: "signedIn",
  input: RecordConsentInput,
  rateLimit: { limit: 20, windowSeconds: 60 },
  handler: async (ctx) => {
    checkPolicyVersion(ctx.input, POLICY_VERSION.value());
    return { id: await storeConsent(ctx, ctx.input) };
  },
});

export const requestDeletion = callable({
  name: "privacy.requestDeletion",
  roles: "signedIn",
  input: NoInput,
  rateLimit: { limit: 5, windowSeconds: 3600 },
  handler: async (ctx) => ({ scheduledFor: (await storeDeletionRequest(ctx, DELETION_GRACE_DAYS.value())).toISOString() }),
});

export const cancelDeletion = callable({
  name: "privacy.cancelDeletion",
  roles: "signedIn",
  input: NoInput,
  allowStatuses: ["active", "deletion_pending"],
  rateLimit: { limit: 5, windowSeconds: 3600 },
  handler: async (ctx) => {
    await cancelStoredDeletion(ctx);
    return { ok: true };
  },
});

export const exportData = callable({
  name: "privacy.exportData",
  roles: "signedIn",
  input: NoInput,
  audit: "data.export",
  allowStatuses: ["active", "deletion_pending"],
  rateLimit: { limit: 3, windowSeconds: 24 * 3600 },
  secrets: [PII_KEY],
  handler: async ({ uid, audit }) => {
    const data = await collectExport(uid);
    const counts = Object.fromEntries(Object.entries(data).map(([path, docs]) => [path, docs.length]));
    audit({ target: { type: "user", id: uid }, changes: { counts } });
    return { exportedAt: new Date().toISOString(), data };
  },
});

/**
 * An admin erases a user at once (sudo mode; App Check consumed, so a replayed request
 * cannot erase again). The erasure writes its own data.delete_complete entry with the
 * admin as actor and the reason (masked); a refused call is audited by the pipeline.
 */
export const eraseNow = callable({
  name: "privacy.eraseNow",
  roles: ["admin"],
  input: EraseNowInput,
  sudo: true,
  consumeAppCheck: true,
  rateLimit: { limit: 20, windowSeconds: 3600 },
  secrets: [PSEUDONYM_KEY],
  handler: async ({ uid, input }) => {
    if (input.uid === uid) throw errors.precondition("CANNOT_ERASE_SELF", "An admin cannot erase their own account; another admin must.");
    const by = { uid, role: "admin" as const };
    const status = await eraseAtOnce(input.uid, { pseudonymKey: PSEUDONYM_KEY.value(), graceDays: DELETION_GRACE_DAYS.value(), by, reason: input.reason });
    return { status };
  },
});
