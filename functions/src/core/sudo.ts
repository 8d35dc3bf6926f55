// Sudo mode (SPEC section 2): sensitive admin callables need a sign-in at most
// ADMIN_REAUTH_MINUTES old. Part of the one pipeline (core/callable.ts).
import type { CallableRequest } from "firebase-functions/v2/https";
import type { z } from "zod";
import { ADMIN_REAUTH_MINUTES } from "./config";
import { errors } from "./errors";
import { signedInRecently } from "./roles";

interface SudoSpec {
  input: z.ZodType;
  sudo?: boolean | ((input: unknown) => boolean);
}

/** Pipeline clock: sudo mode compares auth_time with it; unit tests move it. */
let clock: () => number = () => Date.now();

export function setPipelineClock(now: (() => number) | undefined): void {
  clock = now ?? (() => Date.now());
}

/**
 * Sudo mode is decided before the revocation check, so a stale sign-in hears "sign in
 * again" (REAUTH_REQUIRED) rather than a lookup's answer. A predicate sees the input only
 * when it parses; otherwise validation refuses the call a step later anyway.
 */
export function enforceSudo(spec: SudoSpec, request: CallableRequest<unknown>): void {
  let wanted = spec.sudo === true;
  if (typeof spec.sudo === "function") {
    const parsed = spec.input.safeParse(request.data ?? {});
    wanted = parsed.success && spec.sudo(parsed.data);
  }
  if (!wanted) return;
  if (!signedInRecently(request.auth?.token ?? {}, clock(), ADMIN_REAUTH_MINUTES.value())) throw errors.reauthRequired();
}

