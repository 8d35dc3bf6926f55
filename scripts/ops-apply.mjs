// `npm run ops:apply -- --project <alias|id> [--bucket <name>] [--dry-run]`: applies the
// monitoring in ops/ through gcloud: log-based metrics (ops/metrics.json), alert policies
// (ops/policies.json, matched to existing ones by displayName; `gcloud alpha monitoring`,
// the only track with policies in the gcloud of this project's machines), and, with --bucket, the
// backup bucket's lifecycle rule (ops/backup-bucket-lifecycle.json). --dry-run prints the
// gcloud commands instead of running them.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./emulators.mjs";

const OPS = path.join(ROOT, "ops");

function argOf(args, name) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

function projectIdOf(alias) {
  const rc = JSON.parse(fs.readFileSync(path.join(ROOT, ".firebaserc"), "utf8"));
  return rc.projects?.[alias] ?? alias;
}

function main() {
  const args = process.argv.slice(2);
  const alias = argOf(args, "project");
  if (!alias) {
    console.error("usage: npm run ops:apply -- --project <alias|id> [--bucket <backup bucket>] [--dry-run]");
    process.exit(2);
  }
  const project = projectIdOf(alias);
  const dryRun = args.includes("--dry-run");
  const bucket = argOf(args, "bucket");
  const gcloud = (gargs, { quiet = false } = {}) => {
    const full = [...gargs, `--project=${project}`];
    if (dryRun && !quiet) {
      console.log(`gcloud ${full.map((a) => (/[\s"()]/.test(a) ? `'${a}'` : a)).join(" ")}`);
      return { status: 0, stdout: "" };
    }
    const result = spawnSync("gcloud", full, { encoding: "utf8", stdio: quiet ? "pipe" : ["ignore", "inherit", "inherit"] });
    if (result.error) throw new Error(`gcloud is not installed or not on PATH (${result.error.message})`);
    return result;
  };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "souk-ops-"));
  const metrics = JSON.parse(fs.readFileSync(path.join(OPS, "metrics.json"), "utf8"));
  for (const metric of metrics) {
    const file = path.join(tmp, `${metric.name}.json`);
    fs.writeFileSync(file, JSON.stringify(metric));
    const exists = !dryRun && gcloud(["logging", "metrics", "describe", metric.name], { quiet: true }).status === 0;
    const verb = exists ? "update" : "create";
    if (gcloud(["logging", "metrics", verb, metric.name, `--config-from-file=${dryRun ? `ops/metrics.json#${metric.name}` : file}`]).status !== 0) process.exit(1);
  }
  const policies = JSON.parse(fs.readFileSync(path.join(OPS, "policies.json"), "utf8"));
  const existing = dryRun
    ? []
    : JSON.parse(gcloud(["alpha", "monitoring", "policies", "list", "--format=json"], { quiet: true }).stdout || "[]");
  for (const policy of policies) {
    const file = path.join(tmp, `${policy.userLabels.runbook}.json`);
    fs.writeFileSync(file, JSON.stringify(policy));
    const match = existing.find((p) => p.displayName === policy.displayName);
    const source = dryRun ? `ops/policies.json#${policy.userLabels.runbook}` : file;
    const command = match
      ? ["alpha", "monitoring", "policies", "update", match.name, `--policy-from-file=${source}`]
      : ["alpha", "monitoring", "policies", "create", `--policy-from-file=${source}`];
    if (gcloud(command).status !== 0) process.exit(1);
  }
  if (bucket) {
    gcloud(["storage", "buckets", "update", `gs://${bucket}`, `--lifecycle-file=${path.relative(process.cwd(), path.join(OPS, "backup-bucket-lifecycle.json"))}`]);
  } else {
    console.log("(no --bucket: the backup bucket's lifecycle rule was not applied)");
  }
  console.log(`${dryRun ? "Would apply" : "Applied"} ${metrics.length} metrics and ${policies.length} alert policies to ${project}.`);
}

try {
  main();
} catch (error) {
  console.error(`[ops:apply] ${error.message}`);
  process.exit(1);
}
