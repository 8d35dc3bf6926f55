// The admin desk (MFA sign-in): listing moderation, vendor applications, suspend and
// reinstate, the jobs board (assign a waiting job by hand) and the audit log.
import { governorateName } from "@souk/client";
import { collection, limit, onSnapshot, orderBy, query, where } from "firebase/firestore";
import { keep, souk } from "../app";
import { attempt, button, field, h, input, select, values } from "../dom";
import { getLocale, status, t } from "../i18n";

/** A listener failure (rules, network) shown where its list would be. */
const failed = (list: HTMLElement) => (error: Error) => list.replaceChildren(h("li", { role: "alert", class: "error" }, error.message));

function liveList(label: string, build: (list: HTMLElement) => () => void): HTMLElement {
  const list = h("ul", { class: "items", "aria-label": label });
  keep(build(list));
  return list;
}

function decisionRow(name: string, approve: () => Promise<unknown>, reject: (reason: string) => Promise<unknown>): HTMLElement {
  const item = h("li", { "aria-label": name }, h("strong", {}, name), " ");
  const reason = input("reason", { "aria-label": t("reason") });
  item.append(button(t("approve"), () => attempt(item, approve)), " ", reason, " ", button(t("reject"), () => attempt(item, () => reject(reason.value))), h("div", { class: "field-error", "data-error-for": "reason" }));
  return item;
}

export function adminPage(): HTMLElement {
  const listings = liveList(t("moderation"), (list) =>
    onSnapshot(query(collection(souk.db, "listings"), where("status", "==", "pending_review"), limit(20)), (snap) =>
      list.replaceChildren(...(snap.empty ? [h("li", {}, t("nothingWaiting"))] : snap.docs.map((d) => decisionRow(d.get("title"), () => souk.listings.moderate({ listingId: d.id, decision: "approve" }), (reason) => souk.listings.moderate({ listingId: d.id, decision: "reject", reason }))))),
      failed(list),
    ),
  );
  const vendors = liveList(t("vendorApplications"), (list) =>
    onSnapshot(query(collection(souk.db, "vendors"), where("status", "==", "pending"), limit(20)), (snap) =>
      list.replaceChildren(...(snap.empty ? [h("li", {}, t("nothingWaiting"))] : snap.docs.map((d) => decisionRow(d.get("displayName"), () => souk.vendors.review({ vendorId: d.id, decision: "approve" }), (reason) => souk.vendors.review({ vendorId: d.id, decision: "reject", reason }))))),
      failed(list),
    ),
  );

  const usersForm = h("form", { "aria-label": t("usersTitle") }, h("h2", {}, t("usersTitle")), field("userId", input("uid")), field("reason", input("reason")), h("div", { class: "row" }));
  const setStatus = (to: "active" | "suspended") => attempt(usersForm, async () => {
    const v = values(usersForm);
    await souk.users.setStatus({ uid: v.uid, status: to, reason: v.reason });
    usersForm.querySelector(".row")?.replaceChildren(h("p", { class: "ok", role: "status" }, `${t("done")}: ${status(to)}`));
  });
  usersForm.append(button(t("suspend"), () => setStatus("suspended")), " ", button(t("reinstate"), () => setStatus("active")));

  const engineers = new Map<string, string>();
  const board = h("ul", { class: "items", "aria-label": t("jobsBoard") });
  let jobs: { id: string; label: string }[] = [];
  const drawBoard = () =>
    board.replaceChildren(
      ...(jobs.length === 0
        ? [h("li", {}, t("nothingWaiting"))]
        : jobs.map((job) => {
            const item = h("li", { "aria-label": job.label }, `${job.label} `);
            const pick = select("engineerId", [...engineers].map(([id, name]): [string, string] => [id, name]));
            pick.setAttribute("aria-label", t("engineer"));
            item.append(pick, " ", button(t("assign"), () => attempt(item, () => souk.jobs.assign({ jobId: job.id, engineerId: pick.value }))));
            return item;
          })),
    );
  keep(
    onSnapshot(query(collection(souk.db, "engineers"), where("availability", "==", "available"), limit(50)), (snap) => {
      engineers.clear();
      for (const d of snap.docs) engineers.set(d.id, `${d.get("displayName")} (${governorateName(d.get("governorate"), getLocale())})`);
      drawBoard();
    }),
  );
  keep(
    onSnapshot(query(collection(souk.db, "serviceJobs"), where("status", "==", "requested"), limit(20)), (snap) => {
      jobs = snap.docs.map((d) => ({ id: d.id, label: `${d.get("vehicle.make")} ${d.get("vehicle.model")} · ${governorateName(d.get("governorate"), getLocale())} · ${status(d.get("status"))}` }));
      drawBoard();
    }),
  );
  const assigned = liveList(t("s_assigned"), (list) =>
    onSnapshot(query(collection(souk.db, "serviceJobs"), where("status", "==", "assigned"), limit(10)), (snap) =>
      list.replaceChildren(...snap.docs.map((d) => h("li", {}, `${d.get("vehicle.make")} ${d.get("vehicle.model")} · ${status(d.get("status"))} · ${d.get("engineerId")}`))),
    ),
  );

  const audit = liveList(t("auditLog"), (list) =>
    onSnapshot(query(collection(souk.db, "auditLogs"), orderBy("at", "desc"), limit(25)), (snap) =>
      list.replaceChildren(...snap.docs.map((d) => h("li", {}, `${d.get("action")} · ${d.get("outcome")} · ${d.get("target.type") ?? ""}/${d.get("target.id") ?? ""}`))),
      failed(list),
    ),
  );

  return h(
    "section",
    {},
    h("h1", {}, t("navAdmin")),
    h("h2", {}, t("moderation")),
    listings,
    h("h2", {}, t("vendorApplications")),
    vendors,
    usersForm,
    h("h2", {}, t("jobsBoard")),
    board,
    h("h3", {}, status("assigned")),
    assigned,
    h("h2", {}, t("auditLog")),
    audit,
  );
}
