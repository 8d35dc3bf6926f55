// Service jobs: a customer requests an inspection and follows it; an engineer goes
// available, accepts or declines, starts and completes with a report.
import { governorateName, governorates } from "@souk/client";
import { collection, doc, limit, onSnapshot, orderBy, query, where, type DocumentData } from "firebase/firestore";
import { keep, requireSession, souk } from "../app";
import { attempt, button, field, h, input, select, values } from "../dom";
import { getLocale, status, t } from "../i18n";

function jobLine(id: string, job: DocumentData, extra: HTMLElement[] = []): HTMLElement {
  const vehicle = job.vehicle ? `${job.vehicle.make} ${job.vehicle.model} ${job.vehicle.year}` : "";
  return h(
    "li",
    { "aria-label": `${vehicle} ${status(job.status)}` },
    `${t(job.type === "repair" ? "repair" : job.type === "maintenance" ? "maintenance" : "inspection")} · ${vehicle} · ${governorateName(job.governorate, getLocale())} · `,
    h("strong", {}, status(job.status)),
    job.report?.summary ? h("p", {}, `${t("report")}: ${job.report.summary}`) : null,
    ...extra,
  );
}

function liveJobs(list: HTMLElement, field: "customerId" | "engineerId", uid: string, actions?: (id: string, job: DocumentData) => HTMLElement[]): void {
  keep(
    onSnapshot(
      query(collection(souk.db, "serviceJobs"), where(field, "==", uid), orderBy("createdAt", "desc"), limit(20)),
      (snap) => list.replaceChildren(...(snap.empty ? [h("li", {}, t("noJobs"))] : snap.docs.map((d) => jobLine(d.id, d.data(), actions?.(d.id, d.data()))))),
      (error) => list.replaceChildren(h("li", { role: "alert" }, error.message)),
    ),
  );
}

export function jobsPage(): HTMLElement {
  const { user } = requireSession();
  const tomorrow = new Date(Date.now() + 86_400_000);
  tomorrow.setUTCMinutes(0, 0, 0);
  const form = h(
    "form",
    { "aria-label": t("requestJob") },
    h("h2", {}, t("requestJob")),
    field("jobType", select("type", [["inspection", t("inspection")], ["maintenance", t("maintenance")], ["repair", t("repair")]])),
    h("div", { class: "row" }, field("make", input("vehicle.make")), field("model", input("vehicle.model")), field("year", input("vehicle.year", { type: "number" }))),
    field("governorate", select("governorate", governorates.map((g): [string, string] => [g.slug, g[getLocale()]]), "giza")),
    field("city", input("city")),
    field("street", input("address")),
    field("preferredAt", input("preferredAt", { type: "datetime-local", value: tomorrow.toISOString().slice(0, 16) })),
    field("notes", input("notes")),
    h("button", { type: "submit" }, t("send")),
  );
  // One key per request being made: a double submit returns the same job (SPEC 4); a new one after success.
  let idempotencyKey = crypto.randomUUID();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void attempt(form, async () => {
      const v = values(form);
      const job = await souk.jobs.request({
        type: v.type as "inspection",
        vehicle: { make: v["vehicle.make"], model: v["vehicle.model"], year: Number(v["vehicle.year"]) },
        governorate: v.governorate,
        city: v.city,
        address: v.address,
        preferredAt: v.preferredAt ? new Date(v.preferredAt).toISOString() : "",
        ...(v.notes ? { notes: v.notes } : {}),
        idempotencyKey,
      });
      idempotencyKey = crypto.randomUUID();
      return job;
    });
  });
  const list = h("ul", { class: "items", "aria-label": t("myJobs") });
  liveJobs(list, "customerId", user.uid);
  return h("section", {}, h("h1", {}, t("navJobs")), form, h("h2", {}, t("myJobs")), list);
}

function completeForm(jobId: string): HTMLElement {
  const form = h("form", { "aria-label": t("complete") }, field("summary", input("report.summary")), field("findings", h("textarea", { name: "report.findings" })), h("button", { type: "submit" }, t("complete")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void attempt(form, () => {
      const v = values(form);
      const findings = (v["report.findings"] ?? "").split("\n").map((line) => line.trim()).filter(Boolean);
      return souk.jobs.complete({ jobId, report: { summary: v["report.summary"], findings } });
    });
  });
  return form;
}

export function engineerPage(): HTMLElement {
  const { user } = requireSession();
  const me = h("p", {}, t("loading"));
  const controls = h("div", { class: "card" }, me, button(t("goAvailable"), () => attempt(controls, () => souk.engineers.setAvailability({ availability: "available" }))), " ", button(t("goOffDuty"), () => attempt(controls, () => souk.engineers.setAvailability({ availability: "off_duty" }))));
  keep(onSnapshot(doc(souk.db, "engineers", user.uid), (snap) => (me.textContent = `${t("availability")}: ${status(String(snap.get("availability") ?? ""))}`)));
  const list = h("ul", { class: "items", "aria-label": t("myJobs") });
  liveJobs(list, "engineerId", user.uid, (jobId, job) => {
    const box = h("div", {});
    if (job.status === "assigned") {
      box.append(button(t("accept"), () => attempt(box, () => souk.jobs.respond({ jobId, accept: true }))), " ", button(t("declineJob"), () => attempt(box, () => souk.jobs.respond({ jobId, accept: false, reason: "busy" }))));
    }
    if (job.status === "accepted") box.append(button(t("start"), () => attempt(box, () => souk.jobs.start({ jobId }))));
    if (job.status === "in_progress") box.append(completeForm(jobId));
    return [box];
  });
  return h("section", {}, h("h1", {}, t("navEngineer")), controls, h("h2", {}, t("myJobs")), list);
}
