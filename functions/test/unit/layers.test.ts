// `npm run lint` runs dependency-cruiser over src with .dependency-cruiser.cjs. These tests
// run the same binary with the same config over small trees in test/fixtures/layers, each
// breaking one rule, so we know lint fails on a cycle or an upward import without ever
// breaking src to find out.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";

const FUNCTIONS = path.resolve(__dirname, "../..");
const CONFIG = path.join(FUNCTIONS, ".dependency-cruiser.cjs");
const BIN = path.join(FUNCTIONS, "node_modules/.bin/depcruise");

interface Cruise {
  status: number | null;
  rules: string[];
}

function cruise(root: string): Cruise {
  // The same command line as `npm run lint` (its exit status is what fails lint), read
  // for the names of the broken rules: "  error layer-listings: src/a.ts → src/b.ts".
  const run = spawnSync(BIN, ["--config", CONFIG, "src"], { cwd: root, encoding: "utf8" });
  assert.match(run.stdout, /dependencies cruised/, `depcruise did not run: ${run.stdout}${run.stderr}`);
  const rules = [...run.stdout.matchAll(/^\s*error (\S+):/gm)].map((match) => match[1]);
  return { status: run.status, rules: [...new Set(rules)].sort() };
}

const fixture = (name: string) => cruise(path.join(FUNCTIONS, "test/fixtures/layers", name));

describe("layers: dependency-cruiser rules of npm run lint", function () {
  this.timeout(30_000);

  it("a cycle inside a room fails", () => {
    const { status, rules } = fixture("cycle");
    assert.notEqual(status, 0);
    assert.deepEqual(rules, ["no-circular"]);
  });

  it("a domain importing a domain above it fails (listings -> orders)", () => {
    const { status, rules } = fixture("upward");
    assert.notEqual(status, 0);
    assert.deepEqual(rules, ["layer-listings"]);
  });

  it("two domains of one layer may not import each other (orders -> vendors)", () => {
    const { status, rules } = fixture("peers");
    assert.notEqual(status, 0);
    assert.deepEqual(rules, ["layer-orders"]);
  });

  it("core importing a domain fails", () => {
    const { status, rules } = fixture("coreImportsDomain");
    assert.notEqual(status, 0);
    assert.deepEqual(rules, ["layer-core"]);
  });

  it("product code importing test support fails", () => {
    const { status, rules } = fixture("srcImportsTest");
    assert.notEqual(status, 0);
    assert.deepEqual(rules, ["no-test-or-tools-in-src"]);
  });

  it("a folder under src that is not a room in the order fails", () => {
    const { status, rules } = fixture("unknownRoom");
    assert.notEqual(status, 0);
    assert.deepEqual(rules, ["rooms-are-known"]);
  });

  it("imports that only point down pass (payments -> orders -> paymentProviders -> core)", () => {
    const { status, rules } = fixture("good");
    assert.deepEqual(rules, []);
    assert.equal(status, 0);
  });

  it("the real src passes", () => {
    const { status, rules } = cruise(FUNCTIONS);
    assert.deepEqual(rules, []);
    assert.equal(status, 0);
  });
});
