// Region by construction (SPEC section 1; issue 9): src/index.ts applies the global
// options before it requires any group, so every function of every group, loaded alone
// as a deployed instance loads it (FUNCTION_TARGET), runs in the REGION param. Before,
// each trigger file had to remember a side-effect import of core/config.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const functionsDir = path.resolve(__dirname, "../..");
const GROUPS = ["users", "vendors", "listings", "api", "engineers", "jobs", "presence", "orders", "payments"];

/**
 * For each group, loaded alone as a deployed instance loads it (FUNCTION_TARGET, fresh
 * src and firebase-functions modules), each function's name and declared regions, as a list (the
 * param serialises as ["params.REGION"]; a function without global options has none).
 * One child process for all groups: a process per group is too slow on a shared CPU.
 */
async function regionsByGroup(): Promise<Record<string, Record<string, unknown>>> {
  const script = `
    const out = {};
    for (const group of ${JSON.stringify(GROUPS)}) {
      for (const key of Object.keys(require.cache)) if (key.includes("/src/") || key.includes("/firebase-functions/")) delete require.cache[key];
      process.env.FUNCTION_TARGET = group + ".x";
      const loaded = require("./src/index.ts")[group];
      const fns = loaded.__endpoint ? { [group]: loaded } : loaded;
      out[group] = Object.fromEntries(Object.entries(fns).map(([name, fn]) => [name, [].concat(fn.__endpoint.region ?? [])]));
    }
    console.log(JSON.stringify(out));`;
  const env = { ...process.env, GCLOUD_PROJECT: "demo-souk" };
  const { stdout } = await promisify(execFile)(process.execPath, ["--require", "tsx/cjs", "-e", script], { cwd: functionsDir, env });
  return JSON.parse(stdout.trim().split("\n").pop() ?? "{}");
}

describe("global options", function () {
  this.timeout(60_000);

  it("every function of every group, loaded alone, declares the REGION param as its region", async () => {
    const all = await regionsByGroup();
    assert.deepEqual(Object.keys(all), GROUPS);
    for (const [group, regions] of Object.entries(all)) {
      assert.ok(Object.keys(regions).length > 0, `${group} exported no function`);
      for (const [name, region] of Object.entries(regions)) assert.deepEqual(region, ["params.REGION"], `${group}.${name} runs in the REGION param`);
    }
  });
});
