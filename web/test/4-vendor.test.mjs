// Journey: the vendor creates a listing from display values (pounds, a governorate picked by
// name), sees a bad field marked in Arabic, saves a draft and submits it for review; where
// the Storage emulator runs, attaches an image to another draft (skipped loudly where not).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { NEW_LISTING, launch, open, screenshot, signIn, journey } from "./support.mjs";

let browser;
before(async () => (browser = await launch()));
after(async () => browser?.close());

// SOUK_EMULATORS / SOUK_SKIPPED_EMULATORS: set by scripts/with-emulators.mjs for the session.
const storageRunning = (process.env.SOUK_EMULATORS ?? "").split(",").includes("storage");
const storageSkipped = (process.env.SOUK_SKIPPED_EMULATORS ?? "").split("; ").find((s) => s.startsWith("storage:")) ?? "storage: not requested for this session";
if (!storageRunning) console.log(`\n[vendor] SKIPPED the image upload step: the Storage emulator is not running (${storageSkipped}); the form's note is checked instead.\n`);
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

test("a vendor creates a draft listing and submits it for review", () =>
  journey(browser, "vendor", async () => {
  const page = await open(browser);
  await signIn(page, "vendor@souk.test");
  await page.getByRole("link", { name: "لوحة التاجر" }).click();
  const form = page.getByRole("form", { name: "إعلان جديد" });
  if (storageRunning) {
    await form.getByLabel("الصور").waitFor();
  } else {
    await form.getByRole("note").filter({ hasText: "رفع الصور غير متاح هنا" }).waitFor();
    assert.equal(await form.locator("input[type=file]").count(), 0, "no file input without Storage");
  }
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
  // Saved means the server has it: the "saving" mark goes once Firestore confirms the write.
  await item.getByRole("status").filter({ hasText: "جارٍ الحفظ" }).waitFor({ state: "detached" });
  assert.match(await item.innerText(), /١٬٣٥٠٬٠٠٠٫٠٠/);
  await item.getByRole("button", { name: "أرسل للمراجعة" }).click();
  await item.getByText("قيد المراجعة").waitFor();
  await item.getByRole("status").filter({ hasText: "جارٍ الحفظ" }).waitFor({ state: "detached" });
  await screenshot(page, "vendor-listing");
}));

test("a vendor attaches an image to a new draft (Storage emulator)", { skip: storageRunning ? false : `the Storage emulator is not running (${storageSkipped})` }, () =>
  journey(browser, "vendor-images", async () => {
    const page = await open(browser);
    await signIn(page, "vendor@souk.test");
    await page.getByRole("link", { name: "لوحة التاجر" }).click();
    const form = page.getByRole("form", { name: "إعلان جديد" });
    const title = "Kia Picanto 2020 with a photo";
    await form.getByLabel("العنوان").fill(title);
    await form.getByLabel("السعر (جنيه)").fill("450000");
    await form.getByLabel("المدينة").fill("Nasr City");
    await form.getByLabel("الماركة").fill("Kia");
    await form.getByLabel("الموديل").fill("Picanto");
    await form.getByLabel("سنة الصنع").fill("2020");
    await form.getByLabel("العداد (كم)").fill("40000");
    // An SVG is refused before anything is written: the images field is marked, no draft appears.
    await form.getByLabel("الصور").setInputFiles({ name: "logo.svg", mimeType: "image/svg+xml", buffer: Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>") });
    await form.getByRole("button", { name: "احفظ كمسودة" }).click();
    await form.getByRole("alert").filter({ hasText: "بعض الحقول غير صحيحة" }).waitFor();
    assert.equal(await form.getByLabel("الصور").getAttribute("aria-invalid"), "true");
    const mine = page.getByRole("list", { name: "إعلاناتي" });
    assert.equal(await mine.getByRole("listitem", { name: title }).count(), 0);

    await form.getByLabel("الصور").setInputFiles({ name: "front view.png", mimeType: "image/png", buffer: PNG });
    await form.getByRole("button", { name: "احفظ كمسودة" }).click();
    const item = mine.getByRole("listitem", { name: title });
    const count = item.getByLabel("عدد الصور");
    await count.waitFor();
    assert.equal(await count.innerText(), "١");
    assert.match(await count.getAttribute("data-images"), /^listings\/[A-Za-z0-9_-]+\/images\/[a-z0-9]+-[0-9a-f]{12}-front_view\.png$/);
    await item.getByRole("status").filter({ hasText: "جارٍ الحفظ" }).waitFor({ state: "detached" });
    await screenshot(page, "vendor-images");
  }));
