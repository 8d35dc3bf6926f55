// @souk/client: createSoukClient(app) -> souk.orders.create(input) and friends, plus the
// helpers every Souk web app needs (SPEC section 12).
import type { FirebaseApp } from "firebase/app";
import { connectAuthEmulator, getAuth, type Auth } from "firebase/auth";
import { connectFirestoreEmulator, doc, getDoc, getFirestore, onSnapshot, serverTimestamp, setDoc, updateDoc, collection, type DocumentData, type Firestore } from "firebase/firestore";
import { connectFunctionsEmulator, getFunctions, httpsCallable, type Functions } from "firebase/functions";
import { connectStorageEmulator, getStorage, type FirebaseStorage } from "firebase/storage";
import { publicApi, type PublicApi } from "./api";
import { CALLABLES, type CallableGroups } from "./callables";
import { SoukError, toSoukError, validationError } from "./errors";
import { uploadListingImages } from "./images";
import { listingFieldsOf, rulesDenied, type ListingDisplayInput } from "./listings";

export * from "./errors";
export * from "./governorates";
export * from "./money";
export { CALLABLES, type CallableGroups, type InputOf, type OutputOf } from "./callables";
export { publicApi, type PublicApi, type ListingsQueryInput, type ListingPage, type PublicVendor, type PublicListingItem } from "./api";
export { ListingDisplay, listingFieldsOf, type ListingDisplayInput } from "./listings";
export { MAX_IMAGE_BYTES, MAX_LISTING_IMAGES, checkListingImages } from "./images";

export const DEFAULT_REGION = "europe-west1";

export interface SoukClientOptions {
  /** Functions region; default europe-west1 (SPEC section 1). */
  region?: string;
  /** Connect Auth, Firestore, Functions and Storage to the local emulators (ports of firebase.json). */
  emulators?: boolean | { host?: string };
  /** Origin of the public API (GET /v1/...); default "" (same origin, through Hosting). */
  apiBaseUrl?: string;
}

export interface SoukHelpers {
  readonly auth: Auth;
  readonly db: Firestore;
  readonly functions: Functions;
  readonly storage: FirebaseStorage;
  /** The public read-only REST API, typed from its zod schemas. */
  readonly api: PublicApi;
  /** Resolves with users/{uid} once the sign-up trigger has written it (a snapshot listener, not polling). */
  waitForProfile(uid: string, options?: { timeoutMs?: number }): Promise<DocumentData>;
  /** Stores the FCM token under users/{uid}/devices/{deviceId}; the same token keeps the same id. */
  registerDevice(token: string, platform?: "web" | "android" | "ios"): Promise<string>;
  /** A draft listing of the signed-in vendor, from display values (pounds, governorate names). */
  createListing(input: ListingDisplayInput): Promise<string>;
  /** Replaces the vendor-editable fields of a listing, from display values. */
  updateListing(listingId: string, input: ListingDisplayInput): Promise<void>;
  /** draft/rejected -> pending_review (an admin then moderates it). */
  submitListing(listingId: string): Promise<void>;
  /**
   * Uploads images (JPEG, PNG, WebP, AVIF, GIF, HEIC; at most 10 MB each, 20 per listing) to
   * listings/{listingId}/images/ and appends their paths to the listing's `images` (its
   * vendor, while draft or rejected). Bad files fail with fields.images before any upload.
   */
  uploadListingImages(listingId: string, files: readonly Blob[]): Promise<string[]>;
}

export type SoukClient = CallableGroups & SoukHelpers;

const connected = new WeakSet<object>();

function connectEmulators(auth: Auth, db: Firestore, functions: Functions, storage: FirebaseStorage, host: string): void {
  if (!connected.has(auth)) connectAuthEmulator(auth, `http://${host}:9099`, { disableWarnings: true });
  if (!connected.has(db)) connectFirestoreEmulator(db, host, 8080);
  if (!connected.has(functions)) connectFunctionsEmulator(functions, host, 5001);
  if (!connected.has(storage)) connectStorageEmulator(storage, host, 9199);
  for (const service of [auth, db, functions, storage]) connected.add(service);
}

function callableGroups(functions: Functions): CallableGroups {
  const groups: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
  for (const [group, operations] of Object.entries(CALLABLES)) {
    groups[group] = {};
    for (const [name, operation] of Object.entries(operations)) {
      const call = httpsCallable(functions, `${group}-${name}`);
      groups[group][name] = async (input: unknown) => {
        // Checked here first: a bad form never costs a round trip, and its fields match the server's.
        const parsed = operation.input.safeParse(input);
        if (!parsed.success) throw validationError(parsed.error);
        try {
          return (await call(input)).data;
        } catch (error) {
          throw toSoukError(error);
        }
      };
    }
  }
  return groups as CallableGroups;
}

async function deviceIdOf(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return [...new Uint8Array(digest)].slice(0, 16).map((b) => b.toString(16).padStart(2, "0")).join("");
}

export function createSoukClient(app: FirebaseApp, options: SoukClientOptions = {}): SoukClient {
  const auth = getAuth(app);
  const db = getFirestore(app);
  const functions = getFunctions(app, options.region ?? DEFAULT_REGION);
  const storage = getStorage(app);
  if (options.emulators) connectEmulators(auth, db, functions, storage, (typeof options.emulators === "object" && options.emulators.host) || "127.0.0.1");

  const signedInUid = (): string => {
    const uid = auth.currentUser?.uid;
    if (!uid) throw new SoukError("unauthenticated", "AUTH_REQUIRED", "Sign in to continue.");
    return uid;
  };

  const helpers: SoukHelpers = {
    auth,
    db,
    functions,
    storage,
    api: publicApi(options.apiBaseUrl ?? ""),
    waitForProfile(uid, { timeoutMs = 20_000 } = {}) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          stop();
          reject(new SoukError("deadline-exceeded", "PROFILE_TIMEOUT", `users/${uid} did not appear within ${timeoutMs} ms.`));
        }, timeoutMs);
        const stop = onSnapshot(
          doc(db, "users", uid),
          (snapshot) => {
            if (!snapshot.exists()) return;
            clearTimeout(timer);
            stop();
            resolve(snapshot.data());
          },
          (error) => {
            clearTimeout(timer);
            reject(rulesDenied(error));
          },
        );
      });
    },
    async registerDevice(token, platform = "web") {
      if (typeof token !== "string" || token.length < 10 || token.length > 4096) {
        throw new SoukError("invalid-argument", "VALIDATION_FAILED", "Some fields are invalid.", { token: "Must be an FCM registration token" });
      }
      const uid = signedInUid();
      const deviceId = await deviceIdOf(token);
      const ref = doc(db, "users", uid, "devices", deviceId);
      try {
        if ((await getDoc(ref)).exists()) return deviceId;
        await setDoc(ref, { token, platform, createdAt: serverTimestamp(), lastSeenAt: serverTimestamp() });
      } catch (error) {
        throw rulesDenied(error);
      }
      return deviceId;
    },
    async createListing(input) {
      const fields = listingFieldsOf(input);
      const ref = doc(collection(db, "listings"));
      try {
        await setDoc(ref, { ...fields, images: [], vendorId: signedInUid(), status: "draft" });
      } catch (error) {
        throw error instanceof SoukError ? error : rulesDenied(error);
      }
      return ref.id;
    },
    async updateListing(listingId, input) {
      const fields = listingFieldsOf(input);
      try {
        await updateDoc(doc(db, "listings", listingId), fields);
      } catch (error) {
        throw rulesDenied(error);
      }
    },
    async submitListing(listingId) {
      try {
        await updateDoc(doc(db, "listings", listingId), { status: "pending_review" });
      } catch (error) {
        throw rulesDenied(error);
      }
    },
    uploadListingImages(listingId, files) {
      return uploadListingImages(db, storage, listingId, files);
    },
  };
  return Object.assign(callableGroups(functions), helpers);
}
