// Journey: sign in as a demo user from the accounts the sign-in page lists (emulator only);
// a wrong password is shown in Arabic, as a wrong e-mail or password, on the password field.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launch, open, screenshot } from "./support.mjs";

let browser;
before(async () => (browser = await launch()));
after(async () => browser?.close());

test("a person signs in as the demo customer from the listed demo accounts", async () => {
  const page = await open(browser, "#/signin");
  const demo = page.getByRole("heading", { name: "حسابات تجريبية (المحاكي فقط)" });
  await demo.waitFor();
  await page.getByRole("button", { name: "استخدم customer@souk.test" }).click();
  await page.getByLabel("كلمة المرور").fill("not-the-password");
  await page.getByRole("button", { name: "دخول", exact: true }).click();
  const wrong = page.getByRole("alert");
  await wrong.waitFor();
  assert.equal((await wrong.innerText()).trim(), "البريد الإلكتروني أو كلمة المرور غير صحيحة");
  assert.equal(await page.getByLabel("كلمة المرور").getAttribute("aria-invalid"), "true");
  assert.match(await page.getByLabel("كلمة المرور").getAttribute("aria-description"), /كلمة المرور غير صحيحة/);

  await page.getByRole("button", { name: "استخدم customer@souk.test" }).click();
  await page.getByRole("button", { name: "دخول", exact: true }).click();
  await page.getByText("مسجل باسم customer@souk.test").waitFor();
  await page.getByRole("link", { name: "طلباتي" }).waitFor();
  await screenshot(page, "signin");
});
