// Journey: the customer favorites a car, orders it for delivery by card, pays on the fake
// provider's checkout page (signed webhook through Hosting), follows the timeline and
// notifications while the vendor confirms, ships and delivers, confirms receipt, reviews.
// And, in Arabic, a pickup order paid cash on delivery (demo-logan-2015, no other journey's).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { BASE, launch, open, screenshot, signIn, switchToEnglish, journey } from "./support.mjs";

let browser;
before(async () => (browser = await launch()));
after(async () => browser?.close());

test("a customer orders a car, pays through the fake checkout, and reviews after delivery", () =>
  journey(browser, "customer", async () => {
  const customer = await open(browser);
  await switchToEnglish(customer);
  await signIn(customer, "customer@souk.test");
  await customer.getByText("Signed in as customer@souk.test").waitFor();
  await customer.goto("http://127.0.0.1:5000/#/listing/demo-elantra-2019");
  await customer.getByRole("heading", { name: /Vendor: Nile Motors/ }).waitFor();
  await customer.getByRole("button", { name: "Add to favorites" }).click();
  await customer.getByRole("button", { name: "Remove from favorites" }).waitFor();

  // A delivery without an address: the server's field is marked, in English.
  const form = customer.getByRole("form", { name: "Order this" });
  await form.getByLabel("Fulfillment").selectOption("delivery");
  await form.getByRole("button", { name: "Place order" }).click();
  await form.getByRole("alert").waitFor();
  assert.equal(await form.getByLabel("Street").getAttribute("aria-invalid"), "true");

  await form.getByLabel("Street").fill("12 Tahrir Street");
  await form.getByLabel("City").fill("Dokki");
  await form.getByLabel("Governorate").selectOption("giza");
  await form.getByLabel("Payment").selectOption("card");
  await form.getByRole("button", { name: "Place order" }).click();

  await customer.getByRole("heading", { name: "Checkout (fake provider, emulator only)" }).waitFor();
  await customer.getByRole("button", { name: "Pay", exact: true }).click();
  await customer.getByTestId("order-status").filter({ hasText: "Paid" }).waitFor();
  const orderUrl = customer.url();

  const vendor = await open(browser);
  await switchToEnglish(vendor);
  await signIn(vendor, "vendor@souk.test");
  await vendor.getByText("Signed in as vendor@souk.test").waitFor();
  await vendor.goto(orderUrl);
  for (const [button, status] of [["Move to Confirmed", "Confirmed"], ["Move to Shipped", "Shipped"], ["Move to Delivered", "Delivered"]]) {
    await vendor.getByRole("button", { name: button }).click();
    await vendor.getByTestId("order-status").filter({ hasText: status }).waitFor();
  }
  await screenshot(vendor, "vendor-order-delivered");

  await customer.getByTestId("order-status").filter({ hasText: "Delivered" }).waitFor();
  const timeline = customer.getByRole("list", { name: "Timeline" });
  await timeline.getByText("Delivered").waitFor();
  assert.ok((await timeline.getByRole("listitem").count()) >= 4, "paid, confirmed, shipped, delivered (and the creation)");
  await customer.getByRole("button", { name: "Confirm receipt" }).click();
  await customer.getByTestId("order-status").filter({ hasText: "Completed" }).waitFor();
  const review = customer.getByRole("form", { name: "Review the vendor" });
  await review.getByLabel("Your review").fill("Smooth purchase, car as described.");
  await review.getByRole("button", { name: "Send" }).click();
  await customer.getByRole("status").filter({ hasText: "Thanks for your review" }).waitFor();

  await customer.getByRole("link", { name: "Notifications" }).click();
  await customer.getByRole("list", { name: "Notifications" }).getByRole("listitem").first().waitFor();
  assert.ok((await customer.getByRole("list", { name: "Notifications" }).getByRole("listitem").count()) >= 2);
  await customer.goto(orderUrl);
  await customer.getByTestId("order-status").filter({ hasText: "Completed" }).waitFor();
  await screenshot(customer, "customer-order");
}));

test("a customer orders a car for pickup, cash on delivery, and collects it from the vendor", () =>
  journey(browser, "customer-pickup", async () => {
  const customer = await open(browser);
  await signIn(customer, "customer@souk.test");
  await customer.getByText("مسجل باسم customer@souk.test").waitFor();
  await customer.goto(`${BASE}/#/listing/demo-logan-2015`);
  await customer.getByRole("heading", { name: /التاجر: Nile Motors/ }).waitFor();
  const form = customer.getByRole("form", { name: "اطلب هذه السيارة" });
  // By role and name: "الاستلام" is also in the payment select's "الدفع عند الاستلام".
  await form.getByRole("combobox", { name: /^الاستلام/ }).selectOption("pickup");
  assert.equal(await form.getByLabel("الشارع").isVisible(), false, "no address for a pickup");
  await form.getByRole("combobox", { name: /^الدفع/ }).selectOption("cod");
  await form.getByRole("button", { name: "أكد الطلب" }).click();
  await customer.waitForURL(/#\/orders\//);
  await customer.getByTestId("order-status").filter({ hasText: "تم الطلب" }).waitFor();
  const orderUrl = customer.url();

  const vendor = await open(browser);
  await signIn(vendor, "vendor@souk.test");
  await vendor.getByText("مسجل باسم vendor@souk.test").waitFor();
  await vendor.goto(orderUrl);
  await vendor.getByRole("button", { name: "انقل إلى مؤكد" }).click();
  await vendor.getByTestId("order-status").filter({ hasText: "مؤكد" }).waitFor();
  assert.equal(await vendor.getByRole("button", { name: "انقل إلى تم الشحن" }).count(), 0, "a pickup order is not shipped");
  for (const [button, status] of [["انقل إلى جاهز للاستلام", "جاهز للاستلام"], ["انقل إلى تم التسليم", "تم التسليم"]]) {
    await vendor.getByRole("button", { name: button }).click();
    await vendor.getByTestId("order-status").filter({ hasText: status }).waitFor();
  }

  await customer.getByTestId("order-status").filter({ hasText: "تم التسليم" }).waitFor();
  await customer.getByRole("list", { name: "مسار الطلب" }).getByText("جاهز للاستلام ← تم التسليم").waitFor();
  await customer.getByRole("button", { name: "أكد الاستلام" }).click();
  await customer.getByTestId("order-status").filter({ hasText: "مكتمل" }).waitFor();
  await screenshot(customer, "customer-pickup-order");
}));
