// Every param the functions declare has a value for the emulator: firebase-tools would
// otherwise stop and prompt for it, which hangs a run that has no terminal.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";

const functionsDir = path.resolve(__dirname, "../..");

function declaredParams(): string[] {
  const config = readFileSync(path.join(functionsDir, "src/core/config.ts"), "utf8");
  return [...config.matchAll(/define(?:String|Int|Boolean|Float|List)\("([A-Z0-9_]+)"/g)].map((m) => m[1]);
}

function declaredSecrets(): string[] {
  const config = readFileSync(path.join(functionsDir, "src/core/config.ts"), "utf8");
  return [...config.matchAll(/defineSecret\("([A-Z0-9_]+)"/g)].map((m) => m[1]);
}

function keysOf(file: string): Set<string> {
  const text = readFileSync(path.join(functionsDir, file), "utf8");
  return new Set(text.split("\n").filter((l) => /^[A-Z0-9_]+=/.test(l)).map((l) => l.split("=")[0]));
}

describe("emulator configuration", () => {
  it("gives every declared param a value in .env.demo-souk", () => {
    const params = declaredParams();
    assert.ok(params.length >= 2, "found the params in config.ts");
    const defined = keysOf(".env.demo-souk");
    assert.deepEqual(params.filter((p) => !defined.has(p)), []);
  });

  it("gives every declared secret a demo value in .secret.local", () => {
    const secrets = declaredSecrets();
    assert.ok(secrets.includes("PII_KEY"));
    const defined = keysOf(".secret.local");
    assert.deepEqual(secrets.filter((s) => !defined.has(s)), []);
  });
});
