// Cold start: a running function loads only its own group (STYLE "Cold start is a feature").
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";

const functionsDir = path.resolve(__dirname, "../..");

function groupsLoadedFor(target: string | undefined): { exported: string[]; usersModules: number } {
  const script = `
    const loaded = require("./src/index.ts");
    const exported = Object.keys(loaded).filter((k) => loaded[k] !== undefined);
    const usersModules = Object.keys(require.cache).filter((k) => k.includes("/src/users/")).length;
    console.log(JSON.stringify({ exported, usersModules }));`;
  const env = { ...process.env, FUNCTION_TARGET: target ?? "" };
  const out = execFileSync(process.execPath, ["--require", "tsx/cjs", "-e", script], { cwd: functionsDir, env, encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").pop() ?? "{}");
}

describe("function groups load lazily", () => {
  it("deploy discovery (no FUNCTION_TARGET) loads every group", () => {
    const { exported, usersModules } = groupsLoadedFor(undefined);
    assert.ok(exported.includes("users"));
    assert.ok(usersModules > 0);
  });

  it("a users function loads the users group", () => {
    assert.ok(groupsLoadedFor("users.setRole").usersModules > 0);
  });

  it("a function of another group never loads the users code", () => {
    const { exported, usersModules } = groupsLoadedFor("orders.create");
    assert.ok(!exported.includes("users"));
    assert.equal(usersModules, 0);
  });
});
