// The one pipeline every callable goes through (SPEC section 4, STYLE "One pipeline"):
// App Check (param) -> sign-in -> account status -> role -> MFA + revocation for admins
// -> zod input -> per-user rate limit -> handler -> audit -> error mapping.
// A callable is then a declaration: a name, who may call, an input schema, a handler.
import { randomUUID } from "node:crypto";
import type { SecretParam } from "firebase-functions/params";
import { onCall, type CallableRequest, type HttpsError } from "firebase-functions/v2/https";
import type { z } from "zod";
import { writeAudit, type AuditAction, type AuditActor, type AuditOutcome, type AuditValue } from "./audit";
import { clientIpOf } from "./clientIp";
import { ENFORCE_APP_CHECK } from "./config";
import { recordDenial } from "./denials";
import { DomainError, errors, fieldErrorsOf, httpsErrorOf } from "./errors";
import { adminAuth, db } from "./firebase";
import { logs } from "./log";
import { consumeRateLimit, type RateLimitRule } from "./rateLimit";
import { roleIsStale, roleOf, signedInWithSecondFactor, type Role } from "./roles";
import { enforceSudo } from "./sudo";
export { setPipelineClock } from "./sudo";

export type UserStatus = "active" | "suspended" | "deletion_pending";

export interface AuditDetail {
  target?: { type: string; id: string };
  changes?: Record<string, AuditValue>;
}

export interface CallContext<Input> {
  uid: string;
  role: Role;
  input: Input;
  requestId: string;
  ip?: string;
  userAgent?: string;
  /** Adds the outcome (what changed) to the audit entry the pipeline writes once, after the handler. */
  audit(detail: AuditDetail): void;
}

export interface CallableSpec<Schema extends z.ZodType, Result> {
  /** "group.name", e.g. "users.setRole" (on the wire: users-setRole). */
  name: string;
  /** Roles allowed to call, or "signedIn" for every signed-in user. Admins always need MFA. */
  roles: readonly Role[] | "signedIn";
  input: Schema;
  handler: (ctx: CallContext<z.output<Schema>>) => Promise<Result>;
  /** Marks the callable sensitive: success, failure and denial are audited. */
  audit?: AuditAction;
  /**
   * What a sensitive call is about, known from its input (target, the change asked for):
   * in the one entry whatever the outcome, so a failed call names what it tried.
   */
  auditSubject?: (input: z.output<Schema>) => AuditDetail;
  rateLimit?: RateLimitRule;
  /** Account statuses that may still call (default: only active accounts). */
  allowStatuses?: readonly UserStatus[];
  /**
   * Sudo mode (SPEC section 2): the caller's sign-in must be at most ADMIN_REAUTH_MINUTES
   * old. `true` for every call, or a predicate over the parsed input (vendors-review only
   * when it suspends).
   */
  sudo?: boolean | ((input: z.output<Schema>) => boolean);
  secrets?: SecretParam[];
  /**
   * Replay protection for callables where a replayed request does harm (orders-refund,
   * users-setRole, privacy-eraseNow): the App Check token is consumed, and a token already
   * used once is refused with APP_CHECK_REPLAYED while ENFORCE_APP_CHECK is on.
   */
  consumeAppCheck?: boolean;
}

export const DEFAULT_RATE_LIMIT: RateLimitRule = { limit: 60, windowSeconds: 60 };

interface Caller {
  uid: string;
  role: Role;
}

interface RequestMeta {
  requestId: string;
  ip?: string;
  userAgent?: string;
  startedAt: number;
}

function metaOf(request: CallableRequest<unknown>): RequestMeta {
  const raw = request.rawRequest;
  const ip = raw ? clientIpOf(raw) : undefined;
  const userAgent = raw?.headers?.["user-agent"];
  return { requestId: randomUUID(), ip, userAgent, startedAt: Date.now() };
}

function isAdminCallable(roles: CallableSpec<z.ZodType, unknown>["roles"]): boolean {
  return roles !== "signedIn" && roles.includes("admin");
}

interface ProfileFacts {
  status: UserStatus;
  role?: Role;
  roleChangedAtMs?: number;
}

async function profileFacts(uid: string): Promise<ProfileFacts> {
  const profile = await db().collection("users").doc(uid).get();
  const changedAt = profile.get("roleChangedAt") as { toMillis(): number } | undefined;
  return {
    // A profile not created yet (trigger lag right after sign-up) means a new, active user.
    status: (profile.get("status") as UserStatus | undefined) ?? "active",
    role: profile.get("role") as Role | undefined,
    roleChangedAtMs: changedAt?.toMillis(),
  };
}

async function verifyNotRevoked(rawToken: string): Promise<void> {
  try {
    await adminAuth().verifyIdToken(rawToken, true);
  } catch {
    throw errors.tokenRevoked();
  }
}

function identify(spec: CallableSpec<z.ZodType, unknown>, request: CallableRequest<unknown>): Caller {
  // App Check is checked here at run time rather than with onCall's enforceAppCheck, so
  // the ENFORCE_APP_CHECK param is read when a request arrives, never at module load.
  if (ENFORCE_APP_CHECK.value() && !request.app) throw errors.appCheckRequired();
  // With consumeAppCheckToken the SDK marks a token it has seen before; that is a replay.
  if (ENFORCE_APP_CHECK.value() && spec.consumeAppCheck && request.app?.alreadyConsumed !== false) throw errors.appCheckReplayed();
  if (!request.auth) throw errors.unauthenticated();
  return { uid: request.auth.uid, role: roleOf(request.auth.token) };
}

/** The profile's word on the caller: account status (SPEC 2, 8) and a stale role claim (issue 10). */
function refuseByProfile(profile: ProfileFacts, allowed: readonly UserStatus[], role: Role, issuedAtSeconds: number): void {
  if (!allowed.includes(profile.status)) throw profile.status === "deletion_pending" ? errors.deletionPending() : errors.suspended();
  if (roleIsStale({ tokenRole: role, issuedAtSeconds, profileRole: profile.role, roleChangedAtMs: profile.roleChangedAtMs })) {
    throw errors.tokenStale();
  }
}

async function authorize(spec: CallableSpec<z.ZodType, unknown>, request: CallableRequest<unknown>, caller: Caller): Promise<void> {
  const auth = request.auth;
  if (!auth) throw errors.unauthenticated();
  const { role } = caller;
  const allowed = spec.allowStatuses ?? ["active"];
  refuseByProfile(await profileFacts(auth.uid), allowed, role, auth.token.iat);
  if (spec.roles !== "signedIn" && !spec.roles.includes(role)) throw errors.roleForbidden();
  if (role === "admin" && isAdminCallable(spec.roles)) {
    if (!signedInWithSecondFactor(auth.token)) throw errors.mfaRequired();
    enforceSudo(spec, request);
    await verifyNotRevoked(auth.rawToken);
  }
}

function parseInput<Schema extends z.ZodType>(schema: Schema, data: unknown): z.output<Schema> {
  const parsed = schema.safeParse(data ?? {});
  if (!parsed.success) throw errors.validation(fieldErrorsOf(parsed.error));
  return parsed.data;
}

async function enforceRateLimit(spec: CallableSpec<z.ZodType, unknown>, uid: string): Promise<void> {
  const decision = await consumeRateLimit(`${spec.name}:${uid}`, spec.rateLimit ?? DEFAULT_RATE_LIMIT);
  if (!decision.allowed) throw errors.rateLimited(decision.retryAfterSeconds);
}

interface AuditFacts {
  spec: CallableSpec<z.ZodType, unknown>;
  meta: RequestMeta;
  caller?: Caller;
  outcome: AuditOutcome;
  detail?: AuditDetail;
  reason?: string;
}

const actorOf = (caller: Caller | undefined): AuditActor => caller ?? { system: "unauthenticated" };

/**
 * A denial is aggregated per caller, action and hour (core/denials.ts, finding 7);
 * anonymous denials go to the logs only (callCompleted), so no token means no audit write.
 */
async function auditDenial(facts: AuditFacts, action: AuditAction, target: { type: string; id: string }): Promise<void> {
  const { caller, meta } = facts;
  if (!caller) return;
  await recordDenial({ subject: caller.uid, actor: caller, action, target, reason: facts.reason ?? "DENIED", ...requestFacts(meta) });
}

/** Audits sensitive callables, and every denied call of an admin callable. */
async function audit(facts: AuditFacts): Promise<void> {
  const { spec, meta, caller, outcome } = facts;
  const deniedAdminCall = outcome === "denied" && isAdminCallable(spec.roles);
  if (!spec.audit && !deniedAdminCall) return;
  const action = spec.audit ?? "admin.call";
  const target = facts.detail?.target ?? { type: "callable", id: spec.name };
  if (outcome === "denied") return auditDenial(facts, action, target);
  try {
    await writeAudit({ actor: actorOf(caller), action, target, outcome, changes: facts.detail?.changes, reason: facts.reason, ...requestFacts(meta) });
  } catch (error) {
    logs.auditWriteFailed(action, meta.requestId, error);
  }
}

function requestFacts(meta: RequestMeta) {
  return { requestId: meta.requestId, ip: meta.ip, userAgent: meta.userAgent };
}

const DENIAL_CODES = new Set([
  "APP_CHECK_REQUIRED",
  "APP_CHECK_REPLAYED",
  "AUTH_REQUIRED",
  "TOKEN_REVOKED",
  "TOKEN_STALE",
  "ROLE_FORBIDDEN",
  "MFA_REQUIRED",
  "REAUTH_REQUIRED",
  "ACCOUNT_SUSPENDED",
  "DELETION_PENDING",
]);

async function failure(
  spec: CallableSpec<z.ZodType, unknown>,
  meta: RequestMeta,
  caller: Caller | undefined,
  error: unknown,
  detail?: AuditDetail,
): Promise<HttpsError> {
  const code = error instanceof DomainError ? error.code : "INTERNAL";
  if (!(error instanceof DomainError)) logs.unexpectedError(spec.name, meta.requestId, error);
  const outcome: AuditOutcome = DENIAL_CODES.has(code) ? "denied" : "failure";
  await audit({ spec, meta, caller, outcome, detail, reason: code });
  const logOutcome = code === "INTERNAL" ? "error" : outcome;
  logs.callCompleted({ fn: spec.name, requestId: meta.requestId, uid: caller?.uid, outcome: logOutcome, code, ms: Date.now() - meta.startedAt });
  return httpsErrorOf(error, meta.requestId);
}

export async function runCallable<Schema extends z.ZodType, Result>(
  spec: CallableSpec<Schema, Result>,
  request: CallableRequest<unknown>,
): Promise<Result> {
  const meta = metaOf(request);
  let caller: Caller | undefined;
  let detail: AuditDetail | undefined;
  try {
    caller = identify(spec, request);
    // The rate-limit counter is consumed while the profile is read: one round trip, not two
    // (issue 14). The verdicts keep their order: the profile's first, then the input's, then
    // the limit's. A refused or invalid call still counts against the caller's limit.
    const limited = enforceRateLimit(spec, caller.uid);
    limited.catch(() => undefined); // awaited below; an earlier refusal must not leave it unhandled
    await authorize(spec, request, caller);
    const input = parseInput(spec.input, request.data);
    detail = spec.auditSubject?.(input);
    await limited;
    const context: CallContext<z.output<Schema>> = {
      ...caller,
      input,
      requestId: meta.requestId,
      ip: meta.ip,
      userAgent: meta.userAgent,
      audit: (d) => (detail = { target: d.target ?? detail?.target, changes: { ...detail?.changes, ...d.changes } }),
    };
    const result = await spec.handler(context);
    await audit({ spec, meta, caller, outcome: "success", detail });
    logs.callCompleted({ fn: spec.name, requestId: meta.requestId, uid: caller.uid, outcome: "success", ms: Date.now() - meta.startedAt });
    return result;
  } catch (error) {
    throw await failure(spec, meta, caller, error, detail);
  }
}

/**
 * The onCall options of a spec. App Check is enforced by the pipeline at run time (the
 * ENFORCE_APP_CHECK param is read per request, never at module load), so onCall's own
 * enforceAppCheck stays off; consumeAppCheckToken makes the SDK consume a presented token and
 * set `app.alreadyConsumed`, which the pipeline refuses. A request with no App Check token
 * costs no App Check call (the emulator, where the param is off).
 */
export function callableOptions(spec: Pick<CallableSpec<z.ZodType, unknown>, "secrets" | "consumeAppCheck">) {
  return {
    ...(spec.secrets ? { secrets: spec.secrets } : {}),
    ...(spec.consumeAppCheck ? { consumeAppCheckToken: true } : {}),
  };
}

export function callable<Schema extends z.ZodType, Result>(spec: CallableSpec<Schema, Result>) {
  const options = callableOptions(spec);
  const fn = onCall(options, (request) => runCallable(spec, request));
  // The declared name travels with the function, so the contract test can check it
  // against the export path (a wrong name would audit and rate-limit under another); the
  // very options object onCall was given travels too, so a test can read what was deployed.
  return Object.assign(fn, { declaredName: spec.name, onCallOptions: options });
}
