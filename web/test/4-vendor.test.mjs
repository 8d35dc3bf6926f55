// Journey: the vendor creates a listing from display values (pounds, a governorate picked by
// name), sees a bad field marked in Arabic, saves a draft and submits it for review.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { NEW_LISTING, launch, open, screenshot, signIn, journey } from "./support.mjs";

let browser;
before(async () => (browser = await launch()));
after(async () => browser?.close());



test("a vendor creates a draft listing and submits it for review", () =>
  journey(browser, "vendor", async () => {
  const page = await open(browser);
  await signIn(page, "vendor@souk.test");
  await page.getByRole("link", { name: "لوحة التاجر" }).click();
  const form = page.getByRole("form", { name: "إعلان جديد" });
  await form.getByRole("note").filter({ hasText: "رفع الصور غير متاح هنا" }).waitFor();
  await form.getByLabel("العنوان").fill(NEW_LISTING);
  await form.getByLabel("السعر (جنيه)").fill("مجاناً");
  await form.getByLabel("المدينة").fill("Zamalek");
  await form.getByLabel("الماركة").fill("BMW");
  await form.getByLabel("الموديل").fill("320i");
  await form.getByLabel("سنة الصنع").fill("2018");
  await form.getByLabel("العداد (كم)").fill("70000");
  await form.getByRole("button", { name: "احفظ كمسودة" }).click();
  await form.getByRole("alert").filter({ hasText: "بعض الحقول غير صحيحة" }).waitFor();
  assert.equal(await form.getByLabel("السعر (جنيه)").getAttribute("aria-invalid"), "true");
  assert.equal(await form.getByLabel("العنوان").getAttribute("aria-invalid"), null);

  await form.getByLabel("السعر (جنيه)").fill("1,350,000");
  await form.getByRole("button", { name: "احفظ كمسودة" }).click();
  const mine = page.getByRole("list", { name: "إعلاناتي" });
  const item = mine.getByRole("listitem", { name: NEW_LISTING });
  await item.getByText("مسودة").waitFor();
  assert.match(await item.innerText(), /١٬٣٥٠٬٠٠٠٫٠٠/);
  await item.getByRole("button", { name: "أرسل للمراجعة" }).click();
  // Saved, not only shown: the admin journey reads it from the server, and closing the
  // browser on a latency-compensated "pending review" would drop the unsent write.
  await item.and(page.locator(":not([aria-busy])")).getByText("قيد المراجعة").waitFor();
  await screenshot(page, "vendor-listing");
}));
