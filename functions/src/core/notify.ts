// In-app notifications and push (SPEC sections 3 and 6). A notification is a document in
// users/{uid}/notifications, written in the recipient's locale (users/{uid}.locale, Arabic
// by default), then pushed to the devices registered under users/{uid}/devices/*.
// The document is the source of truth: a push that fails is logged, never retried, and
// never fails the caller; pushes run under a deadline and a breaker (PUSH_BREAKER).
// Push goes through an injected PushSender: Firebase Cloud Messaging in production
// (loaded only when first used), a logging sender in the
// emulator, and a recording fake in tests (setPushSender).
//
// Idempotency: pass a deterministic `id` (e.g. `${jobId}-accepted-<millis>`) and a second
// delivery of the same event finds the document, writes nothing and pushes nothing.
import { FieldValue, type DocumentSnapshot } from "firebase-admin/firestore";
import { guard, type BreakerPolicy, type Guard } from "./breaker";
import { POLICY_VERSION } from "./config";
import { createOnce, db, ensureApp, runningInEmulator } from "./firebase";
import { logs } from "./log";

export interface LocalizedText {
  ar: string;
  en: string;
}

export interface Notice {
  /** Machine-readable kind, e.g. "job.assigned"; the client routes on it. */
  type: string;
  title: LocalizedText;
  body: LocalizedText;
  /** Small string payload (ids) the client needs to open the right screen. */
  data?: Record<string, string>;
}

export interface PushMessage {
  title: string;
  body: string;
  data: Record<string, string>;
}

export interface PushReport {
  /** Tokens the push service says are gone; their device documents are removed. */
  invalidTokens: string[];
}

export interface PushSender {
  send(tokens: string[], message: PushMessage): Promise<PushReport>;
}

export interface NotifyOptions {
  /** Document id; makes the notification idempotent (an existing id writes nothing). */
  id?: string;
  /**
   * "marketing" notices (offers, news) reach only users whose latest marketing consent is
   * a grant of the current POLICY_VERSION (SPEC section 8); "transactional" ones (orders,
   * jobs, account) always do. Default transactional.
   */
  category?: "transactional" | "marketing";
}

interface ConsentSummary {
  consents?: { marketing?: { granted?: unknown; policyVersion?: unknown } };
}

/** The marketing gate: the latest marketing decision is a grant of the current policy version. */
export function marketingAllowed(profile: ConsentSummary | undefined, currentVersion: string): boolean {
  const marketing = profile?.consents?.marketing;
  return marketing?.granted === true && marketing.policyVersion === currentVersion;
}

/** FCM accepts at most 500 tokens per multicast. */
const FCM_BATCH = 500;
const GONE_TOKEN_CODES = new Set(["messaging/registration-token-not-registered", "messaging/invalid-registration-token"]);

/** Emulator runs log what they would push: there is no FCM for a demo project. */
const loggingSender: PushSender = {
  async send(tokens, message) {
    logs.pushSkippedInEmulator(tokens.length, message.title, Object.keys(message.data).join(","));
    return { invalidTokens: [] };
  },
};

/** Firebase Cloud Messaging, imported lazily so cold starts of non-notifying functions never pay for it. */
const fcmSender: PushSender = {
  async send(tokens, message) {
    ensureApp();
    const { getMessaging } = await import("firebase-admin/messaging");
    const invalidTokens: string[] = [];
    for (let i = 0; i < tokens.length; i += FCM_BATCH) {
      const batch = tokens.slice(i, i + FCM_BATCH);
      const response = await getMessaging().sendEachForMulticast({
        tokens: batch,
        notification: { title: message.title, body: message.body },
        data: message.data,
      });
      response.responses.forEach((r, index) => {
        if (r.error && GONE_TOKEN_CODES.has(r.error.code)) invalidTokens.push(batch[index]);
      });
    }
    return { invalidTokens };
  },
};

/**
 * Deadline and breaker for push (SPEC section 8). FCM answers a 500-token multicast in
 * about a second; 10 s is a bad day. When five pushes in a minute fail half the time,
 * pushes are skipped for a minute (the in-app notification is written first either way),
 * so a trigger never spends its time budget waiting on a push service that is down.
 */
export const PUSH_BREAKER: BreakerPolicy = {
  timeoutMs: 10_000,
  volumeThreshold: 5,
  errorThresholdPercentage: 50,
  resetTimeoutMs: 60_000,
  rollingWindowMs: 60_000,
};

let pushGuard: Guard = guard("fcm", PUSH_BREAKER);
let injected: PushSender | undefined;

/** Replaces the push sender (tests inject a recording fake); undefined restores the default. */
export function setPushSender(sender: PushSender | undefined): void {
  injected = sender;
}

/** A new push breaker with `policy` (tests use small thresholds); undefined restores the default. */
export function resetPushBreaker(policy: BreakerPolicy = PUSH_BREAKER): Guard {
  pushGuard = guard("fcm", policy);
  return pushGuard;
}

function pushSender(): PushSender {
  return injected ?? (runningInEmulator() ? loggingSender : fcmSender);
}

/** The text in the reader's language: English when the profile says so, else Arabic. */
export function inLocale(text: LocalizedText, locale: unknown): string {
  return locale === "en" ? text.en : text.ar;
}

function tokenOf(device: DocumentSnapshot): string | undefined {
  const token = device.get("token");
  return typeof token === "string" && token.length > 0 ? token : undefined;
}

async function push(uid: string, message: PushMessage): Promise<void> {
  const devices = await db().collection("users").doc(uid).collection("devices").get();
  const byToken = new Map<string, DocumentSnapshot>();
  for (const device of devices.docs) {
    const token = tokenOf(device);
    if (token) byToken.set(token, device);
  }
  if (byToken.size === 0) return;
  try {
    const sender = pushSender();
    const { invalidTokens } = await pushGuard.call(() => sender.send([...byToken.keys()], message));
    await Promise.all(invalidTokens.map((token) => byToken.get(token)?.ref.delete()));
  } catch (error) {
    logs.pushFailed(uid, error);
  }
}

/**
 * Writes one notification for `uid` in their locale and pushes it to their devices.
 * Returns false when `options.id` already existed (a redelivery), or for a marketing notice
 * the user has not consented to: nothing is written or pushed.
 */
export async function notify(uid: string, notice: Notice, options: NotifyOptions = {}): Promise<boolean> {
  const user = db().collection("users").doc(uid);
  const profile = await user.get();
  if (options.category === "marketing" && !marketingAllowed(profile.data(), POLICY_VERSION.value())) {
    logs.notificationSkippedNoConsent(uid, notice.type);
    return false;
  }
  const locale = profile.get("locale");
  const message: PushMessage = { title: inLocale(notice.title, locale), body: inLocale(notice.body, locale), data: notice.data ?? {} };
  const ref = options.id ? user.collection("notifications").doc(options.id) : user.collection("notifications").doc();
  if (!(await createOnce(ref, { type: notice.type, ...message, read: false, createdAt: FieldValue.serverTimestamp() }))) return false;
  logs.notificationCreated(uid, notice.type, ref.id);
  await push(uid, message);
  return true;
}

/** Notifies every active admin (users where role == 'admin'). Returns how many were notified. */
export async function notifyAdmins(notice: Notice, options: NotifyOptions = {}): Promise<number> {
  const admins = await db().collection("users").where("role", "==", "admin").get();
  const active = admins.docs.filter((admin) => (admin.get("status") ?? "active") === "active");
  const written = await Promise.all(active.map((admin) => notify(admin.id, notice, options)));
  return written.filter(Boolean).length;
}
