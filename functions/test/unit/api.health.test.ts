// GET /v1/health (SPEC section 5): liveness touches nothing; deep=1 reads Firestore under a
// deadline and answers 503 naming the failed check, also when Firestore is unreachable.
import assert from "node:assert/strict";
import { deleteApp, initializeApp } from "firebase-admin/app";
import { getFirestore } from "firebase-admin/firestore";
import { healthCheck, type Probe } from "../../src/api/health";
import { createApiHandler, type ApiConfig } from "../../src/api/http";
import { ROUTES } from "../../src/api/routes";
import { Health } from "../../src/api/schema";

interface Sent {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The real /v1/health route (its query schema), with the handler's probes and clock injected; none: the route as deployed. */
function serve(handle?: (query: { deep?: string }) => Promise<unknown>) {
  const health = ROUTES.find((r) => r.path === "/v1/health");
  assert.ok(health);
  const config: ApiConfig = {
    routes: [handle ? { ...health, handle: async ({ query }) => handle(query as { deep?: string }) } : health],
    allowedOrigins: () => [],
    rateLimit: async () => assert.fail("health is not rate limited"),
    log: () => undefined,
    logError: () => undefined,
  };
  const handler = createApiHandler(config);
  return async (url: string): Promise<Sent> => {
    const sent: Sent = { status: 0, headers: {}, body: "" };
    await handler(
      { method: "GET", url, headers: {} },
      {
        status: (code) => (sent.status = code),
        setHeader: (name, value) => (sent.headers[name.toLowerCase()] = value),
        end: (body) => (sent.body = body ?? ""),
      },
    );
    return sent;
  };
}

const hanging: Probe = () => new Promise(() => undefined);

describe("api health", () => {
  it("liveness answers ok without running any probe", async () => {
    let probed = 0;
    const get = serve(healthCheck({ probes: { firestore: async () => void (probed += 1) } }));
    const answer = await get("/v1/health");
    assert.equal(answer.status, 200);
    assert.deepEqual(Object.keys(JSON.parse(answer.body)).sort(), ["status", "version"]);
    assert.equal(probed, 0);
  });

  it("deep=1 answers the checks when Firestore answers", async () => {
    const get = serve(healthCheck({ probes: { firestore: async () => undefined } }));
    const answer = await get("/v1/health?deep=1");
    assert.equal(answer.status, 200);
    const body = Health.parse(JSON.parse(answer.body));
    assert.deepEqual(body.checks, { firestore: "ok" });
    assert.equal(answer.headers["cache-control"], "no-store");
  });

  it("deep=1 answers 503 naming firestore when the probe hangs past the deadline", async () => {
    const get = serve(healthCheck({ probes: { firestore: hanging }, deadlineMs: 150 }));
    const started = Date.now();
    const answer = await get("/v1/health?deep=1");
    assert.ok(Date.now() - started < 1000, "answered within the deadline");
    assert.equal(answer.status, 503);
    const { error } = JSON.parse(answer.body);
    assert.equal(error.code, "UNHEALTHY");
    assert.match(error.message, /firestore \(.*no answer within 150 ms\)/);
    assert.equal(answer.headers["retry-after"], "5");
  });

  it("names only the failed check when one of several fails", async () => {
    const get = serve(healthCheck({ probes: { firestore: async () => undefined, cache: async () => Promise.reject(new Error("down")) } }));
    const { error } = JSON.parse((await get("/v1/health?deep=1")).body);
    assert.equal(error.message, "Failed checks: cache (down)");
  });

  it("a burst of deep checks costs one probe per cache period", async () => {
    let probed = 0;
    let now = 1_000_000;
    const get = serve(healthCheck({ probes: { firestore: async () => void (probed += 1) }, now: () => now }));
    await Promise.all(Array.from({ length: 20 }, () => get("/v1/health?deep=1")));
    assert.equal(probed, 1);
    now += 5000;
    await get("/v1/health?deep=1");
    assert.equal(probed, 2);
  });

  it("refuses a deep value other than 0 or 1, naming the parameter", async () => {
    const answer = await serve()("/v1/health?deep=yes");
    assert.equal(answer.status, 400);
    assert.ok(JSON.parse(answer.body).error.fields.deep);
  });

  it("answers 503 when Firestore is unreachable (a real client pointed at a closed port)", async function () {
    this.timeout(10_000);
    const app = initializeApp({ projectId: "demo-souk" }, "unreachable-firestore");
    const firestore = getFirestore(app);
    firestore.settings({ host: "127.0.0.1:9", ssl: false });
    try {
      const probe: Probe = async () => void (await firestore.collection("_health").doc("probe").get());
      const answer = await serve(healthCheck({ probes: { firestore: probe }, deadlineMs: 1500 }))("/v1/health?deep=1");
      assert.equal(answer.status, 503);
      assert.match(JSON.parse(answer.body).error.message, /^Failed checks: firestore/);
    } finally {
      await deleteApp(app);
    }
  });
});
