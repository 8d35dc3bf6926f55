// The two stores the deletion run and retention pruning reach besides Firestore and Auth:
// Cloud Storage files and the Realtime Database. Behind this small interface because
// neither emulator can start on an offline machine (shared ENVIRONMENT.md): tests inject
// a recording fake; production uses the Admin SDK, imported on first use only.
import { ensureApp, runningInEmulator } from "../core/firebase";
import { logs } from "../core/log";

export interface ExternalStores {
  /** Deletes every file whose name starts with `prefix` (and, when given, was created before `olderThan`); answers how many. */
  deleteFiles(prefix: string, olderThan?: Date): Promise<number>;
  /** Removes one Realtime Database path; answers whether something was there. */
  removeRtdb(path: string): Promise<boolean>;
}

/** The Admin SDK: the default bucket and the default database of the project. */
export const adminStores: ExternalStores = {
  async deleteFiles(prefix, olderThan) {
    ensureApp();
    const { getStorage } = await import("firebase-admin/storage");
    const bucket = getStorage().bucket();
    let deleted = 0;
    let query: { prefix: string; autoPaginate: false; maxResults: number; pageToken?: string } | undefined = { prefix, autoPaginate: false, maxResults: 500 };
    while (query) {
      const response = await bucket.getFiles(query);
      const files = response[0];
      const next = response[1] as { pageToken?: string } | null | undefined;
      for (const file of files) {
        const created = file.metadata.timeCreated ? Date.parse(String(file.metadata.timeCreated)) : 0;
        if (olderThan && created >= olderThan.getTime()) continue;
        await file.delete({ ignoreNotFound: true });
        deleted += 1;
      }
      query = next?.pageToken ? { ...query, pageToken: next.pageToken } : undefined;
    }
    return deleted;
  },
  async removeRtdb(path) {
    ensureApp();
    const { getDatabase } = await import("firebase-admin/database");
    const ref = getDatabase().ref(path);
    const existed = (await ref.get()).exists();
    await ref.remove();
    return existed;
  },
};

/**
 * In the emulator without a Storage or Database emulator (this offline machine): there is
 * nothing to delete, and saying so beats failing every erasure on a missing service.
 */
export const absentStores: ExternalStores = {
  async deleteFiles(prefix) {
    logs.externalStoreAbsent("storage", prefix.split("/")[0]);
    return 0;
  },
  async removeRtdb(path) {
    logs.externalStoreAbsent("rtdb", path.split("/")[0]);
    return false;
  },
};

let injected: ExternalStores | undefined;

/** Tests inject a fake; undefined restores the Admin SDK. */
export function setExternalStores(stores: ExternalStores | undefined): void {
  injected = stores;
}

export function externalStores(): ExternalStores {
  if (injected) return injected;
  const emulatedWithout = runningInEmulator() && !process.env.FIREBASE_STORAGE_EMULATOR_HOST && !process.env.FIREBASE_DATABASE_EMULATOR_HOST;
  return emulatedWithout ? absentStores : adminStores;
}
