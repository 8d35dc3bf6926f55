// Shared shape of the rules tests (STYLE "Tests"): one test environment per file loaded with
// the repository's rules, a context per actor, seeding with rules disabled, and the
// emulator's rules coverage report saved where CI keeps it. Hosts and ports come from the
// environment (FIRESTORE_EMULATOR_HOST, FIREBASE_STORAGE_EMULATOR_HOST or the hub), never
// from here.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import {
  initializeTestEnvironment,
  type RulesTestContext,
  type RulesTestEnvironment,
  type TokenOptions,
} from "@firebase/rules-unit-testing";
import { doc, setDoc, setLogLevel, type DocumentData, type Firestore } from "firebase/firestore";

export const PROJECT_ID = "demo-souk";

/** The repository root (this file is functions/test/support/rulesEnv.ts). */
const REPO_ROOT = resolve(__dirname, "../../..");

export const FIRESTORE_COVERAGE_REPORT = resolve(REPO_ROOT, "reports/firestore-rules-coverage.html");

type RulesFile = "firestore.rules" | "storage.rules" | "database.rules.json";

export function rulesSource(file: RulesFile): Promise<string> {
  return readFile(resolve(REPO_ROOT, file), "utf8");
}

/**
 * A test environment on the Firestore emulator running the repository's firestore.rules
 * (and, with `storage`, the Storage emulator running storage.rules).
 *
 * The emulator resets its rules coverage whenever rules are loaded, even the same source.
 * So the Firestore rules are loaded only when the emulator is not already running exactly
 * this source (firebase emulators:exec loads them from firebase.json at start), and the
 * coverage report then accumulates over every rules suite of the run.
 */
async function rulesEnv(storage: boolean): Promise<RulesTestEnvironment> {
  // Denied writes are the point of half these tests; keep the SDK's stream warnings quiet.
  setLogLevel("error");
  const rules = await rulesSource("firestore.rules");
  const storageConfig = storage ? { storage: { rules: await rulesSource("storage.rules") } } : {};
  const probe = await initializeTestEnvironment({ projectId: PROJECT_ID, firestore: {}, ...storageConfig });
  if (probe.emulators.firestore && (await loadedFirestoreRules(probe)) === rules) return probe;
  await probe.cleanup();
  return initializeTestEnvironment({ projectId: PROJECT_ID, firestore: { rules }, ...storageConfig });
}

export function firestoreRulesEnv(): Promise<RulesTestEnvironment> {
  return rulesEnv(false);
}

/** Storage rules read Firestore (cross-service), so both emulators run the repo's rules. */
export function storageRulesEnv(): Promise<RulesTestEnvironment> {
  return rulesEnv(true);
}

interface CoverageJson {
  rules?: { files?: { content?: string }[] };
}

/** The rules source the Firestore emulator currently runs for the project, if any. */
async function loadedFirestoreRules(env: RulesTestEnvironment): Promise<string | undefined> {
  const response = await fetch(`${baseUrl(env)}/emulator/v1/projects/${PROJECT_ID}:ruleCoverage`);
  if (!response.ok) return undefined;
  const coverage = (await response.json()) as CoverageJson;
  return coverage.rules?.files?.[0]?.content;
}

// ---- Actors ---------------------------------------------------------------------------

/** What a multi-factor sign-in adds to the ID token (SPEC section 2). */
const SECOND_FACTOR = { sign_in_provider: "password", sign_in_second_factor: "phone" } as const;

export type Role = "customer" | "vendor" | "engineer" | "admin";

/** A signed-in user; a customer carries no role claim at all, as in production. */
export function asUser(env: RulesTestEnvironment, uid: string, role: Role = "customer"): RulesTestContext {
  const claims: TokenOptions = role === "customer" ? {} : { role };
  return env.authenticatedContext(uid, claims);
}

/** An admin who signed in with a second factor: the only kind of admin rules trust. */
export function asAdmin(env: RulesTestEnvironment, uid = "admin-mfa"): RulesTestContext {
  return env.authenticatedContext(uid, { role: "admin", firebase: SECOND_FACTOR });
}

/** An admin claim without the second factor: must be treated like nobody special. */
export function asAdminWithoutMfa(env: RulesTestEnvironment, uid = "admin-no-mfa"): RulesTestContext {
  return env.authenticatedContext(uid, { role: "admin" });
}

export function asGuest(env: RulesTestEnvironment): RulesTestContext {
  return env.unauthenticatedContext();
}

// ---- Firestore helpers ------------------------------------------------------------------

/**
 * The context's Firestore as the modular API sees it. The test library types it as the
 * compat instance; the modular functions unwrap it at run time.
 */
export function db(context: RulesTestContext): Firestore {
  return context.firestore() as unknown as Firestore;
}

/** Writes documents as the server would (rules bypassed). Keys are document paths. */
export async function seed(env: RulesTestEnvironment, docs: Record<string, DocumentData>): Promise<void> {
  await env.withSecurityRulesDisabled(async (context) => {
    await Promise.all(Object.entries(docs).map(([path, data]) => setDoc(doc(db(context), path), data)));
  });
}

// ---- Coverage ---------------------------------------------------------------------------

function baseUrl(env: RulesTestEnvironment): string {
  const emulator = env.emulators.firestore;
  if (!emulator) throw new Error("the test environment has no Firestore emulator");
  const host = emulator.host.includes(":") ? `[${emulator.host}]` : emulator.host;
  return `http://${host}:${emulator.port}`;
}

/**
 * Saves the emulator's rules coverage report (each expression with how often it was true,
 * false or an error) to reports/. Call from an `after` hook, before `cleanup`. The report
 * accumulates over the run (see rulesEnv), so the last suite's copy covers them all.
 */
export async function saveFirestoreCoverage(env: RulesTestEnvironment): Promise<string> {
  const url = `${baseUrl(env)}/emulator/v1/projects/${PROJECT_ID}:ruleCoverage.html`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`rules coverage report: ${response.status} from ${url}`);
  await mkdir(resolve(FIRESTORE_COVERAGE_REPORT, ".."), { recursive: true });
  await writeFile(FIRESTORE_COVERAGE_REPORT, await response.text());
  return FIRESTORE_COVERAGE_REPORT;
}

// ---- Suite lifecycle --------------------------------------------------------------------

/**
 * The lifecycle every Firestore rules suite shares, as mocha hooks in the calling `describe`:
 * one environment for the suite (firestoreRulesEnv), Firestore cleared and `fixtures()`
 * seeded before each test, and the coverage report saved (saveFirestoreCoverage) before
 * cleanup after the suite. `fixtures` is called afresh for each test. Returns a getter for
 * the environment, usable from hooks and tests once the suite's `before` has run.
 */
export function useFirestoreRules(
  fixtures: () => Record<string, DocumentData> = () => ({}),
): () => RulesTestEnvironment {
  let env: RulesTestEnvironment | undefined;
  const current = (): RulesTestEnvironment => {
    if (!env) throw new Error("the rules test environment is used before the suite's `before` hook ran");
    return env;
  };

  before(async () => {
    env = await firestoreRulesEnv();
  });

  beforeEach(async () => {
    await current().clearFirestore();
    await seed(current(), fixtures());
  });

  after(async () => {
    // A failed `before` is reported on its own; there is nothing to save or clean up.
    if (!env) return;
    await saveFirestoreCoverage(env);
    await env.cleanup();
  });

  return current;
}
