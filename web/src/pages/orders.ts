// Orders: the buyer's and the vendor's lists, and one order with its live timeline. The
// buyer confirms receipt and reviews; the vendor moves it (confirm, ship, deliver).
import { formatPiastres } from "@souk/client";
import { collection, doc, limit, onSnapshot, orderBy, query, serverTimestamp, setDoc, where, type DocumentData } from "firebase/firestore";
import { keep, requireSession, souk } from "../app";
import { attempt, button, field, h, input, select, values } from "../dom";
import { getLocale, status, t } from "../i18n";

type VendorMove = "confirmed" | "ready_for_pickup" | "shipped" | "delivered";

/** What a vendor may do next from each status (SPEC section 3): a pickup order is made ready, a delivery shipped. */
function vendorNext(status: string, method: unknown): VendorMove[] {
  const next: Record<string, VendorMove[]> = { placed: ["confirmed"], paid: ["confirmed"], confirmed: [method === "pickup" ? "ready_for_pickup" : "shipped"], ready_for_pickup: ["delivered"], shipped: ["delivered"] };
  return next[status] ?? [];
}

function orderLine(id: string, order: DocumentData): HTMLElement {
  return h("li", {}, h("a", { href: `#/orders/${id}` }, `${order.number}`), ` · ${order.items?.[0]?.title ?? ""} · ${status(order.status)} · ${formatPiastres(order.total, getLocale())}`);
}

export function ordersList(as: "buyerId" | "vendorId", heading: string): HTMLElement {
  const { user } = requireSession();
  const list = h("ul", { class: "items", "aria-label": heading });
  const section = h("section", {}, h("h2", {}, heading), list);
  keep(
    onSnapshot(
      query(collection(souk.db, "orders"), where(as, "==", user.uid), orderBy("createdAt", "desc"), limit(20)),
      (snap) => list.replaceChildren(...(snap.empty ? [h("li", {}, t("noOrders"))] : snap.docs.map((d) => orderLine(d.id, d.data())))),
      (error) => list.replaceChildren(h("li", { role: "alert" }, error.message)),
    ),
  );
  return section;
}

export function orderPage(orderId: string): HTMLElement {
  const { user } = requireSession();
  const summary = h("div", { class: "card" }, t("loading"));
  const timeline = h("ol", { "aria-label": t("timeline") });
  const actions = h("div", {});
  const page = h("section", {}, h("h1", {}, t("orderNumber")), summary, h("h2", {}, t("timeline")), timeline, actions);
  keep(
    onSnapshot(doc(souk.db, "orders", orderId), (snap) => {
      const order = snap.data();
      if (!order) return;
      (page.firstChild as HTMLElement).textContent = `${t("orderNumber")} ${order.number}`;
      summary.replaceChildren(h("p", {}, `${t("status")}: `, h("strong", { "data-testid": "order-status" }, status(order.status))), h("p", {}, `${t("total")}: ${formatPiastres(order.total, getLocale())}`));
      actions.replaceChildren(...orderActions(orderId, order, user.uid));
    }),
  );
  keep(
    onSnapshot(query(collection(souk.db, "orders", orderId, "events"), orderBy("at", "asc")), (snap) =>
      timeline.replaceChildren(...snap.docs.map((d) => h("li", {}, `${d.get("from") ? status(d.get("from")) + " ← " : ""}${status(d.get("to"))}`))),
    ),
  );
  return page;
}

function orderActions(orderId: string, order: DocumentData, uid: string): HTMLElement[] {
  const box = h("div", { class: "card" });
  if (order.vendorId === uid) {
    for (const next of vendorNext(order.status, order.fulfillment?.method)) {
      box.append(button(`${t("moveTo")} ${status(next)}`, () => attempt(box, () => souk.orders.updateStatus({ orderId, status: next }))), " ");
    }
  }
  if (order.buyerId === uid && order.status === "delivered") {
    box.append(button(t("confirmReceipt"), () => attempt(box, () => souk.orders.confirmReceipt({ orderId }))));
  }
  if (order.buyerId === uid && order.status === "completed") box.append(reviewForm(orderId, order.vendorId as string, uid));
  return box.childNodes.length > 0 ? [box] : [];
}

function reviewForm(orderId: string, vendorId: string, uid: string): HTMLElement {
  const form = h("form", { "aria-label": t("review") }, h("h2", {}, t("review")), field("rating", select("rating", ["5", "4", "3", "2", "1"].map((n): [string, string] => [n, "★".repeat(Number(n))]))), field("reviewText", input("text")), h("button", { type: "submit" }, t("send")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void attempt(form, async () => {
      const v = values(form);
      await setDoc(doc(souk.db, "vendors", vendorId, "reviews", orderId), { buyerId: uid, rating: Number(v.rating), text: v.text, createdAt: serverTimestamp() }).catch((error: unknown) => {
        throw Object.assign(new Error(String(error)), { code: "permission-denied" });
      });
      form.replaceChildren(h("p", { class: "ok", role: "status" }, t("reviewed")));
    });
  });
  return form;
}

export function notificationsPage(): HTMLElement {
  const { user } = requireSession();
  const list = h("ul", { class: "items", "aria-label": t("navNotifications") });
  keep(
    onSnapshot(query(collection(souk.db, "users", user.uid, "notifications"), orderBy("createdAt", "desc"), limit(30)), (snap) =>
      list.replaceChildren(...(snap.empty ? [h("li", {}, t("noNotifications"))] : snap.docs.map((d) => h("li", {}, h("strong", {}, d.get("title") ?? ""), " ", d.get("body") ?? "")))),
    ),
  );
  return h("section", {}, h("h1", {}, t("navNotifications")), list);
}
