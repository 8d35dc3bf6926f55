// What each service-job transition tells whom (SPEC section 6): the engineer, the
// customer, the engineer who lost a job. Pure wording, Arabic and English: no Firebase,
// no I/O; jobs/triggers.ts delivers it under the transition's id.
import type { DocumentData } from "firebase-admin/firestore";
import type { LocalizedText, Notice } from "../core/notify";
import { millisOrZero } from "../core/time";
import type { JobStatus, JobType } from "./model";

export interface Recipient {
  uid: string;
  notice: Notice;
}

const TYPE_NAMES: Record<JobType, LocalizedText> = {
  inspection: { ar: "فحص", en: "inspection" },
  maintenance: { ar: "صيانة", en: "maintenance" },
  repair: { ar: "إصلاح", en: "repair" },
};

function typeName(after: DocumentData): LocalizedText {
  return TYPE_NAMES[after.type as JobType] ?? { ar: String(after.type), en: String(after.type) };
}

function notice(type: string, jobId: string, title: LocalizedText, body: LocalizedText): Notice {
  return { type, title, body, data: { jobId } };
}

function acceptMinutes(after: DocumentData): number {
  return Math.max(1, Math.round((millisOrZero(after.acceptBy) - millisOrZero(after.assignedAt)) / 60_000));
}

function assigned(jobId: string, _before: DocumentData | undefined, after: DocumentData): Recipient[] {
  const kind = typeName(after);
  const minutes = acceptMinutes(after);
  return [
    {
      uid: after.engineerId,
      notice: notice(
        "job.assigned",
        jobId,
        { ar: "مهمة جديدة بانتظار قبولك", en: "New job waiting for you" },
        { ar: `طلب ${kind.ar} في ${after.city}. اقبله خلال ${minutes} دقيقة.`, en: `An ${kind.en} job in ${after.city}. Accept it within ${minutes} minutes.` },
      ),
    },
    {
      uid: after.customerId,
      notice: notice(
        "job.engineer_assigned",
        jobId,
        { ar: "تم اختيار مهندس لطلبك", en: "An engineer was assigned" },
        { ar: "بانتظار تأكيد المهندس.", en: "We are waiting for the engineer to confirm." },
      ),
    },
  ];
}

function toCustomer(type: string, title: LocalizedText, body: LocalizedText) {
  return (jobId: string, _before: DocumentData | undefined, after: DocumentData): Recipient[] => [
    { uid: after.customerId, notice: notice(type, jobId, title, body) },
  ];
}

/** Back to requested: the engineer declined, or the watchdog withdrew his assignment. */
function requeued(jobId: string, before: DocumentData | undefined, after: DocumentData): Recipient[] {
  const recipients = toCustomer(
    "job.reassigning",
    { ar: "نبحث عن مهندس آخر", en: "Finding another engineer" },
    { ar: "المهندس السابق غير متاح، ونبحث لك عن غيره.", en: "The engineer is not available; we are finding you another one." },
  )(jobId, before, after);
  const missed = Number(after.missedAccepts ?? 0) > Number(before?.missedAccepts ?? 0);
  if (missed && before?.engineerId) {
    recipients.push({
      uid: before.engineerId,
      notice: notice(
        "job.withdrawn",
        jobId,
        { ar: "تم سحب المهمة", en: "Job withdrawn" },
        { ar: "انتهت مهلة القبول فأُسندت المهمة لمهندس آخر.", en: "The time to accept ran out, so the job went to another engineer." },
      ),
    });
  }
  return recipients;
}

function cancelled(jobId: string, before: DocumentData | undefined, after: DocumentData): Recipient[] {
  const recipients: Recipient[] = [];
  if (before?.engineerId) {
    recipients.push({
      uid: before.engineerId,
      notice: notice("job.cancelled", jobId, { ar: "أُلغيت المهمة", en: "Job cancelled" }, { ar: "لم تعد هذه المهمة مطلوبة.", en: "This job is no longer needed." }),
    });
  }
  // A customer who cancelled does not need to be told; one cancelled by an admin does.
  if (after.lastChange?.by?.uid !== after.customerId) {
    recipients.push({
      uid: after.customerId,
      notice: notice("job.cancelled", jobId, { ar: "تم إلغاء طلب الخدمة", en: "Your service job was cancelled" }, { ar: "تواصل معنا إذا كان لديك سؤال.", en: "Contact us if you have a question." }),
    });
  }
  return recipients;
}

const NOTICES: Partial<Record<JobStatus, (jobId: string, before: DocumentData | undefined, after: DocumentData) => Recipient[]>> = {
  assigned,
  requested: (jobId, before, after) => (before ? requeued(jobId, before, after) : []),
  accepted: toCustomer(
    "job.accepted",
    { ar: "أكد المهندس طلبك", en: "Your engineer confirmed" },
    { ar: "سيصلك المهندس في الموعد المحدد.", en: "The engineer will come at the agreed time." },
  ),
  in_progress: toCustomer("job.started", { ar: "بدأ العمل على سيارتك", en: "Work has started" }, { ar: "المهندس يعمل الآن على سيارتك.", en: "The engineer is working on your car now." }),
  completed: toCustomer("job.completed", { ar: "تقريرك جاهز", en: "Your report is ready" }, { ar: "انتهى المهندس من العمل. اطّلع على التقرير.", en: "The engineer has finished. Read the report." }),
  cancelled,
};

/** Who hears about a transition, and what (pure, so it is unit-tested). */
export function jobNotices(jobId: string, before: DocumentData | undefined, after: DocumentData): Recipient[] {
  const to = after.status as JobStatus;
  return (NOTICES[to]?.(jobId, before, after) ?? []).filter((r) => typeof r.uid === "string" && r.uid.length > 0);
}
