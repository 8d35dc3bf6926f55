// `npm run test:browser`: the console's journeys in real Chromium (playwright-core driving
// Debian's /usr/bin/chromium, or SOUK_CHROMIUM), against Hosting, Auth, Firestore and
// Functions emulators loaded with the demo data, and Storage where it can run (the vendor's
// image upload; skipped loudly where it cannot). Expects `npm run build` to have run.
// The client's integration tests run in the same session first. Without a Chromium binary
// the browser part prints one loud SKIPPED line (CI installs it: .ci/run). Screenshots of each journey's last page land in reports/console/.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { ROOT } from "./emulators.mjs";


// A busy machine can take longer than firebase-tools' 10 s to load the functions' definitions.
const env = { ...process.env, FUNCTIONS_DISCOVERY_TIMEOUT: process.env.FUNCTIONS_DISCOVERY_TIMEOUT ?? "120" };
const run = (command, args, options = {}) => spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env, ...options }).status ?? 1;

// The emulator build adds the fake provider's demo secret for the checkout page.
if (run(process.execPath, [path.join(ROOT, "web/build.mjs"), "--emulator"]) !== 0) process.exit(1);
const files = process.argv.slice(2);
const inner = `node scripts/browser-session.mjs ${files.join(" ")}`;
process.exit(run(process.execPath, [path.join(ROOT, "scripts/with-emulators.mjs"), "--only", "auth,firestore,functions,hosting,storage", "--", inner]));
