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
  // Generous: on a busy 2-core machine the Functions emulator takes many seconds to start a cold worker.
  page.setDefaultTimeout(90_000);
  page.on("pageerror", (error) => console.error(`[page error] ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") console.error(`[browser ${message.type()}] ${message.text().slice(0, 400)}`);
  });
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

/** Runs a journey; on failure saves reports/console/FAILED-<journey>.png of every open page first. */
export async function journey(browser, name, steps) {
  try {
    await steps();
  } catch (error) {
    const pages = browser.contexts().flatMap((context) => context.pages());
    await Promise.all(pages.map((page, i) => screenshot(page, `FAILED-${name}-${i}`).catch(() => undefined)));
    throw error;
  }
}
