// The vendor desk: my listings (create a draft from display values, submit for review) and
// my customers' orders, which the vendor moves on from the order page.
import { formatPiastres, governorates, type ListingDisplayInput } from "@souk/client";
import { collection, limit, onSnapshot, query, where } from "firebase/firestore";
import { keep, requireSession, souk } from "../app";
import { attempt, button, field, h, input, select, values } from "../dom";
import { getLocale, status, t } from "../i18n";
import { ordersList } from "./orders";

function listingForm(): HTMLElement {
  const form = h(
    "form",
    { "aria-label": t("newListing") },
    h("h2", {}, t("newListing")),
    h("p", { class: "notice", role: "note" }, t("imagesSkipped")),
    field("title", input("title")),
    field("description", h("textarea", { name: "description" })),
    h("div", { class: "row" }, field("priceEgp", input("priceEgp", { inputmode: "decimal" })), field("condition", select("condition", [["used", t("used")], ["new", t("new")]]))),
    h("div", { class: "row" }, field("governorate", select("governorate", governorates.map((g): [string, string] => [g.slug, g[getLocale()]]), "cairo")), field("city", input("city"))),
    h("div", { class: "row" }, field("make", input("make")), field("model", input("model")), field("year", input("year", { type: "number" })), field("mileage", input("mileageKm", { type: "number" }))),
    h(
      "div",
      { class: "row" },
      field("transmission", select("transmission", [["automatic", t("automatic")], ["manual", t("manual")]])),
      field("fuel", select("fuel", (["petrol", "diesel", "hybrid", "electric", "natural_gas"] as const).map((f): [string, string] => [f, t(f)]))),
    ),
    h("button", { type: "submit" }, t("saveDraft")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void attempt(form, async () => {
      const v = values(form);
      const display: ListingDisplayInput = { kind: "car", title: v.title, description: v.description, priceEgp: v.priceEgp, condition: v.condition as "used", governorate: v.governorate, city: v.city, make: v.make, model: v.model, year: v.year, mileageKm: v.mileageKm, transmission: v.transmission as "manual", fuel: v.fuel as "petrol" };
      await souk.createListing(display);
      form.querySelectorAll<HTMLInputElement>("input, textarea").forEach((c) => (c.value = ""));
    });
  });
  return form;
}

export function vendorPage(): HTMLElement {
  const { user } = requireSession();
  const list = h("ul", { class: "items", "aria-label": t("myListings") });
  keep(
    // With metadata changes: an item the server has not acknowledged yet is aria-busy (shown, not yet saved).
    onSnapshot(query(collection(souk.db, "listings"), where("vendorId", "==", user.uid), limit(50)), { includeMetadataChanges: true }, (snap) =>
      list.replaceChildren(
        ...snap.docs.map((d) => {
          const item = h("li", { "aria-label": d.get("title"), "aria-busy": d.metadata.hasPendingWrites ? "true" : undefined }, `${d.get("title")} · ${formatPiastres(d.get("price"), getLocale())} · `, h("strong", {}, status(d.get("status"))));
          if (["draft", "rejected"].includes(d.get("status"))) item.append(" ", button(t("submitReview"), () => attempt(item, () => souk.submitListing(d.id))));
          return item;
        }),
      ),
    ),
  );
  return h("section", {}, h("h1", {}, t("navVendor")), listingForm(), h("h2", {}, t("myListings")), list, ordersList("vendorId", t("vendorOrders")));
}
