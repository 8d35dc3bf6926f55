// The vendor desk: my listings (create a draft from display values, submit for review) and
// my customers' orders, which the vendor moves on from the order page. Images are uploaded
// after the draft is created, where Storage runs (in the emulator: only when the Storage
// emulator does; otherwise the form says so and offers no file input).
import { checkListingImages, formatPiastres, governorates, type ListingDisplayInput } from "@souk/client";
import { collection, limit, onSnapshot, query, where } from "firebase/firestore";
import { keep, requireSession, souk, storageAvailable } from "../app";
import { attempt, button, field, h, input, select, values } from "../dom";
import { getLocale, status, t } from "../i18n";
import { ordersList } from "./orders";

/** The file input where Storage runs, else the note saying why there is none. */
function imagesSlot(): HTMLElement {
  const slot = h("div", {});
  void storageAvailable.then((available) =>
    slot.replaceChildren(available ? field("images", input("images", { type: "file", accept: "image/*", multiple: true })) : h("p", { class: "notice", role: "note" }, t("imagesSkipped"))),
  );
  return slot;
}

function pickedImages(form: HTMLElement): File[] {
  return [...(form.querySelector<HTMLInputElement>("input[name=images]")?.files ?? [])];
}

function listingForm(): HTMLElement {
  const form = h(
    "form",
    { "aria-label": t("newListing") },
    h("h2", {}, t("newListing")),
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
    imagesSlot(),
    h("button", { type: "submit" }, t("saveDraft")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void attempt(form, async () => {
      const v = values(form);
      const display: ListingDisplayInput = { kind: "car", title: v.title, description: v.description, priceEgp: v.priceEgp, condition: v.condition as "used", governorate: v.governorate, city: v.city, make: v.make, model: v.model, year: v.year, mileageKm: v.mileageKm, transmission: v.transmission as "manual", fuel: v.fuel as "petrol" };
      const files = pickedImages(form);
      if (files.length > 0) checkListingImages(files);
      const listingId = await souk.createListing(display);
      form.querySelectorAll<HTMLInputElement>("input:not([type=file]), textarea").forEach((c) => (c.value = ""));
      // The draft exists now; a failed upload is shown on the images field and the draft stays, without images.
      if (files.length > 0) await souk.uploadListingImages(listingId, files);
      form.querySelectorAll<HTMLInputElement>("input[type=file]").forEach((c) => (c.value = ""));
    });
  });
  return form;
}

export function vendorPage(): HTMLElement {
  const { user } = requireSession();
  const list = h("ul", { class: "items", "aria-label": t("myListings") });
  keep(
    // With metadata changes, a write the server has not yet confirmed shows as "saving": the
    // vendor (and a test) can tell a status the server holds from one only this tab knows.
    onSnapshot(query(collection(souk.db, "listings"), where("vendorId", "==", user.uid), limit(50)), { includeMetadataChanges: true }, (snap) =>
      list.replaceChildren(
        ...snap.docs.map((d) => {
          const item = h("li", { "aria-label": d.get("title") }, `${d.get("title")} · ${formatPiastres(d.get("price"), getLocale())} · `, h("strong", {}, status(d.get("status"))));
          const images = (d.get("images") as string[] | undefined) ?? [];
          if (images.length > 0) item.append(" · ", h("span", { "aria-label": t("imageCount"), "data-images": images.join(",") }, images.length.toLocaleString(getLocale() === "ar" ? "ar-EG" : "en")));
          if (d.metadata.hasPendingWrites) item.append(" ", h("em", { role: "status" }, t("saving")));
          if (["draft", "rejected"].includes(d.get("status"))) item.append(" ", button(t("submitReview"), () => attempt(item, () => souk.submitListing(d.id))));
          return item;
        }),
      ),
    ),
  );
  return h("section", {}, h("h1", {}, t("navVendor")), listingForm(), h("h2", {}, t("myListings")), list, ordersList("vendorId", t("vendorOrders")));
}
