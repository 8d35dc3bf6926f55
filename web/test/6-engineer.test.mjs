// Journey: a customer's inspection request is dispatched to the Giza engineer, who accepts,
// starts and completes it with a report; the customer sees it completed with the report.
import { after, before, test } from "node:test";
import { launch, open, screenshot, signIn, switchToEnglish, journey } from "./support.mjs";

let browser;
before(async () => (browser = await launch()));
after(async () => browser?.close());

test("an engineer accepts, starts and completes a job the customer then sees", () =>
  journey(browser, "engineer", async () => {
  const customer = await open(browser);
  await switchToEnglish(customer);
  await signIn(customer, "customer@souk.test");
  await customer.getByRole("link", { name: "Service jobs" }).click();
  const request = customer.getByRole("form", { name: "Request an inspection" });
  // A bad year first: the field is marked before any call.
  await request.getByLabel("Make").fill("Nissan");
  await request.getByLabel("Model").fill("Sunny");
  await request.getByLabel("Year").fill("1800");
  await request.getByLabel("City").fill("Dokki");
  await request.getByLabel("Street").fill("20 Mosadak Street");
  await request.getByRole("button", { name: "Send" }).click();
  await request.getByRole("alert").waitFor();
  await request.getByLabel("Year").fill("2021");
  await request.getByRole("button", { name: "Send" }).click();
  await customer.getByRole("listitem", { name: "Nissan Sunny 2021 Assigned" }).waitFor();

  const engineer = await open(browser);
  await switchToEnglish(engineer);
  await signIn(engineer, "engineer.giza@souk.test");
  await engineer.getByRole("link", { name: "Engineer desk" }).click();
  const job = (status) => engineer.getByRole("listitem", { name: `Nissan Sunny 2021 ${status}` });
  await job("Assigned").getByRole("button", { name: "Accept" }).click();
  await job("Accepted").getByRole("button", { name: "Start" }).click();
  const report = job("In progress").getByRole("form", { name: "Complete" });
  await report.getByLabel("Summary").fill("Good condition; front pads at 30%.");
  await report.getByLabel("Findings (one per line)").fill("Front brake pads worn\nAC gas low");
  await report.getByRole("button", { name: "Complete" }).click();
  await job("Completed").waitFor();
  await screenshot(engineer, "engineer");

  const done = customer.getByRole("listitem", { name: "Nissan Sunny 2021 Completed" });
  await done.getByText("Report: Good condition; front pads at 30%.").waitFor();
  await screenshot(customer, "customer-job");
}));
