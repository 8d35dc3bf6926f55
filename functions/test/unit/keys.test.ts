// The Secret Manager key reader (core/keys.ts) under its deadline and breaker (SPEC section
// 8), with the client injected: no network. A hanging read fails within the deadline with
// a clear error, an old ciphertext's decryption fails the same way instead of holding the
// request, and after N failures the breaker opens: reads fail at once without asking.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { DependencyUnavailable, guard, type BreakerPolicy } from "../../src/core/breaker";
import { PiiCipher, type KeyVersion } from "../../src/core/crypto";
import { SECRET_MANAGER_BREAKER, SecretManagerKeyReader, type SecretAccessor } from "../../src/core/keys";

const SMALL: BreakerPolicy = { ...SECRET_MANAGER_BREAKER, timeoutMs: 100, resetTimeoutMs: 60_000 };
const OLD: KeyVersion = { version: "1", key: randomBytes(32) };

/** A fake Secret Manager: hangs, fails, or serves the old key, and records what it was asked. */
function aSecretManager(mode: { now: "hang" | "fail" | "serve" }) {
  const asked: string[] = [];
  const client: SecretAccessor = {
    accessSecretVersion: async ({ name }) => {
      asked.push(name);
      if (mode.now === "hang") return new Promise<never>(() => undefined);
      if (mode.now === "fail") throw new Error("14 UNAVAILABLE: connection refused");
      return [{ payload: { data: Buffer.from(`${OLD.version}:${OLD.key.toString("base64")}`) } }];
    },
  };
  return { client: async () => client, asked };
}

async function timed(work: () => Promise<unknown>): Promise<{ ms: number; error?: unknown }> {
  const started = Date.now();
  try {
    await work();
    return { ms: Date.now() - started };
  } catch (error) {
    return { ms: Date.now() - started, error };
  }
}

const isUnavailable = (error: unknown, reason: "open" | "timeout") =>
  error instanceof DependencyUnavailable && error.dependency === "secret-manager" && error.reason === reason;

describe("Secret Manager key reader (deadline and breaker)", () => {
  it("reads the named version through the injected client when Secret Manager answers", async () => {
    const sm = aSecretManager({ now: "serve" });
    const reader = new SecretManagerKeyReader("demo-souk", "PII_KEY", { client: sm.client, guard: guard("secret-manager", SMALL) });
    const key = await reader.read("1");
    assert.deepEqual([key.version, key.key.equals(OLD.key)], ["1", true]);
    assert.deepEqual(sm.asked, ["projects/demo-souk/secrets/PII_KEY/versions/1"]);
  });

  it("a hanging read fails within the deadline with a clear error; so does decrypting an old ciphertext", async () => {
    const sm = aSecretManager({ now: "hang" });
    const reader = new SecretManagerKeyReader("demo-souk", "PII_KEY", { client: sm.client, guard: guard("secret-manager", SMALL) });
    const read = await timed(() => reader.read("1"));
    assert.ok(isUnavailable(read.error, "timeout"), String(read.error));
    assert.match(String((read.error as Error).message), /secret-manager: no answer within 100 ms/);
    assert.ok(read.ms >= 90 && read.ms < 1000, `${read.ms} ms`);

    const oldCiphertext = new PiiCipher(OLD, { read: () => assert.fail("current key only") }).encrypt("+201011112222");
    const cipher = new PiiCipher({ version: "2", key: randomBytes(32) }, reader);
    const decrypt = await timed(() => cipher.decrypt(oldCiphertext));
    assert.ok(isUnavailable(decrypt.error, "timeout"), String(decrypt.error));
    assert.ok(decrypt.ms < 1000, `${decrypt.ms} ms`);
  });

  it("after N failures the breaker opens: the next read fails at once without asking Secret Manager", async () => {
    const mode: { now: "hang" | "fail" | "serve" } = { now: "fail" };
    const sm = aSecretManager(mode);
    const breaker = guard("secret-manager", SMALL);
    const reader = new SecretManagerKeyReader("demo-souk", "PII_KEY", { client: sm.client, guard: breaker });
    await assert.rejects(reader.read("1"), /connection refused/);
    mode.now = "hang";
    for (let i = 1; i < SMALL.volumeThreshold; i += 1) await assert.rejects(reader.read("1"), (e) => isUnavailable(e, "timeout"));
    assert.equal(breaker.state(), "open");
    assert.equal(sm.asked.length, SMALL.volumeThreshold);
    mode.now = "serve";
    const refused = await timed(() => reader.read("1"));
    assert.ok(isUnavailable(refused.error, "open"), String(refused.error));
    assert.match(String((refused.error as Error).message), /secret-manager is unavailable \(circuit open\)/);
    assert.ok(refused.ms < 20, `failed fast (${refused.ms} ms)`);
    assert.equal(sm.asked.length, SMALL.volumeThreshold, "Secret Manager was not asked while open");
  });

  it("the production policy: a 5 s deadline, open after 3 calls at 50% failed, 30 s cool-down", () => {
    assert.deepEqual(SECRET_MANAGER_BREAKER, { timeoutMs: 5000, volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeoutMs: 30_000, rollingWindowMs: 60_000 });
  });
});
