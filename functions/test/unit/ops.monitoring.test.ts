// Monitoring as code (SPEC section 11): every log-based metric and alert policy in ops/
// parses against a zod schema of the Cloud Logging LogMetric and Cloud Monitoring
// AlertPolicy fields we use; every log event a metric filters on is emitted by a named log
// call in functions/src; every event logged at ERROR is counted by a metric that a policy
// alerts on; every policy's metric exists; the areas SPEC section 11 names are covered.
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const ROOT = path.resolve(__dirname, "../../..");
const read = (file: string): unknown => JSON.parse(readFileSync(path.join(ROOT, "ops", file), "utf8"));

const Duration = z.string().regex(/^\d+s$/);
const LogMetric = z
  .strictObject({
    name: z.string().regex(/^souk_[a-z0-9_]+$/),
    description: z.string().min(10),
    filter: z.string().min(10),
    metricDescriptor: z.strictObject({ metricKind: z.literal("DELTA"), valueType: z.enum(["INT64", "DISTRIBUTION"]), unit: z.string() }),
    valueExtractor: z.string().regex(/^EXTRACT\(jsonPayload\.\w+\)$/).optional(),
    bucketOptions: z.strictObject({ exponentialBuckets: z.strictObject({ numFiniteBuckets: z.int().positive(), growthFactor: z.number().gt(1), scale: z.number().positive() }) }).optional(),
  })
  .refine((m) => (m.metricDescriptor.valueType === "DISTRIBUTION") === (m.valueExtractor !== undefined && m.bucketOptions !== undefined), {
    message: "a DISTRIBUTION metric needs valueExtractor and bucketOptions; a counter has neither",
  });
const Aggregation = z.strictObject({
  alignmentPeriod: Duration,
  perSeriesAligner: z.enum(["ALIGN_SUM", "ALIGN_RATE", "ALIGN_COUNT", "ALIGN_PERCENTILE_95", "ALIGN_PERCENTILE_99", "ALIGN_DELTA"]),
  crossSeriesReducer: z.enum(["REDUCE_SUM", "REDUCE_MEAN", "REDUCE_MAX"]),
});
const AlertPolicy = z.strictObject({
  displayName: z.string().startsWith("Souk: "),
  severity: z.enum(["CRITICAL", "ERROR", "WARNING"]),
  combiner: z.enum(["OR", "AND"]),
  conditions: z
    .array(
      z.strictObject({
        displayName: z.string(),
        conditionThreshold: z.strictObject({
          filter: z.string().regex(/^metric\.type="logging\.googleapis\.com\/user\/souk_[a-z0-9_]+" AND resource\.type="cloud_run_revision"$/),
          comparison: z.enum(["COMPARISON_GT", "COMPARISON_LT"]),
          thresholdValue: z.number().min(0),
          duration: Duration,
          aggregations: z.array(Aggregation).min(1),
          denominatorFilter: z.string().optional(),
          denominatorAggregations: z.array(Aggregation).optional(),
        }),
      }),
    )
    .min(1),
  documentation: z.strictObject({ mimeType: z.literal("text/markdown"), content: z.string().includes("docs/runbook.md#") }),
  userLabels: z.strictObject({ runbook: z.string().regex(/^[a-z0-9-]+$/) }),
});

const metrics = z.array(LogMetric).parse(read("metrics.json"));
const policies = z.array(AlertPolicy).parse(read("policies.json"));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith(".ts") ? [full] : [];
  });
}
const SOURCE = sourceFiles(path.join(ROOT, "functions/src")).map((f) => readFileSync(f, "utf8")).join("\n");
/** Events the code logs through the named functions of core/log.ts: info/warning/error/failure("event", ...). */
function emitted(level?: "error"): Set<string> {
  const pattern = level
    ? /\b(?:logger\.error|error|failure)\(\s*"([\w.]+)"/g
    : /(?:\b(?:logger\.(?:info|warn|error)|info|warning|error|failure|write)|: info\))\(\s*"([\w.]+)"/g;
  return new Set([...SOURCE.matchAll(pattern)].map((m) => m[1]));
}
const eventOf = (filter: string) => /jsonPayload\.message="([\w.]+)"/.exec(filter)?.[1];
const metricOf = (filter: string) => /user\/(souk_[a-z0-9_]+)"/.exec(filter)?.[1];
const alerted = new Set(policies.flatMap((p) => p.conditions.map((c) => metricOf(c.conditionThreshold.filter))));

describe("ops/ monitoring as code", () => {
  it("parses every metric and policy, with unique names", () => {
    assert.ok(metrics.length >= 9 && policies.length >= 9);
    assert.equal(new Set(metrics.map((m) => m.name)).size, metrics.length);
    assert.equal(new Set(policies.map((p) => p.displayName)).size, policies.length);
  });

  it("every event a metric filters on is emitted by a named log call in the code", () => {
    const known = emitted();
    for (const metric of metrics) {
      const event = eventOf(metric.filter);
      if (event) assert.ok(known.has(event), `${metric.name} filters on ${event}, which no named log call emits`);
      else assert.match(metric.filter, /severity>=ERROR|log_id\("run\.googleapis\.com\/requests"\)/, `${metric.name}: no event, severity or request-log filter`);
    }
  });

  it("every policy (and ratio denominator) names a metric defined in ops/metrics.json", () => {
    const names = new Set(metrics.map((m) => m.name));
    for (const policy of policies) {
      for (const { conditionThreshold: c } of policy.conditions) {
        assert.ok(names.has(metricOf(c.filter) ?? ""), `${policy.displayName}: ${c.filter}`);
        if (c.denominatorFilter) assert.ok(names.has(metricOf(c.denominatorFilter) ?? ""), c.denominatorFilter);
      }
    }
  });

  it("every event logged at ERROR has a policy: by name, or through the alerted catch-all ERROR metric", () => {
    const errorEvents = emitted("error");
    assert.ok(errorEvents.has("ops.backup_failed") && errorEvents.has("ops.backup_stale"), [...errorEvents].join(", "));
    const catchAll = metrics.find((m) => /severity>=ERROR/.test(m.filter));
    assert.ok(catchAll && alerted.has(catchAll.name), "the ERROR catch-all metric has a policy");
    for (const event of errorEvents) {
      const named = metrics.find((m) => eventOf(m.filter) === event);
      if (named) assert.ok(alerted.has(named.name), `${event} has a metric (${named.name}) but no policy`);
    }
    for (const event of ["ops.backup_failed", "ops.backup_stale"]) assert.ok(metrics.some((m) => eventOf(m.filter) === event && alerted.has(m.name)), event);
  });

  it("covers what SPEC section 11 names", () => {
    const runbooks = new Set(policies.map((p) => p.userLabels.runbook));
    for (const name of ["function-errors", "webhook-non-2xx", "orders-create-p95", "api-p95", "backup-failed", "backup-stale", "events-dropped", "rate-limit-spike-callables", "breaker-open"]) {
      assert.ok(runbooks.has(name), name);
    }
  });

  it("every policy's runbook anchor exists in docs/runbook.md", () => {
    const runbook = readFileSync(path.join(ROOT, "docs/runbook.md"), "utf8");
    for (const policy of policies) {
      const anchor = /docs\/runbook\.md#([a-z0-9-]+)/.exec(policy.documentation.content)?.[1];
      assert.ok(anchor && runbook.includes(`<a id="${anchor}"></a>`), `${policy.displayName}: #${anchor}`);
    }
  });

  it("the backup bucket lifecycle rule deletes exports and keeps at least 4 weeks of them", () => {
    const lifecycle = z
      .strictObject({ rule: z.array(z.strictObject({ action: z.strictObject({ type: z.enum(["Delete", "SetStorageClass"]), storageClass: z.string().optional() }), condition: z.record(z.string(), z.unknown()) })) })
      .parse(read("backup-bucket-lifecycle.json"));
    const deletion = lifecycle.rule.find((r) => r.action.type === "Delete");
    assert.ok(deletion && typeof deletion.condition.age === "number" && deletion.condition.age >= 28);
  });
});
