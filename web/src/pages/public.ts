// Public pages: listings with search, filters and cursor paging; a listing with its vendor,
// favorite and the order form (customers).
import { formatPiastres, governorateName, governorates, type PublicListingItem } from "@souk/client";
import { deleteDoc, doc, getDoc, serverTimestamp, setDoc } from "firebase/firestore";
import { session, souk } from "../app";
import { attempt, button, field, h, input, select, values } from "../dom";
import { getLocale, status, t } from "../i18n";

function listingCard(item: PublicListingItem): HTMLElement {
  const locale = getLocale();
  return h(
    "li",
    {},
    h("a", { href: `#/listing/${item.id}` }, item.title),
    " · ",
    formatPiastres(item.price, locale),
    " · ",
    governorateName(item.governorate, locale),
    item.vendor ? ` · ${item.vendor.displayName}` : "",
  );
}

export function listingsPage(): HTMLElement {
  const params = new URLSearchParams(location.hash.split("?")[1] ?? "");
  const form = h(
    "form",
    { role: "search" },
    h(
      "div",
      { class: "row" },
      field("searchWords", input("q", { type: "search", value: params.get("q") ?? "" })),
      field("kind", select("kind", [["", t("any")], ["car", t("car")], ["part", t("part")]], params.get("kind") ?? "")),
      field("governorate", select("governorate", [["", t("any")], ...governorates.map((g): [string, string] => [g.slug, g[getLocale()]])], params.get("governorate") ?? "")),
      field("maxPrice", input("priceMaxEgp", { type: "number", min: 1, value: params.get("priceMaxEgp") ?? "" })),
      field("sort", select("sort", [["newest", t("newest")], ["price_asc", t("priceAsc")], ["price_desc", t("priceDesc")]], params.get("sort") ?? "newest")),
      h("button", { type: "submit" }, t("search")),
    ),
  );
  const results = h("ul", { class: "items", "aria-label": t("listingsTitle") });
  const more = h("div");
  const page = h("section", {}, h("h1", {}, t("listingsTitle")), form, results, more);

  const load = async (cursor?: string) => {
    const v = values(form);
    const query = {
      ...(v.q ? { q: v.q } : {}),
      ...(v.kind ? { kind: v.kind as "car" | "part" } : {}),
      ...(v.governorate ? { governorate: v.governorate } : {}),
      ...(v.priceMaxEgp ? { priceMax: Math.round(Number(v.priceMaxEgp) * 100) } : {}),
      ...(v.sort && v.sort !== "newest" ? { sort: v.sort as "price_asc" } : {}),
      limit: 6,
      ...(cursor ? { cursor } : {}),
    };
    if (!cursor) results.replaceChildren(h("li", {}, t("loading")));
    more.replaceChildren();
    const loaded = await attempt(page, async () => {
      const found = await souk.api.listings(query);
      if (!cursor) results.replaceChildren();
      results.append(...found.items.map(listingCard));
      if (found.items.length === 0 && !cursor) results.append(h("li", {}, t("noResults")));
      if (found.nextCursor) more.replaceChildren(button(t("nextPage"), () => load(found.nextCursor ?? undefined)));
    });
    // A refused search leaves no "loading" behind: the alert above says what to change.
    if (!loaded && !cursor) results.replaceChildren();
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void load();
  });
  void load();
  return page;
}

export function listingPage(id: string): HTMLElement {
  const page = h("section", {}, h("p", {}, t("loading")));
  void attempt(page, async () => {
    const listing = await souk.api.listing(id);
    const vendor = await souk.api.vendor(listing.vendorId).catch(() => null);
    const locale = getLocale();
    page.replaceChildren(
      h("h1", {}, listing.title),
      h(
        "div",
        { class: "card" },
        h("p", {}, `${t("price")}: ${formatPiastres(listing.price, locale)}`),
        h("p", {}, `${t("governorate")}: ${governorateName(listing.governorate, locale)} · ${t("city")}: ${listing.city}`),
        h("p", {}, `${t("status")}: ${status(listing.status)}`),
        listing.description ? h("p", {}, listing.description) : "",
      ),
      vendor
        ? h("div", { class: "card", "aria-label": t("vendor") }, h("h2", {}, `${t("vendor")}: ${vendor.displayName}`), h("p", {}, `${t("rating")}: ${vendor.rating.avg.toFixed(1)} (${vendor.rating.count})`))
        : "",
      customerActions(listing),
    );
  });
  return page;
}

function customerActions(listing: PublicListingItem): HTMLElement {
  if (!session) return h("p", {}, h("a", { href: "#/signin" }, t("signInToOrder")));
  if (session.role !== "customer") return h("div");
  const uid = session.user.uid;
  const box = h("div", {});
  const favRef = doc(souk.db, "users", uid, "favorites", listing.id);
  const favButton = h("button", { type: "button", "aria-pressed": "false" }, t("favorite"));
  void getDoc(favRef).then((snap) => {
    favButton.setAttribute("aria-pressed", String(snap.exists()));
    favButton.textContent = snap.exists() ? t("unfavorite") : t("favorite");
  });
  favButton.addEventListener("click", () =>
    void attempt(box, async () => {
      const on = favButton.getAttribute("aria-pressed") === "true";
      if (on) await deleteDoc(favRef);
      else await setDoc(favRef, { listingId: listing.id, createdAt: serverTimestamp() });
      favButton.setAttribute("aria-pressed", String(!on));
      favButton.textContent = on ? t("favorite") : t("unfavorite");
    }),
  );

  const address = h("div", { hidden: true }, field("street", input("fulfillment.address.line1")), field("city", input("fulfillment.address.city")), field("governorate", select("fulfillment.address.governorate", governorates.map((g): [string, string] => [g.slug, g[getLocale()]]))));
  const method = select("fulfillment.method", [["pickup", t("pickup")], ["delivery", t("delivery")]]);
  method.addEventListener("change", () => (address.hidden = method.value !== "delivery"));
  const form = h(
    "form",
    { "aria-label": t("orderTitle") },
    h("h2", {}, t("orderTitle")),
    field("fulfillment", method),
    address,
    field("payment", select("paymentMethod", [["card", t("card")], ["cod", t("cod")]])),
    h("button", { type: "submit" }, t("placeOrder")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void attempt(form, async () => {
      const v = values(form);
      const fulfillment =
        v["fulfillment.method"] === "delivery"
          ? { method: "delivery" as const, address: { line1: v["fulfillment.address.line1"], city: v["fulfillment.address.city"], governorate: v["fulfillment.address.governorate"] } }
          : { method: "pickup" as const };
      const order = await souk.orders.create({ listingId: listing.id, fulfillment, paymentMethod: v.paymentMethod as "card" | "cod", idempotencyKey: crypto.randomUUID() });
      if (v.paymentMethod === "card") {
        const checkout = await souk.payments.startCheckout({ orderId: order.orderId });
        location.hash = `#/checkout/${order.orderId}/${checkout.paymentId}`;
      } else {
        location.hash = `#/orders/${order.orderId}`;
      }
    });
  });
  box.append(h("div", { class: "card" }, favButton), form);
  return box;
}
