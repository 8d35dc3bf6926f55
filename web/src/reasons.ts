// Every domain error reason the server (and the client) can send, in Arabic and English.
// The reasons are the client's generated union (client/scripts/gen-reasons.mjs); the unit
// test web/test/unit/reasons.test.ts fails when one has no text here, or one here is gone.
import type { SoukReason } from "@souk/client";

export const REASON_TEXT: Partial<Record<SoukReason, readonly [string, string]>> = {
  // sign-in, session and account
  AUTH_REQUIRED: ["سجّل الدخول للمتابعة", "Sign in to continue"],
  APP_CHECK_REQUIRED: ["تعذر التحقق من التطبيق. حدّث الصفحة وحاول مجدداً", "This app could not be verified. Reload and try again"],
  APP_CHECK_REPLAYED: ["استُخدم هذا الطلب من قبل. أعد المحاولة من التطبيق", "This request was already used once. Try again from the app"],
  TOKEN_STALE: ["تغيّر دور حسابك منذ دخولك. حدّث الجلسة وحاول مجدداً", "Your account's role changed since you signed in. Refresh and try again"],
  TOKEN_REVOKED: ["انتهت جلستك. سجّل الدخول مجدداً", "Your session has ended. Sign in again"],
  REAUTH_REQUIRED: ["سجّل الدخول مجدداً لتأكيد هويتك ثم أعد المحاولة", "Sign in again to confirm it is you, then retry"],
  ROLE_FORBIDDEN: ["حسابك لا يسمح بهذا الإجراء", "Your account cannot do this"],
  MFA_REQUIRED: ["سجّل الدخول بعامل التحقق الثاني", "Sign in with your second factor"],
  ACCOUNT_SUSPENDED: ["حسابك غير نشط", "Your account is not active"],
  DELETION_PENDING: ["حسابك مجدول للحذف. ألغِ الحذف لتستخدمه مجدداً", "Your account is scheduled for deletion. Cancel the deletion to use it again"],
  RATE_LIMITED: ["طلبات كثيرة، حاول بعد قليل", "Too many requests, try again shortly"],
  BUSY: ["كثيرون يعدّلون هذا الآن. حاول بعد لحظة", "Many people are acting on this at once. Try again in a moment"],
  // input and generic
  VALIDATION_FAILED: ["بعض الحقول غير صحيحة", "Some fields are invalid"],
  NOT_FOUND: ["غير موجود", "Not found"],
  INVALID_TRANSITION: ["لا يمكن نقل الحالة هكذا", "That status change is not allowed"],
  IDEMPOTENCY_KEY_REUSED: ["استُخدم مفتاح الطلب لطلب آخر. أعد المحاولة", "This request key was used for another request. Try again"],
  METHOD_NOT_ALLOWED: ["طريقة الطلب غير مسموحة", "This request method is not allowed"],
  INTERNAL: ["حدث خطأ من جهتنا", "Something went wrong on our side"],
  PII_UNDECRYPTABLE: ["تعذرت قراءة بيانات شخصية محفوظة", "Stored personal data could not be read"],
  // roles and admin
  SELF_ROLE_CHANGE: ["لا يمكن للمشرف تغيير دوره بنفسه", "Admins cannot change their own role"],
  SELF_STATUS_CHANGE: ["لا يمكن للمشرف تغيير حالة حسابه بنفسه", "Admins cannot change their own status"],
  ROLE_CONFLICT: ["لا يمكن منح هذا الحساب هذا الدور", "This account cannot be given that role"],
  CANNOT_ERASE_SELF: ["لا يمكن للمشرف حذف حسابه بنفسه؛ يحذفه مشرف آخر", "An admin cannot erase their own account; another admin must"],
  BACKUP_FAILED: ["تعذر بدء النسخ الاحتياطي", "The backup could not be started"],
  // vendors and listings
  ALREADY_APPLIED: ["لديك طلب تاجر أو حساب تاجر بالفعل", "You already have a vendor application or account"],
  // reviews
  JOB_NOT_COMPLETED: ["يمكنك تقييم المهندس بعد اكتمال الخدمة", "You can rate the engineer once the job is completed"],
  ALREADY_REVIEWED: ["قيّمت هذه الخدمة من قبل", "You already reviewed this job"],
  REVIEW_NOT_HELD: ["هذا التقييم ليس قيد المراجعة", "This review is not waiting for moderation"],
  VENDOR_NOT_APPROVED: ["لا تُنشر إلا إعلانات التجار المعتمدين", "Only listings of approved vendors can be published"],
  LISTING_UNAVAILABLE: ["الإعلان غير متاح", "This listing is not available"],
  OUT_OF_STOCK: ["نفدت الكمية", "Out of stock"],
  OWN_LISTING: ["لا يمكنك طلب إعلانك", "You cannot order your own listing"],
  RULES_DENIED: ["هذا التعديل غير مسموح", "This change is not allowed"],
  // orders, payments and refunds
  ORDER_LIMIT: ["لديك طلبات سيارات مفتوحة كثيرة. أكمل أو ألغِ أحدها أولاً", "You have too many open car orders. Complete or cancel one first"],
  NOT_A_CARD_ORDER: ["هذا الطلب يُدفع نقداً عند الاستلام", "This order is paid cash on delivery"],
  NOT_AWAITING_PAYMENT: ["لا يوجد ما يُدفع لهذا الطلب", "There is nothing to pay for this order"],
  PAYMENT_WINDOW_EXPIRED: ["انتهت مهلة الدفع", "The payment window has expired"],
  PAYMENT_PROVIDER_UNAVAILABLE: ["الدفع بالبطاقة غير متاح الآن. جرّب الدفع عند الاستلام", "Card payments are not available now. Try cash on delivery"],
  PROVIDER_UNAVAILABLE: ["مزود الدفع لا يستجيب. حاول بعد دقائق أو ادفع عند الاستلام", "The payment provider is not answering. Try again in a few minutes, or pay cash on delivery"],
  PAYMENT_MISMATCH: ["الدفعة لا تخص هذا الطلب", "The payment does not belong to this order"],
  AMOUNT_MISMATCH: ["المبلغ المدفوع لا يطابق الطلب", "The amount paid does not match the order"],
  SIGNATURE_INVALID: ["توقيع مزود الدفع غير صحيح", "The payment provider's signature is invalid"],
  INVALID_EVENT: ["إشعار الدفع غير صحيح", "The payment notice is invalid"],
  ALREADY_REFUNDED: ["تم استرداد هذا الطلب من قبل", "This order has already been refunded"],
  REFUND_IN_PROGRESS: ["الاسترداد قيد التنفيذ. انتظر انتهاءه", "A refund is already being processed. Wait for it to finish"],
  REFUND_FAILED: ["لم يؤكد مزود الدفع الاسترداد. لم يُدفع شيء مرتين؛ حاول مجدداً", "The payment provider did not confirm the refund. Nothing was paid twice; try again"],
  // engineers and service jobs
  NO_ENGINEER_AVAILABLE: ["لا يوجد مهندس متاح الآن", "No engineer is available now"],
  ENGINEER_HAS_ACTIVE_JOB: ["المهندس لديه مهمة نشطة", "The engineer already has an active job"],
  ENGINEER_UNAVAILABLE: ["المهندس غير متاح", "The engineer is not available"],
  ENGINEER_NOT_ELIGIBLE: ["المهندس لا يناسب هذه المهمة", "The engineer cannot take this job"],
  ENGINEER_MISMATCH: ["هذا ليس المهندس المكلّف بالمهمة", "That is not the engineer assigned to this job"],
  NOT_ASSIGNED_ENGINEER: ["هذا متاح للمهندس المكلّف فقط", "Only the engineer assigned to this job can do that"],
  NOT_JOB_OWNER: ["هذا متاح لصاحب الطلب فقط", "Only the customer who requested this job can do that"],
  ACCEPT_WINDOW_OPEN: ["ما زال أمام المهندس وقت لقبول المهمة", "The engineer still has time to accept this job"],
  ASSIGNMENT_WITHDRAWN: ["لم تعد هذه المهمة مسندة إليك", "This job is no longer assigned to you"],
  // privacy
  POLICY_OUTDATED: ["وافق على النسخة الحالية من السياسة", "Consent must be given to the current policy version"],
  DELETION_NOT_ALLOWED: ["لا يطلب الحذف إلا حساب نشط", "Only an active account can ask for deletion"],
  NO_DELETION_PENDING: ["لا يوجد حذف مجدول لهذا الحساب", "No deletion is scheduled for this account"],
  DELETION_IN_PROGRESS: ["بدأ الحذف ولا يمكن إلغاؤه", "The deletion has started and cannot be cancelled"],
  OBLIGATIONS_OPEN: ["تعذر إغلاق بعض الطلبات أو المهام المفتوحة؛ حاول مجدداً", "Some open orders or jobs could not be closed; try again"],
  // produced by the client itself
  NETWORK_ERROR: ["تعذر الاتصال بالخادم", "Could not reach the server"],
  PROFILE_TIMEOUT: ["لم يجهز ملفك الشخصي بعد. حاول بعد قليل", "Your profile is not ready yet. Try again shortly"],
  UNKNOWN: ["تعذر تنفيذ الطلب", "The request could not be completed"],
};

/** Sign-in failures come from Firebase Auth, not the server: their own words, never "sign in to continue". */
export const AUTH_TEXT = {
  wrongCredentials: ["البريد الإلكتروني أو كلمة المرور غير صحيحة", "Wrong e-mail or password"],
  wrongCode: ["رمز التحقق غير صحيح", "Wrong verification code"],
  tooManyAttempts: ["محاولات كثيرة. انتظر قليلاً ثم حاول مجدداً", "Too many attempts. Wait a little and try again"],
  signInFailed: ["تعذر تسجيل الدخول", "Could not sign in"],
} as const satisfies Record<string, readonly [string, string]>;
