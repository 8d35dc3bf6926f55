// payments-webhook (SPEC section 5): the provider's signed event delivery. Transport
// (method, signature, body shape) is webhookHttp.ts; what an event does is process.ts.
import { onRequest } from "firebase-functions/v2/https";
import { clientIpOf } from "../core/clientIp";
import { recordDenial } from "../core/denials";
import { PAYMENT_WEBHOOK_SECRET } from "../core/config";
import { processPaymentEvent } from "./process";
import { paymentProvider } from "../paymentProviders/registry";
import { handleWebhookRequest } from "./webhookHttp";

export const webhook = onRequest({ secrets: [PAYMENT_WEBHOOK_SECRET], invoker: "public" }, async (req, res) => {
  const reply = await handleWebhookRequest(
    { method: req.method, rawBody: req.rawBody, headers: req.headers },
    {
      verify: (rawBody, headers, nowMs) => paymentProvider().verifyWebhook(rawBody, headers, nowMs),
      process: processPaymentEvent,
      nowMs: Date.now(),
      // Forgeries are counted in one audit entry per hour, whoever sends them (finding 7).
      audit: (rejection) =>
        recordDenial({
          subject: "forged-webhooks",
          actor: { system: "payments.webhook" },
          action: "payment.webhook",
          target: { type: "webhook", id: "payments-webhook" },
          reason: "SIGNATURE_INVALID",
          detail: rejection.reason,
          ip: clientIpOf(req),
          userAgent: req.headers["user-agent"],
        }),
    },
  );
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.set(name, value);
  res.status(reply.status).json(reply.body);
});
