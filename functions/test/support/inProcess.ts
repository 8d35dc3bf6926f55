// Calling a deployed function's own handler in this process, against the emulators: the
// exact pipeline code without the Functions emulator's worker per request (which a busy
// 2-core machine cannot start in time). Requests carry what the SDK would give the handler.
import { EventEmitter } from "node:events";
import type { CallableRequest } from "firebase-functions/v2/https";
import type { Actor } from "./actors";

export type Runnable = { run(request: CallableRequest<unknown>): Promise<unknown> };

export interface RequestOptions {
  /** App Check data as the SDK sets it (`alreadyConsumed` with consumeAppCheckToken). */
  app?: { alreadyConsumed?: boolean };
  headers?: Record<string, string>;
}

/**
 * The token's claims as the SDK hands them to a callable. Decoded, not verified: the SDK's
 * onCall verification does not check revocation, so a revoked but unexpired token reaches
 * the handler in production, and the Auth emulator's Admin SDK refuses it instead.
 */
function claimsOf(idToken: string): Record<string, unknown> & { uid: string } {
  const payload = JSON.parse(Buffer.from(idToken.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
  return { ...payload, uid: String(payload.user_id ?? payload.sub) };
}

/** A callable request as `actor` (undefined: no token), with the claims the SDK would pass. */
export async function requestAs(actor: Actor | undefined, data: unknown, options: RequestOptions = {}): Promise<CallableRequest<unknown>> {
  const auth = actor ? { uid: actor.uid, token: claimsOf(actor.idToken), rawToken: actor.idToken } : undefined;
  const app = options.app ? { appId: "1:123:web:souk", token: { app_id: "1:123:web:souk" }, ...options.app } : undefined;
  return { data, auth, app, rawRequest: { headers: options.headers ?? {}, ip: "203.0.113.7" }, acceptsStreaming: false } as unknown as CallableRequest<unknown>;
}

/** Runs the callable; answers {ok, result} or the HttpsError's status and domain code. */
export async function invoke(fn: unknown, request: CallableRequest<unknown>): Promise<{ result?: unknown; status?: string; code?: string }> {
  try {
    return { result: await (fn as Runnable).run(request) };
  } catch (error) {
    const e = error as { code?: string; details?: { code?: string } };
    return { status: e.code, code: e.details?.code };
  }
}

/** Enough of an Express response for onRequest handlers. */
export class FakeResponse extends EventEmitter {
  statusCode = 200;
  body: unknown;
  headersSent = false;
  status(code: number): this {
    this.statusCode = code;
    return this;
  }
  set(): this {
    return this;
  }
  setHeader(): this {
    return this;
  }
  getHeader(): undefined {
    return undefined;
  }
  json(body: unknown): this {
    this.body = body;
    return this.end();
  }
  end(): this {
    this.headersSent = true;
    this.emit("finish");
    return this;
  }
}
