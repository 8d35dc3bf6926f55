// Proves functions/ still builds from its own folder alone, as `firebase deploy` packages it
// (SPEC section 12): copies functions/ (sources, configs, lockfile; node_modules linked, not
// copied) to a temp dir with nothing beside it, and runs its build there. A functions file
// that imported ../client or ../web would fail here.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROOT } from "./emulators.mjs";

const source = path.join(ROOT, "functions");
const dir = mkdtempSync(path.join(tmpdir(), "souk-functions-alone-"));
const copy = path.join(dir, "functions");
try {
  cpSync(source, copy, { recursive: true, filter: (p) => !/[/\\](node_modules|lib)$/.test(p) });
  symlinkSync(path.join(source, "node_modules"), path.join(copy, "node_modules"), "dir");
  const build = spawnSync("npm", ["run", "build"], { cwd: copy, stdio: "inherit" });
  if (build.status !== 0) {
    console.error("not ok - functions/ does not build alone from a copy of its folder");
    process.exit(1);
  }
  console.log(`ok - functions/ builds alone (copied to ${copy})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
