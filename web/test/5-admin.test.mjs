// Journey: the admin signs in with password and the SMS code the Auth emulator keeps,
// approves the listing the vendor journey submitted and the seeded vendor application, suspends and reinstates an account,
// assigns a waiting job by hand on the jobs board, and reads the audit log.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { NEW_LISTING, launch, open, screenshot, signIn, smsCode, switchToEnglish, journey } from "./support.mjs";

let browser;
before(async () => (browser = await launch()));
after(async () => browser?.close());

test("an admin signs in with the SMS second factor and runs the desk", () =>
  journey(browser, "admin", async () => {
  // A job nobody can take yet: the Alexandria engineer goes off duty, then a customer asks.
  const engineer = await open(browser);
  await switchToEnglish(engineer);
  await signIn(engineer, "engineer@souk.test");
  await engineer.getByRole("link", { name: "Engineer desk" }).click();
  await engineer.getByRole("button", { name: "Go off duty" }).click();
  await engineer.getByText("Availability: Off duty").waitFor();

  const customer = await open(browser);
  await switchToEnglish(customer);
  await signIn(customer, "customer@souk.test");
  await customer.getByRole("link", { name: "Service jobs" }).click();
  const request = customer.getByRole("form", { name: "Request an inspection" });
  await request.getByLabel("Make").fill("Skoda");
  await request.getByLabel("Model").fill("Octavia");
  await request.getByLabel("Year").fill("2016");
  await request.getByLabel("Governorate").selectOption("alexandria");
  await request.getByLabel("City").fill("Smouha");
  await request.getByLabel("Street").fill("5 Victor Emmanuel Square");
  await request.getByRole("button", { name: "Send" }).click();
  await customer.getByRole("listitem", { name: "Skoda Octavia 2016 Requested" }).waitFor();
  await engineer.getByRole("button", { name: "Go available" }).click();
  await engineer.getByText("Availability: Available").waitFor();

  const admin = await open(browser);
  await switchToEnglish(admin);
  await signIn(admin, "admin@souk.test");
  const codeForm = admin.getByRole("form", { name: "SMS code" });
  await codeForm.getByRole("link", { name: /verificationCodes/ }).waitFor();
  await codeForm.getByLabel("SMS code").fill(await smsCode("+201000000001"));
  await codeForm.getByRole("button", { name: "Verify" }).click();
  await admin.getByRole("heading", { name: "Admin", exact: true }).waitFor();

  const queue = admin.getByRole("list", { name: "Listing moderation" });
  const pending = queue.getByRole("listitem", { name: NEW_LISTING });
  await pending.getByRole("button", { name: "Reject" }).click();
  await pending.getByRole("alert").waitFor();
  await pending.getByRole("button", { name: "Approve" }).click();
  await pending.waitFor({ state: "detached" });

  // The seeded vendor application (functions/tools/seed.ts) is approved and leaves the list.
  const applications = admin.getByRole("list", { name: "Vendor applications" });
  const application = applications.getByRole("listitem", { name: "Delta Cars Tanta" });
  await application.getByRole("button", { name: "Approve" }).click();
  await application.waitFor({ state: "detached" });
  assert.equal(await applications.getByRole("listitem", { name: "Delta Cars Tanta" }).count(), 0);

  const users = admin.getByRole("form", { name: "Suspend and reinstate accounts" });
  await users.getByLabel("User id").fill("demo-engineer-alex-2");
  await users.getByLabel("Reason").fill("Browser test: documents expired");
  await users.getByRole("button", { name: "Suspend" }).click();
  await users.getByRole("status").filter({ hasText: "Suspended" }).waitFor();
  await users.getByRole("button", { name: "Reinstate" }).click();
  await users.getByRole("status").filter({ hasText: "Active" }).waitFor();

  const board = admin.getByRole("list", { name: "Jobs board" });
  const job = board.getByRole("listitem", { name: /Skoda Octavia · Alexandria/ });
  await job.getByLabel("Engineer").selectOption({ label: "م. كريم حسن (Alexandria)" });
  await job.getByRole("button", { name: "Assign" }).click();
  await job.waitFor({ state: "detached" });
  await admin.getByRole("list", { name: "Assigned" }).getByText(/Skoda Octavia · Assigned · demo-engineer/).waitFor();
  await customer.getByRole("listitem", { name: "Skoda Octavia 2016 Assigned" }).waitFor();

  const audit = admin.getByRole("list", { name: "Audit log" });
  await audit.getByText(/job\.assign · success/).first().waitFor();
  const entries = await audit.innerText();
  for (const action of ["listing.moderate", "vendor.review", "user.status_change"]) assert.match(entries, new RegExp(action.replace(".", "\\.")));
  await screenshot(admin, "admin");

  // Leave the engineer free for later journeys: he declines the hand-assigned job.
  await engineer.getByRole("listitem", { name: "Skoda Octavia 2016 Assigned" }).getByRole("button", { name: "Decline" }).click();
  await engineer.getByRole("listitem", { name: "Skoda Octavia 2016 Assigned" }).waitFor({ state: "detached" });
}));
