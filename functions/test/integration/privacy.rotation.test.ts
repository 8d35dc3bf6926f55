// PII key rotation (SPEC section 8, issue 12 item 7) against the Firestore emulator:
// ciphertexts under key versions 1 and 2, on every kind of path that holds them, are all
// re-encrypted under version 3 and still read back; the tallies per version go to zero for
// 1 and 2; a second rotation changes nothing; an interrupted rotation resumes.
import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { PiiCipher, keyVersionOf, parseKeyMaterial, type KeyVersion } from "../../src/core/crypto";
import { rotatePiiKey } from "../../src/privacy/rotation";
import { admin } from "../support/emulators";
import { DEMO_PII_KEY } from "../support/demoSecrets";

const v1 = parseKeyMaterial(DEMO_PII_KEY);
const v2: KeyVersion = { version: "2", key: randomBytes(32) };
const v3: KeyVersion = { version: "3", key: randomBytes(32) };
const keys = new Map([v1, v2, v3].map((k) => [k.version, k]));
const reader = { read: async (version: string) => keys.get(version) ?? Promise.reject(new Error(`no key ${version}`)) };
const cipherAt = (current: KeyVersion) => new PiiCipher(current, reader);
const by = { system: "test.rotation" };

describe("ops-rotatePiiKey: rotation", function () {
  this.timeout(120_000);
  const id = randomUUID().slice(0, 8);
  const plain: Record<string, string> = {};
  const docs = {
    [`users/rot-${id}/private/pii`]: { phone: ["1", "+201000000001"], address: ["2", '{"line1":"2 Key Street"}'] },
    [`vendors/rot-${id}/private/kyc`]: { nationalId: ["2", "29001011234567"], iban: ["1", "EG380019000500000000263180002"] },
    [`orders/rot-${id}/private/fulfillment`]: { address: ["1", '{"line1":"3 Order Street"}'] },
    [`serviceJobs/rot-${id}`]: { address: ["2", "4 Job Street"], customerId: ["", `rot-${id}`] },
  };

  before(async () => {
    for (const [path, fields] of Object.entries(docs)) {
      const data: Record<string, string> = {};
      for (const [field, [version, value]] of Object.entries(fields)) {
        data[field] = version ? cipherAt(keys.get(version) as KeyVersion).encrypt(value) : value;
        if (version) plain[`${path}#${field}`] = value;
      }
      await admin().db.doc(path).set(data);
    }
  });

  // Put every ciphertext of the emulator back under the demo key, so later tests read them.
  after(async () => {
    await rotatePiiKey({ cipher: cipherAt(v1), by });
  });

  async function stored(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const key of Object.keys(plain)) {
      const [path, field] = key.split("#");
      out[key] = (await admin().db.doc(path).get()).get(field) as string;
    }
    return out;
  }

  it("an interrupted rotation resumes, every ciphertext ends under version 3 and reads back, no version 1 or 2 is left", async () => {
    let pages = 0;
    await assert.rejects(
      rotatePiiKey({ cipher: cipherAt(v3), by, pageSize: 1, afterPage: () => {
        pages += 1;
        if (pages === 2) throw new Error("interrupted");
      } }),
      /interrupted/,
    );
    const running = await admin().db.collection("keyRotations").where("state", "==", "running").where("targetVersion", "==", "3").get();
    assert.equal(running.size, 1, "the interrupted rotation is recorded as running");

    const { rotationId } = await rotatePiiKey({ cipher: cipherAt(v3), by, pageSize: 50 });
    assert.equal(rotationId, running.docs[0].id, "the second call resumes the same rotation");
    const now = await stored();
    for (const [key, ciphertext] of Object.entries(now)) {
      assert.equal(keyVersionOf(ciphertext), "3", key);
      assert.equal(await cipherAt(v3).decrypt(ciphertext), plain[key], key);
    }
    const record = (await admin().db.doc(`keyRotations/${rotationId}`).get()).data() ?? {};
    assert.equal(record.state, "done");
    assert.equal(record.after["1"], 0);
    assert.equal(record.after["2"], 0);
    assert.ok(record.before["1"] >= 3 && record.before["2"] >= 3, JSON.stringify(record.before));
    assert.equal(record.after["3"], Object.values(record.before as Record<string, number>).reduce((a, b) => a + b, 0));
    const audit = await admin().db.collection("auditLogs").where("target.id", "==", rotationId).get();
    assert.deepEqual(audit.docs.map((d) => [d.get("action"), d.get("outcome")]), [["config.key_rotation", "success"]]);
  });

  it("a second rotation to the same version changes no ciphertext", async () => {
    const before = await stored();
    const { reencrypted } = await rotatePiiKey({ cipher: cipherAt(v3), by });
    assert.equal(reencrypted, 0);
    assert.deepEqual(await stored(), before);
  });
});
