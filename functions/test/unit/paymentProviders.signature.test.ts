// The Souk-Signature scheme of payment webhooks (SPEC section 5): what passes, what is
// rejected and why, and a property over random bodies and secrets.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import fc from "fast-check";
import { computeSignature, parseSignatureHeader, signPayload, verifySignature } from "../../src/paymentProviders/signature";

const SECRET = "whsec_test_secret";
const T = 1_760_000_000;
const NOW_MS = T * 1000;
const BODY = JSON.stringify({ id: "evt_1", type: "payment.succeeded", data: { paymentId: "p1", orderId: "o1", amount: 150000, currency: "EGP" } });

const reasonOf = (check: ReturnType<typeof verifySignature>) => (check.ok ? "ok" : check.reason);

describe("webhook signature", () => {
  describe("valid deliveries", () => {
    it("a body signed with the shared secret verifies and reports its timestamp", () => {
      assert.deepEqual(verifySignature(SECRET, BODY, signPayload(SECRET, BODY, T), NOW_MS), { ok: true, timestamp: T });
    });

    it("the v1 value is the hex HMAC-SHA256 of '<t>.<raw body>'", () => {
      const expected = createHmac("sha256", SECRET).update(`${T}.${BODY}`).digest("hex");
      assert.equal(signPayload(SECRET, BODY, T), `t=${T},v1=${expected}`);
      assert.equal(computeSignature(SECRET, Buffer.from(BODY), T), expected);
    });

    it("a Buffer body and the same string verify alike", () => {
      const header = signPayload(SECRET, BODY, T);
      assert.equal(reasonOf(verifySignature(SECRET, Buffer.from(BODY, "utf8"), header, NOW_MS)), "ok");
    });

    it("spaces around entries, upper-case hex and unknown keys are tolerated", () => {
      const v1 = computeSignature(SECRET, BODY, T);
      assert.equal(reasonOf(verifySignature(SECRET, BODY, ` t=${T} , v0=old, v1=${v1.toUpperCase()} ,v2=future,`, NOW_MS)), "ok");
    });

    it("during a secret rotation any matching v1 passes, whatever its position", () => {
      const current = computeSignature(SECRET, BODY, T);
      const previous = computeSignature("whsec_previous", BODY, T);
      assert.equal(reasonOf(verifySignature(SECRET, BODY, `t=${T},v1=${previous},v1=${current}`, NOW_MS)), "ok");
      assert.equal(reasonOf(verifySignature(SECRET, BODY, `t=${T},v1=${current},v1=${previous}`, NOW_MS)), "ok");
      assert.equal(reasonOf(verifySignature("whsec_previous", BODY, `t=${T},v1=${current},v1=${previous}`, NOW_MS)), "ok");
    });
  });

  describe("missing and malformed headers", () => {
    it("no header or an empty one is 'missing'", () => {
      assert.equal(reasonOf(verifySignature(SECRET, BODY, undefined, NOW_MS)), "missing");
      assert.equal(reasonOf(verifySignature(SECRET, BODY, "", NOW_MS)), "missing");
      assert.equal(reasonOf(verifySignature(SECRET, BODY, "   ", NOW_MS)), "missing");
    });

    const v1 = computeSignature(SECRET, BODY, T);
    const malformed: Record<string, string> = {
      "no t": `v1=${v1}`,
      "no v1": `t=${T}`,
      "only unknown keys": `t=${T},v0=${v1}`,
      "a non-numeric t": `t=abc,v1=${v1}`,
      "a fractional t": `t=${T}.5,v1=${v1}`,
      "a negative t": `t=-${T},v1=${v1}`,
      "an absurdly long t": `t=1${"0".repeat(20)},v1=${v1}`,
      "two t entries": `t=${T},t=${T},v1=${v1}`,
      "an empty v1": `t=${T},v1=`,
      "an entry without '='": `t=${T},v1=${v1},garbage`,
      "not key=value at all": "sha256 deadbeef",
    };
    for (const [what, header] of Object.entries(malformed)) {
      it(`a header with ${what} is 'malformed'`, () => {
        assert.equal(reasonOf(verifySignature(SECRET, BODY, header, NOW_MS)), "malformed");
      });
    }

    it("parses the timestamp and every v1 value, ignoring other keys", () => {
      assert.deepEqual(parseSignatureHeader(`t=${T},v1=aa,v9=zz,v1=bb`), { timestamp: T, signatures: ["aa", "bb"] });
    });
  });

  describe("forged and altered deliveries", () => {
    it("a signature made with another secret is a 'mismatch'", () => {
      assert.equal(reasonOf(verifySignature(SECRET, BODY, signPayload("whsec_attacker", BODY, T), NOW_MS)), "mismatch");
    });

    it("a body changed by one byte after signing is a 'mismatch'", () => {
      const header = signPayload(SECRET, BODY, T);
      const altered = BODY.replace("150000", "150001");
      assert.equal(altered.length, BODY.length);
      assert.equal(reasonOf(verifySignature(SECRET, altered, header, NOW_MS)), "mismatch");
    });

    it("the signature of event A replayed with the body of event B is a 'mismatch'", () => {
      const bodyB = BODY.replace("evt_1", "evt_2").replace("o1", "o2");
      assert.equal(reasonOf(verifySignature(SECRET, bodyB, signPayload(SECRET, BODY, T), NOW_MS)), "mismatch");
    });

    it("a signature moved to another timestamp is a 'mismatch'", () => {
      const v1 = computeSignature(SECRET, BODY, T);
      assert.equal(reasonOf(verifySignature(SECRET, BODY, `t=${T + 1},v1=${v1}`, NOW_MS)), "mismatch");
    });

    it("a v1 of the wrong length is a 'mismatch', never an exception", () => {
      for (const v1 of ["ab", "0".repeat(63), "0".repeat(65), "0".repeat(128), "not-hex-at-all", "é".repeat(32)]) {
        assert.equal(reasonOf(verifySignature(SECRET, BODY, `t=${T},v1=${v1}`, NOW_MS)), "mismatch", v1);
      }
    });

    it("refuses to verify (or sign) with an empty secret, which anyone could compute", () => {
      assert.throws(() => verifySignature("", BODY, signPayload(SECRET, BODY, T), NOW_MS), /secret is not configured/);
      assert.throws(() => signPayload("", BODY, T), /secret is not configured/);
    });
  });

  describe("the 5-minute window", () => {
    const at = (secondsFromSigning: number) => verifySignature(SECRET, BODY, signPayload(SECRET, BODY, T), (T + secondsFromSigning) * 1000);

    it("a signature exactly 300 s old passes and one 301 s old is 'expired'", () => {
      assert.equal(reasonOf(at(300)), "ok");
      assert.equal(reasonOf(at(300.999)), "ok", "whole seconds: 300.999 s counts as 300");
      assert.equal(reasonOf(at(301)), "expired");
      assert.equal(reasonOf(at(3600)), "expired");
    });

    it("a signature from more than 300 s in the future is 'expired' too", () => {
      assert.equal(reasonOf(at(-300)), "ok");
      assert.equal(reasonOf(at(-301)), "expired");
      assert.equal(reasonOf(at(-86_400)), "expired");
    });

    it("an expired rejection names the signed time; a forged old one is a 'mismatch'", () => {
      assert.deepEqual(at(301), { ok: false, reason: "expired", timestamp: T });
      const forged = signPayload("whsec_attacker", BODY, T);
      assert.equal(reasonOf(verifySignature(SECRET, BODY, forged, (T + 3600) * 1000)), "mismatch");
    });

    it("the tolerance can be narrowed", () => {
      const header = signPayload(SECRET, BODY, T);
      assert.equal(reasonOf(verifySignature(SECRET, BODY, header, (T + 60) * 1000, 60)), "ok");
      assert.equal(reasonOf(verifySignature(SECRET, BODY, header, (T + 61) * 1000, 60)), "expired");
    });
  });

  describe("properties", () => {
    const RUNS = { numRuns: 1000 };
    const secret = fc.string({ minLength: 1, maxLength: 64 });
    const body = fc.uint8Array({ minLength: 1, maxLength: 512 }).map((bytes) => Buffer.from(bytes));
    const timestamp = fc.integer({ min: 0, max: 4_000_000_000 });
    const skew = fc.integer({ min: -300, max: 300 });

    it("whatever the body and secret, sign then verify passes within the window", () => {
      fc.assert(
        fc.property(secret, body, timestamp, skew, (s, b, t, d) => {
          assert.deepEqual(verifySignature(s, b, signPayload(s, b, t), (t + d) * 1000), { ok: true, timestamp: t });
        }),
        RUNS,
      );
    });

    it("changing any single byte of the body makes it a mismatch", () => {
      const bodyAndChange = body.chain((b) =>
        fc.record({ body: fc.constant(b), index: fc.nat(b.length - 1), delta: fc.integer({ min: 1, max: 255 }) }),
      );
      fc.assert(
        fc.property(secret, bodyAndChange, timestamp, (s, { body: b, index, delta }, t) => {
          const header = signPayload(s, b, t);
          const changed = Buffer.from(b);
          changed[index] = (changed[index] + delta) % 256;
          assert.equal(reasonOf(verifySignature(s, changed, header, t * 1000)), "mismatch");
        }),
        RUNS,
      );
    });

    it("a signature made with a different secret never verifies", () => {
      fc.assert(
        fc.property(secret, secret, body, timestamp, (s1, s2, b, t) => {
          fc.pre(s1 !== s2);
          assert.equal(reasonOf(verifySignature(s2, b, signPayload(s1, b, t), t * 1000)), "mismatch");
        }),
        RUNS,
      );
    });
  });
});
