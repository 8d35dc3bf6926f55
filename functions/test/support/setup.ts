// Loaded by every mocha layer (and the bench) before anything else. Gives in-process
// code the configuration the emulator gives deployed functions: the demo project, the
// params of .env.demo-souk and the demo PII key, without overriding what the caller set.
import { readFileSync } from "node:fs";
import path from "node:path";
import { DEMO_PII_KEY } from "./demoSecrets";

process.env.GCLOUD_PROJECT ??= "demo-souk";
process.env.GOOGLE_CLOUD_PROJECT ??= "demo-souk";
process.env.PII_KEY ??= DEMO_PII_KEY;

// Params, then the demo secrets (payment webhook secret, API key) the emulator reads too.
for (const file of [".env.demo-souk", ".secret.local"]) {
  for (const line of readFileSync(path.resolve(__dirname, "../..", file), "utf8").split("\n")) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) process.env[match[1]] ??= match[2];
  }
}
