// Listing images (SPEC section 7): files go to Storage under listings/{id}/images/{file},
// then their paths go into the listing's `images`. The checks storage.rules and
// firestore.rules make (image types from an allow-list, at most 10 MB, at most 20 paths)
// run here first, so a bad pick is a SoukError with fields.images before any upload.
import { doc, getDoc, updateDoc, type Firestore } from "firebase/firestore";
import { deleteObject, ref, uploadBytes, type FirebaseStorage } from "firebase/storage";
import { SoukError } from "./errors";
import { rulesDenied } from "./listings";

export const MAX_LISTING_IMAGES = 20;
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/** storage.rules isImage(): raster types only (SVG can carry script). */
const IMAGE_TYPE = /^image\/(jpeg|png|webp|avif|gif|heic|heif)$/i;

function invalid(message: string): SoukError {
  return new SoukError("invalid-argument", "VALIDATION_FAILED", "Some fields are invalid.", { images: message });
}

/** Throws a SoukError (fields.images) unless every file is an allowed image within the limits. */
export function checkListingImages(files: readonly Blob[], already = 0): void {
  if (files.length === 0) throw invalid("Pick at least one image");
  if (already + files.length > MAX_LISTING_IMAGES) throw invalid(`A listing has at most ${MAX_LISTING_IMAGES} images`);
  for (const file of files) {
    const name = file instanceof File ? `${file.name}: ` : "";
    if (!IMAGE_TYPE.test(file.type)) throw invalid(`${name}Must be a JPEG, PNG, WebP, AVIF, GIF or HEIC image`);
    if (file.size > MAX_IMAGE_BYTES) throw invalid(`${name}Must be at most 10 MB`);
  }
}

/** A Storage file name the rules accept: [A-Za-z0-9._-] only, behind a unique prefix. */
export function imageFileName(file: Blob): string {
  const base = (file instanceof File ? file.name : "").replace(/[^A-Za-z0-9._-]/g, "_").slice(-80) || "image";
  const unique = [...crypto.getRandomValues(new Uint8Array(6))].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${Date.now().toString(36)}-${unique}-${base}`;
}

function storageDenied(error: unknown): SoukError {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "storage/unauthorized") {
    return new SoukError("permission-denied", "RULES_DENIED", "Images can be added only to your own draft or rejected listing.", { images: "Not allowed for this listing" });
  }
  return rulesDenied(error);
}

/** Uploads the files and appends their paths to listings/{listingId}.images; returns the new paths. */
export async function uploadListingImages(db: Firestore, storage: FirebaseStorage, listingId: string, files: readonly Blob[]): Promise<string[]> {
  checkListingImages(files);
  const listing = doc(db, "listings", listingId);
  let current: string[];
  try {
    current = ((await getDoc(listing)).get("images") as string[] | undefined) ?? [];
  } catch (error) {
    throw rulesDenied(error);
  }
  checkListingImages(files, current.length);
  const paths: string[] = [];
  try {
    for (const file of files) {
      const path = `listings/${listingId}/images/${imageFileName(file)}`;
      await uploadBytes(ref(storage, path), file, { contentType: file.type.toLowerCase() });
      paths.push(path);
    }
    await updateDoc(listing, { images: [...current, ...paths] });
  } catch (error) {
    // Best effort: files the listing does not name are removed again (the rules allow it while the listing is editable).
    await Promise.allSettled(paths.map((path) => deleteObject(ref(storage, path))));
    throw error instanceof SoukError ? error : storageDenied(error);
  }
  return paths;
}
