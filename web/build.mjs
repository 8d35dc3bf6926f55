// Builds the Souk console into web/dist (served by Firebase Hosting): one esbuild bundle of
// src/main.ts on the built @souk/client (client/dist) and the Firebase web SDK.
// `--emulator` also writes dist/__emulator/fake-provider.json (the demo webhook secret from
// functions/.secret.local) for the console's fake checkout page; a plain build removes it,
// so a deploy never ships it. Whoever starts the emulators (npm start, the browser tests)
// writes dist/__emulator/services.json ({"storage": true|false}) with writeEmulatorServices:
// in the emulator the console offers image upload only when the Storage emulator runs; a
// deployed console (no such file) assumes Storage.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const WEB = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(WEB, "..");
const DIST = path.join(WEB, "dist");

export function writeEmulatorConfig() {
  const secrets = readFileSync(path.join(ROOT, "functions/.secret.local"), "utf8");
  const secret = /^PAYMENT_WEBHOOK_SECRET=(.*)$/m.exec(secrets)?.[1]?.trim();
  if (!secret) throw new Error("functions/.secret.local has no PAYMENT_WEBHOOK_SECRET");
  mkdirSync(path.join(DIST, "__emulator"), { recursive: true });
  writeFileSync(path.join(DIST, "__emulator/fake-provider.json"), JSON.stringify({ webhookSecret: secret, webhookPath: "/payments/webhook" }));
}

/** Tells the emulator console which optional emulators run (`running`: the names started). */
export function writeEmulatorServices(running) {
  mkdirSync(path.join(DIST, "__emulator"), { recursive: true });
  writeFileSync(path.join(DIST, "__emulator/services.json"), JSON.stringify({ storage: running.includes("storage") }));
}

export async function buildWeb({ emulator = false } = {}) {
  const client = path.join(ROOT, "client/dist/index.js");
  if (!existsSync(client)) throw new Error("client/dist is missing: run `npm run build --prefix client` first");
  rmSync(DIST, { recursive: true, force: true });
  mkdirSync(DIST, { recursive: true });
  await esbuild.build({
    entryPoints: [path.join(WEB, "src/main.ts")],
    outfile: path.join(DIST, "app.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    sourcemap: true,
    alias: { "@souk/client": client },
    logLevel: "warning",
  });
  for (const file of ["index.html", "style.css"]) cpSync(path.join(WEB, "src", file), path.join(DIST, file));
  if (emulator) writeEmulatorConfig();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildWeb({ emulator: process.argv.includes("--emulator") }).then(
    () => console.log("[web] built web/dist"),
    (error) => {
      console.error(`[web] ${error.message}`);
      process.exit(1);
    },
  );
}
