// Every string the console shows, in Arabic (default, RTL) and English. A page renders
// through t(); the language switch re-renders, so no visible string is left behind.
import type { SoukReason } from "@souk/client";
import { AUTH_TEXT, REASON_TEXT } from "./reasons";

export type Locale = "ar" | "en";

const M = {
  brand: ["سوق السيارات", "Souk El-Syarat"],
  switchLang: ["English", "العربية"],
  navListings: ["الإعلانات", "Listings"],
  navSignIn: ["تسجيل الدخول", "Sign in"],
  navSignOut: ["تسجيل الخروج", "Sign out"],
  navOrders: ["طلباتي", "My orders"],
  navNotifications: ["الإشعارات", "Notifications"],
  navJobs: ["خدمات الفحص", "Service jobs"],
  navVendor: ["لوحة التاجر", "Vendor desk"],
  navEngineer: ["لوحة المهندس", "Engineer desk"],
  navAdmin: ["الإدارة", "Admin"],
  signedInAs: ["مسجل باسم", "Signed in as"],
  search: ["بحث", "Search"],
  searchWords: ["كلمات البحث", "Keywords"],
  kind: ["النوع", "Kind"],
  any: ["الكل", "Any"],
  car: ["سيارة", "Car"],
  part: ["قطعة غيار", "Part"],
  governorate: ["المحافظة", "Governorate"],
  maxPrice: ["أقصى سعر (جنيه)", "Max price (EGP)"],
  sort: ["الترتيب", "Sort"],
  newest: ["الأحدث", "Newest"],
  priceAsc: ["السعر تصاعدياً", "Price: low to high"],
  priceDesc: ["السعر تنازلياً", "Price: high to low"],
  nextPage: ["الصفحة التالية", "Next page"],
  noResults: ["لا توجد نتائج", "No results"],
  listingsTitle: ["السيارات وقطع الغيار", "Cars and parts"],
  loading: ["جارٍ التحميل…", "Loading…"],
  vendor: ["التاجر", "Vendor"],
  rating: ["التقييم", "Rating"],
  price: ["السعر", "Price"],
  city: ["المدينة", "City"],
  favorite: ["أضف إلى المفضلة", "Add to favorites"],
  unfavorite: ["أزل من المفضلة", "Remove from favorites"],
  orderTitle: ["اطلب هذه السيارة", "Order this"],
  fulfillment: ["الاستلام", "Fulfillment"],
  pickup: ["استلام من التاجر", "Pickup"],
  delivery: ["توصيل", "Delivery"],
  payment: ["الدفع", "Payment"],
  card: ["بطاقة", "Card"],
  cod: ["الدفع عند الاستلام", "Cash on delivery"],
  street: ["الشارع", "Street"],
  placeOrder: ["أكد الطلب", "Place order"],
  signInToOrder: ["سجّل الدخول لتطلب", "Sign in to order"],
  email: ["البريد الإلكتروني", "Email"],
  password: ["كلمة المرور", "Password"],
  signIn: ["دخول", "Sign in"],
  demoAccounts: ["حسابات تجريبية (المحاكي فقط)", "Demo accounts (emulator only)"],
  useAccount: ["استخدم", "Use"],
  smsCode: ["رمز الرسالة", "SMS code"],
  verify: ["تحقق", "Verify"],
  smsWhere: ["المحاكي لا يرسل رسائل: اقرأ الرمز من", "The emulator sends no SMS: read the code at"],
  checkoutTitle: ["صفحة الدفع (مزود وهمي في المحاكي)", "Checkout (fake provider, emulator only)"],
  amount: ["المبلغ", "Amount"],
  pay: ["ادفع", "Pay"],
  decline: ["ارفض الدفع", "Decline payment"],
  checkoutOnlyEmulator: ["صفحة الدفع الوهمية متاحة في المحاكي فقط", "The fake checkout exists only in the emulator"],
  orderNumber: ["رقم الطلب", "Order number"],
  status: ["الحالة", "Status"],
  total: ["الإجمالي", "Total"],
  timeline: ["مسار الطلب", "Timeline"],
  confirmReceipt: ["أكد الاستلام", "Confirm receipt"],
  review: ["قيّم التاجر", "Review the vendor"],
  reviewText: ["تعليقك", "Your review"],
  send: ["إرسال", "Send"],
  reviewed: ["شكراً على تقييمك", "Thanks for your review"],
  noOrders: ["لا توجد طلبات", "No orders"],
  noNotifications: ["لا توجد إشعارات", "No notifications"],
  requestJob: ["اطلب فحص سيارة", "Request an inspection"],
  jobType: ["نوع الخدمة", "Service"],
  inspection: ["فحص", "Inspection"],
  maintenance: ["صيانة", "Maintenance"],
  repair: ["إصلاح", "Repair"],
  make: ["الماركة", "Make"],
  model: ["الموديل", "Model"],
  year: ["سنة الصنع", "Year"],
  preferredAt: ["الموعد المفضل", "Preferred time"],
  notes: ["ملاحظات", "Notes"],
  myJobs: ["طلبات الخدمة", "My service jobs"],
  engineer: ["المهندس", "Engineer"],
  report: ["التقرير", "Report"],
  goAvailable: ["متاح للعمل", "Go available"],
  goOffDuty: ["خارج الخدمة", "Go off duty"],
  availability: ["التوفر", "Availability"],
  accept: ["اقبل", "Accept"],
  declineJob: ["اعتذر", "Decline"],
  start: ["ابدأ", "Start"],
  complete: ["أنهِ المهمة", "Complete"],
  summary: ["الملخص", "Summary"],
  findings: ["الملاحظات (سطر لكل ملاحظة)", "Findings (one per line)"],
  noJobs: ["لا توجد مهام", "No jobs"],
  myListings: ["إعلاناتي", "My listings"],
  newListing: ["إعلان جديد", "New listing"],
  title: ["العنوان", "Title"],
  description: ["الوصف", "Description"],
  priceEgp: ["السعر (جنيه)", "Price (EGP)"],
  condition: ["الحالة الفنية", "Condition"],
  new: ["جديد", "New"],
  used: ["مستعمل", "Used"],
  mileage: ["العداد (كم)", "Mileage (km)"],
  transmission: ["ناقل الحركة", "Transmission"],
  manual: ["يدوي", "Manual"],
  automatic: ["أوتوماتيك", "Automatic"],
  fuel: ["الوقود", "Fuel"],
  petrol: ["بنزين", "Petrol"],
  diesel: ["ديزل", "Diesel"],
  hybrid: ["هجين", "Hybrid"],
  electric: ["كهرباء", "Electric"],
  natural_gas: ["غاز طبيعي", "Natural gas"],
  imagesSkipped: ["رفع الصور غير متاح هنا: محاكي التخزين (Storage) لا يعمل على هذا الجهاز، فيُحفظ الإعلان بلا صور.", "Image upload is skipped here: the Storage emulator is not running on this machine, so the listing is saved without images."],
  images: ["الصور", "Images"],
  imageCount: ["عدد الصور", "Images"],
  saveDraft: ["احفظ كمسودة", "Save draft"],
  submitReview: ["أرسل للمراجعة", "Submit for review"],
  saving: ["جارٍ الحفظ…", "Saving…"],
  vendorOrders: ["طلبات العملاء", "Customer orders"],
  moveTo: ["انقل إلى", "Move to"],
  moderation: ["مراجعة الإعلانات", "Listing moderation"],
  vendorApplications: ["طلبات التجار", "Vendor applications"],
  approve: ["اعتمد", "Approve"],
  reject: ["ارفض", "Reject"],
  reason: ["السبب", "Reason"],
  usersTitle: ["إيقاف وإعادة تفعيل الحسابات", "Suspend and reinstate accounts"],
  userId: ["معرّف المستخدم", "User id"],
  suspend: ["أوقف", "Suspend"],
  reinstate: ["أعد التفعيل", "Reinstate"],
  jobsBoard: ["لوحة المهام", "Jobs board"],
  assign: ["كلّف", "Assign"],
  auditLog: ["سجل التدقيق", "Audit log"],
  nothingWaiting: ["لا شيء بانتظار المراجعة", "Nothing waiting"],
  saved: ["تم الحفظ", "Saved"],
  done: ["تم", "Done"],
  mfaNeeded: ["المشرف يحتاج إلى عامل تحقق ثانٍ", "Admins need a second factor"],
  // statuses
  s_pending_payment: ["بانتظار الدفع", "Awaiting payment"],
  s_placed: ["تم الطلب", "Placed"],
  s_paid: ["مدفوع", "Paid"],
  s_confirmed: ["مؤكد", "Confirmed"],
  s_ready_for_pickup: ["جاهز للاستلام", "Ready for pickup"],
  s_shipped: ["تم الشحن", "Shipped"],
  s_delivered: ["تم التسليم", "Delivered"],
  s_completed: ["مكتمل", "Completed"],
  s_cancelled: ["ملغي", "Cancelled"],
  s_refunded: ["مسترد", "Refunded"],
  s_requested: ["مطلوب", "Requested"],
  s_assigned: ["مُسند", "Assigned"],
  s_accepted: ["مقبول", "Accepted"],
  s_in_progress: ["قيد التنفيذ", "In progress"],
  s_draft: ["مسودة", "Draft"],
  s_pending_review: ["قيد المراجعة", "Pending review"],
  s_active: ["نشط", "Active"],
  s_rejected: ["مرفوض", "Rejected"],
  s_reserved: ["محجوز", "Reserved"],
  s_sold: ["مباع", "Sold"],
  s_archived: ["مؤرشف", "Archived"],
  s_suspended: ["موقوف", "Suspended"],
  s_available: ["متاح", "Available"],
  s_on_job: ["في مهمة", "On a job"],
  s_off_duty: ["خارج الخدمة", "Off duty"],
  s_pending: ["قيد الانتظار", "Pending"],
  s_approved: ["معتمد", "Approved"],
} as const satisfies Record<string, readonly [string, string]>;

export type MessageKey = keyof typeof M;


/** Field messages are the server's English ones; in Arabic a generic hint names the problem. */
const FIELD_TEXT_AR = "قيمة غير صحيحة";

let locale: Locale = (localStorage.getItem("souk.locale") as Locale | null) ?? "ar";

export const getLocale = (): Locale => locale;

export function setLocale(next: Locale): void {
  locale = next;
  localStorage.setItem("souk.locale", next);
  document.documentElement.lang = next;
  document.documentElement.dir = next === "ar" ? "rtl" : "ltr";
  document.title = t("brand");
}

export function t(key: MessageKey): string {
  return M[key][locale === "ar" ? 0 : 1];
}

/** A status value shown in words; an unknown one as is. */
export function status(value: string): string {
  const key = `s_${value}` as MessageKey;
  return key in M ? t(key) : value;
}

export function reasonText(reason: string, fallback: string): string {
  const text = REASON_TEXT[reason as SoukReason];
  return text ? text[locale === "ar" ? 0 : 1] : locale === "ar" ? `تعذر تنفيذ الطلب (${reason})` : fallback;
}

/** A sign-in failure (Firebase Auth's, not the server's) in the user's language. */
export function authText(key: keyof typeof AUTH_TEXT): string {
  return AUTH_TEXT[key][locale === "ar" ? 0 : 1];
}

export function fieldText(message: string): string {
  return locale === "ar" ? `${FIELD_TEXT_AR}: ${message}` : message;
}
