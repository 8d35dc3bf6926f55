// The `api` function group: one HTTP function serving /v1 (SPEC section 5).
import { onRequest } from "firebase-functions/v2/https";
import { ALLOWED_ORIGINS, API_RATE_LIMIT_PER_MINUTE, TRUSTED_PROXY_HOPS } from "../core/config";
import { logs } from "../core/log";
import { IpRateLimiter } from "../core/ipRateLimit";
import { createApiHandler, originsOf } from "./http";
import { ROUTES } from "./routes";

/** Per-IP limits of this instance: no Firestore operation until a client nears its limit (core/ipRateLimit.ts). */
const ipLimits = new IpRateLimiter();

const handler = createApiHandler({
  routes: ROUTES,
  allowedOrigins: () => originsOf(ALLOWED_ORIGINS.value()),
  trustedProxyHops: () => TRUSTED_PROXY_HOPS.value(),
  rateLimit: async (key) => {
    const limit = API_RATE_LIMIT_PER_MINUTE.value();
    return { limit, ...(await ipLimits.consume(key, { limit, windowSeconds: 60 })) };
  },
  log: (line) => logs.apiRequest(line),
  logError: (requestId, error) => logs.unexpectedError("api", requestId, error),
});

// cors: false — CORS is ours (allow-list, 403 for other origins); without it the Functions
// emulator wraps every HTTP function in a CORS middleware that reflects any origin.
export const api = onRequest({ invoker: "public", timeoutSeconds: 30, cors: false }, handler);
