// Builds @souk/client: generates the error-reason union from functions/src, bundles the
// client with the zod schemas it imports from ../functions/src (so functions/ stays a
// self-contained deploy unit and the client ships its own copy), and emits .d.ts with tsc.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { writeReasons } from "./gen-reasons.mjs";

const CLIENT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ROOT = path.resolve(CLIENT, "..");

/** Server-only code must never reach a browser bundle: a schema importing it fails the build. */
const serverOnly = {
  name: "server-only",
  setup(build) {
    build.onResolve({ filter: /^firebase-functions\/v2\/https$/ }, (args) =>
      args.importer.endsWith(path.join("functions", "src", "core", "errors.ts")) ? { path: path.join(CLIENT, "src/stubs/https.ts") } : undefined,
    );
    build.onResolve({ filter: /^(firebase-admin|firebase-functions|@google-cloud\/|node:)/ }, (args) => ({
      errors: [{ text: `${args.path} is server-only; imported from ${path.relative(ROOT, args.importer)}` }],
    }));
  },
};

export async function buildClient() {
  writeReasons();
  rmSync(path.join(CLIENT, "dist"), { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [path.join(CLIENT, "src/index.ts")],
    outfile: path.join(CLIENT, "dist/index.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    sourcemap: true,
    external: ["firebase", "firebase/*"],
    // zod is resolved from functions/ (one copy, the one the schemas were written against).
    nodePaths: [path.join(ROOT, "functions/node_modules")],
    plugins: [serverOnly],
    minify: true,
    logLevel: "warning",
  });
  const tsc = spawnSync(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", path.join(CLIENT, "tsconfig.json")], { stdio: "inherit" });
  if (tsc.status !== 0) throw new Error("tsc failed on client/");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildClient().then(
    () => console.log("[client] built client/dist"),
    (error) => {
      console.error(`[client] ${error.message}`);
      process.exit(1);
    },
  );
}
