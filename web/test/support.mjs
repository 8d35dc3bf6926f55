// Shared by the console's browser tests: one Chromium, a page per journey, sign-in as a
// demo user, the SMS code from the Auth emulator, and the last page's screenshot.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const BASE = "http://127.0.0.1:5000";
export const PASSWORD = "souk-demo-2026";
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SHOTS = path.join(ROOT, "reports/console");

export async function launch() {
  return chromium.launch({
    executablePath: process.env.SOUK_CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** A fresh profile (no session, Arabic by default) with a page on `hash`. */
export async function open(browser, hash = "#/") {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on("pageerror", (error) => console.error(`[page error] ${error.message}`));
  await page.goto(`${BASE}/${hash}`);
  return page;
}

export async function switchToEnglish(page) {
  await page.getByRole("button", { name: "English" }).click();
  await page.waitForFunction(() => document.documentElement.dir === "ltr");
}

/** Signs in through the sign-in page; admins finish with the SMS code from the Auth emulator. */
export async function signIn(page, email) {
  await page.goto(`${BASE}/#/signin`);
  await page.getByLabel(/Email|البريد/).fill(email);
  await page.getByLabel(/^(Password|كلمة المرور)$/).fill(PASSWORD);
  await page.getByRole("button", { name: /^(Sign in|دخول)$/ }).click();
}

export async function smsCode(phone) {
  const response = await fetch("http://127.0.0.1:9099/emulator/v1/projects/demo-souk/verificationCodes");
  const { verificationCodes } = await response.json();
  const mine = verificationCodes.filter((c) => c.phoneNumber === phone);
  if (mine.length === 0) throw new Error(`no SMS code for ${phone} in the Auth emulator`);
  return mine[mine.length - 1].code;
}

export async function screenshot(page, journey) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${journey}.png`), fullPage: true });
}

/** The listing the vendor journey submits and the admin journey approves (files run in order). */
export const NEW_LISTING = "BMW 320i 2018 browser test";
