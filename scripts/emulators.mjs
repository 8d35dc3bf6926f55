// Emulator bootstrap shared by `npm start`, `npm test` and `npm run bench`.
// Finds a runnable binary for every downloadable emulator without ever letting
// firebase-tools hang on a download it cannot make (see shared ENVIRONMENT.md):
//   1. an explicit <NAME>_EMULATOR_BINARY_PATH,
//   2. for Firestore: the local gcloud emulator jar, through a launcher jar we build
//      into .cache/ (the gcloud jar has no Main-Class); for Pub/Sub: the local gcloud
//      emulator's launcher script (it runs scheduled functions in the emulator),
//   3. a jar already in firebase-tools' own cache,
//   4. firebase-tools' normal download, if its download host answers quickly.
// Emulators that cannot start (on offline machines: Realtime Database, Storage rules
// runtime) are reported once and left out; Firestore missing is fatal with one sentence.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";

export const PROJECT_ID = "demo-souk";
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CACHE_DIR = path.join(ROOT, ".cache", "emulators");
const require = createRequire(import.meta.url);

const GCLOUD_FIRESTORE_JARS = [
  process.env.CLOUDSDK_ROOT_DIR &&
    path.join(process.env.CLOUDSDK_ROOT_DIR, "platform/cloud-firestore-emulator/cloud-firestore-emulator.jar"),
  "/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar",
  "/usr/share/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar",
  "/opt/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar",
].filter(Boolean);
/** The gcloud Pub/Sub emulator: with it, the Functions emulator deploys scheduled functions. */
const GCLOUD_PUBSUB_BINARIES = [
  process.env.CLOUDSDK_ROOT_DIR && path.join(process.env.CLOUDSDK_ROOT_DIR, "platform/pubsub-emulator/bin/cloud-pubsub-emulator"),
  "/usr/lib/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator",
  "/usr/share/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator",
  "/opt/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator",
].filter(Boolean);
const FIRESTORE_MAIN_CLASS = "com.google.cloud.datastore.emulator.firestore.CloudFirestore";
/** Emulators whose binary firebase-tools would download. */
const DOWNLOADABLE = new Set(["firestore", "database", "storage", "pubsub"]);
const DOWNLOAD_PROBE_TIMEOUT_MS = 3000;

/** A stored (uncompressed) zip holding one file: enough for a manifest-only jar. */
function zipWithOneFile(name, content) {
  const nameBuf = Buffer.from(name);
  const crc = zlib.crc32(content);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(content.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(nameBuf.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(content.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(nameBuf.length, 28);
  const centralOffset = local.length + nameBuf.length + content.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBuf.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, nameBuf, content, central, nameBuf, end]);
}

function buildFirestoreLauncher(gcloudJar) {
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const launcher = path.join(CACHE_DIR, "firestore-launcher.jar");
  const manifest = Buffer.from(
    `Manifest-Version: 1.0\r\nMain-Class: ${FIRESTORE_MAIN_CLASS}\r\nClass-Path: file:${gcloudJar}\r\n\r\n`,
  );
  fs.writeFileSync(launcher, zipWithOneFile("META-INF/MANIFEST.MF", manifest));
  return launcher;
}

function javaAvailable() {
  const result = spawnSync("java", ["-version"], { encoding: "utf8" });
  return result.status === 0;
}

function downloadDetails(name) {
  const downloadable = require("firebase-tools/lib/emulator/downloadableEmulators");
  return downloadable.getDownloadDetails(name);
}

async function downloadHostAnswers(url) {
  try {
    const response = await fetch(url, { method: "HEAD", signal: AbortSignal.timeout(DOWNLOAD_PROBE_TIMEOUT_MS) });
    return response.ok;
  } catch {
    return false;
  }
}

/** How an emulator can run here: {env} to pass along, or {missing: reason}. */
async function locate(name) {
  const envName = `${name.toUpperCase()}_EMULATOR_BINARY_PATH`;
  const explicit = process.env[envName];
  if (explicit) {
    if (fs.existsSync(explicit)) return { env: { [envName]: explicit } };
    return { missing: `${envName} points to ${explicit}, which does not exist` };
  }
  if (name === "firestore") {
    const gcloudJar = GCLOUD_FIRESTORE_JARS.find((jar) => fs.existsSync(jar));
    if (gcloudJar) return { env: { [envName]: buildFirestoreLauncher(gcloudJar) } };
  }
  if (name === "pubsub") {
    const gcloudBinary = GCLOUD_PUBSUB_BINARIES.find((binary) => fs.existsSync(binary));
    if (gcloudBinary) return { env: { [envName]: gcloudBinary } };
  }
  const details = downloadDetails(name);
  if (fs.existsSync(details.binaryPath || details.downloadPath)) return { env: {} };
  if (await downloadHostAnswers(details.opts.remoteUrl)) return { env: {} };
  return { missing: `its binary is not installed and cannot be downloaded from this machine` };
}

/**
 * Decide which of the requested emulators can start.
 * Returns {env, only, skipped}; throws an Error with one clear sentence when a required
 * emulator (Firestore) or Java is missing.
 */
export async function prepareEmulators(requested) {
  const needsJava = requested.some((name) => DOWNLOADABLE.has(name));
  if (needsJava && !javaAvailable()) {
    throw new Error(
      "Java is not installed: the Firestore emulator needs a Java 17+ runtime (for example `apt-get install openjdk-17-jre-headless`).",
    );
  }
  const env = {};
  const only = [];
  const skipped = [];
  for (const name of requested) {
    if (!DOWNLOADABLE.has(name)) {
      only.push(name);
      continue;
    }
    const found = await locate(name);
    if (found.missing) {
      if (name === "firestore") {
        throw new Error(
          `The Firestore emulator cannot start: ${found.missing}; install Google's cloud-firestore-emulator (Debian package google-cloud-cli-firestore-emulator) or set FIRESTORE_EMULATOR_BINARY_PATH.`,
        );
      }
      skipped.push({ name, reason: found.missing });
      continue;
    }
    Object.assign(env, found.env);
    only.push(name);
  }
  return { env, only, skipped };
}

/** What a missing emulator costs, in one line each. */
const CONSEQUENCE = {
  pubsub: "scheduled functions are not deployed in the Functions emulator (tests that fire schedules there are skipped and say so; in-process schedule tests still run)",
};

export function reportSkipped(skipped) {
  for (const { name, reason } of skipped) {
    const consequence = CONSEQUENCE[name] ?? "tests that need it are skipped and say so";
    console.warn(`\n[emulators] NOT STARTING the ${name} emulator: ${reason}; ${consequence}.\n`);
  }
}

export function firebaseBin() {
  return path.join(ROOT, "node_modules", ".bin", "firebase");
}

/** firebase.json, or another config with other ports (SOUK_FIREBASE_CONFIG) for a parallel run. */
export function firebaseConfigPath() {
  return path.resolve(ROOT, process.env.SOUK_FIREBASE_CONFIG ?? "firebase.json");
}

/** Host variables for test processes; emulators:exec sets some of them, not the Functions one. */
export function emulatorHosts() {
  const { emulators } = JSON.parse(fs.readFileSync(firebaseConfigPath(), "utf8"));
  const hostOf = (name) => `${emulators[name].host ?? "127.0.0.1"}:${emulators[name].port}`;
  return {
    FUNCTIONS_EMULATOR_HOST: hostOf("functions"),
    FIRESTORE_EMULATOR_HOST: hostOf("firestore"),
    FIREBASE_AUTH_EMULATOR_HOST: hostOf("auth"),
  };
}
