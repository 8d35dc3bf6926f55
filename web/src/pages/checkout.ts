// The fake payment provider's checkout page, a page of the console in the emulator only:
// it plays the provider and sends the signed webhook (SPEC section 5) through Hosting's
// /payments/webhook rewrite. The demo signing secret comes from /__emulator/fake-provider.json,
// which only an emulator build writes (web/build.mjs --emulator); production has no such page.
import { formatPiastres } from "@souk/client";
import { doc, getDoc } from "firebase/firestore";
import { souk } from "../app";
import { attempt, button, h } from "../dom";
import { getLocale, t } from "../i18n";

interface FakeProviderConfig {
  webhookSecret: string;
  webhookPath: string;
}

async function hmacHex(secret: string, payload: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const signature = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(payload));
  return [...new Uint8Array(signature)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export function checkoutPage(orderId: string, paymentId: string): HTMLElement {
  const page = h("section", {}, h("h1", {}, t("checkoutTitle")), h("p", {}, t("loading")));
  void attempt(page, async () => {
    const response = await fetch("/__emulator/fake-provider.json");
    if (!response.ok) {
      page.replaceChildren(h("h1", {}, t("checkoutTitle")), h("p", { class: "notice" }, t("checkoutOnlyEmulator")));
      return;
    }
    const config = (await response.json()) as FakeProviderConfig;
    const order = await getDoc(doc(souk.db, "orders", orderId));
    const total = order.get("total") as number;
    const send = (type: "payment.succeeded" | "payment.failed") =>
      attempt(page, async () => {
        const created = Math.floor(Date.now() / 1000);
        const body = JSON.stringify({ id: `evt_console_${crypto.randomUUID()}`, type, created, data: { paymentId, orderId, amount: total, currency: order.get("currency") } });
        const signature = `t=${created},v1=${await hmacHex(config.webhookSecret, `${created}.${body}`)}`;
        const answer = await fetch(config.webhookPath, { method: "POST", body, headers: { "content-type": "application/json", "Souk-Signature": signature } });
        if (!answer.ok) throw new Error(`webhook answered ${answer.status}`);
        location.hash = `#/orders/${orderId}`;
      });
    page.replaceChildren(
      h("h1", {}, t("checkoutTitle")),
      h("div", { class: "card" }, h("p", {}, `${t("orderNumber")}: ${order.get("number")}`), h("p", {}, `${t("amount")}: ${formatPiastres(total, getLocale())}`), button(t("pay"), () => send("payment.succeeded")), " ", button(t("decline"), () => send("payment.failed"))),
    );
  });
  return page;
}
