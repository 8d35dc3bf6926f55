// Demo catalogue for `npm start`: approved vendors and realistic Egyptian car and parts
// listings, in Arabic and English. Listings are written as an approved vendor's client
// would write them plus moderation; the triggers add search tokens, the normalised
// makeKey/modelKey the API filters on, and vendor summaries.
export interface DemoVendor {
  uid: string;
  email: string;
  displayName: string;
  type: "dealer" | "individual" | "parts_shop";
  governorate: string;
  city: string;
  description: string;
}

export const DEMO_VENDORS: DemoVendor[] = [
  { uid: "demo-vendor", email: "vendor@souk.test", displayName: "Nile Motors", type: "dealer", governorate: "cairo", city: "Nasr City", description: "Used and new cars since 1998. معرض سيارات في مدينة نصر." },
  { uid: "demo-vendor-alex", email: "alex.parts@souk.test", displayName: "قطع غيار الإسكندرية", type: "parts_shop", governorate: "alexandria", city: "Smouha", description: "Genuine and aftermarket parts for Japanese and Korean cars." },
  { uid: "demo-vendor-giza", email: "giza.cars@souk.test", displayName: "Giza Auto Gallery", type: "dealer", governorate: "giza", city: "Sheikh Zayed", description: "Certified pre-owned cars with inspection reports." },
];

type DemoListing = Record<string, unknown> & { id: string; vendorId: string };

const car = (id: string, vendorId: string, fields: Record<string, unknown>): DemoListing => ({
  id,
  vendorId,
  kind: "car",
  currency: "EGP",
  condition: "used",
  images: [`listings/${id}/images/front.jpg`, `listings/${id}/images/interior.jpg`],
  status: "active",
  ...fields,
});

const part = (id: string, vendorId: string, fields: Record<string, unknown>): DemoListing => ({
  id,
  vendorId,
  kind: "part",
  currency: "EGP",
  condition: "new",
  images: [`listings/${id}/images/1.jpg`],
  status: "active",
  ...fields,
});

export const DEMO_LISTINGS: DemoListing[] = [
  car("demo-corolla-2020", "demo-vendor", { title: "تويوتا كورولا 2020 — Toyota Corolla", description: "فابريكة بالكامل، صيانات توكيل.", price: 95000000, governorate: "cairo", city: "Nasr City", make: "Toyota", model: "Corolla", year: 2020, mileageKm: 62000, transmission: "automatic", fuel: "petrol", bodyType: "sedan", color: "silver" }),
  car("demo-elantra-2019", "demo-vendor", { title: "Hyundai Elantra 2019 هيونداي النترا", description: "One owner, full service history.", price: 72000000, governorate: "cairo", city: "Heliopolis", make: "Hyundai", model: "Elantra", year: 2019, mileageKm: 84000, transmission: "automatic", fuel: "petrol", bodyType: "sedan", color: "white" }),
  car("demo-astra-2017", "demo-vendor-giza", { title: "سيارة أوبل أسترا 2017", description: "رخصة سارية، بدون حوادث.", price: 48000000, governorate: "giza", city: "Sheikh Zayed", make: "Opel", model: "Astra", year: 2017, mileageKm: 110000, transmission: "manual", fuel: "petrol", bodyType: "hatchback", color: "blue" }),
  car("demo-tucson-2022", "demo-vendor-giza", { title: "Hyundai Tucson 2022 hybrid", description: "Panoramic roof, agency warranty until 2027.", price: 185000000, condition: "used", governorate: "giza", city: "6th of October", make: "Hyundai", model: "Tucson", year: 2022, mileageKm: 30000, transmission: "automatic", fuel: "hybrid", bodyType: "suv", color: "black" }),
  car("demo-logan-2015", "demo-vendor", { title: "رينو لوجان 2015 غاز طبيعي", description: "Dual fuel, economical.", price: 32000000, governorate: "qalyubia", city: "Banha", make: "Renault", model: "Logan", year: 2015, mileageKm: 160000, transmission: "manual", fuel: "natural_gas", bodyType: "sedan", color: "grey" }),
  part("demo-brake-pads", "demo-vendor-alex", { title: "طقم تيل فرامل أمامي — Front brake pads", description: "Original Toyota part.", price: 185000, governorate: "alexandria", city: "Smouha", partNumber: "04465-02220", compatibleMakes: ["Toyota"], stock: 12 }),
  part("demo-oil-filter", "demo-vendor-alex", { title: "فلتر زيت هيونداي / كيا", description: "Fits Elantra, Accent, Cerato.", price: 25000, governorate: "alexandria", city: "Smouha", partNumber: "26300-35505", compatibleMakes: ["Hyundai", "Kia"], stock: 40 }),
  part("demo-headlight", "demo-vendor-alex", { title: "Headlight assembly Corolla 2019-2022", description: "Left side, LED.", price: 950000, condition: "used", governorate: "alexandria", city: "Sidi Gaber", partNumber: "81150-02P60", compatibleMakes: ["Toyota"], stock: 1 }),
  car("demo-draft-sportage", "demo-vendor", { title: "Kia Sportage 2021 (draft)", description: "Not yet submitted.", price: 150000000, status: "draft", governorate: "cairo", city: "Maadi", make: "Kia", model: "Sportage", year: 2021, mileageKm: 45000, transmission: "automatic", fuel: "petrol" }),
];

/**
 * A customer who applied to sell (vendors-apply's document, status pending) and waits for
 * an admin: the console's "Vendor applications" list is never empty on a fresh start. No
 * KYC document: the demo has no PII_KEY ciphertexts to show.
 */
export const DEMO_APPLICANT = {
  user: { uid: "demo-applicant", email: "applicant@souk.test", displayName: "Delta Cars Tanta", role: "customer", governorate: "gharbia", locale: "ar" },
  vendor: { displayName: "Delta Cars Tanta", type: "dealer", governorate: "gharbia", city: "Tanta", description: "" },
} as const;
