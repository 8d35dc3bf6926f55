import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { PiiCipher, keyVersionOf, parseKeyMaterial, type KeyVersion, type KeyVersionReader } from "../../src/core/crypto";
import { DomainError } from "../../src/core/errors";

function aKey(version: string): KeyVersion {
  return { version, key: randomBytes(32) };
}

/** Stands in for Secret Manager: serves the versions it was given and counts reads. */
class MapReader implements KeyVersionReader {
  reads = 0;
  constructor(private readonly versions: KeyVersion[]) {}
  async read(version: string): Promise<KeyVersion> {
    this.reads += 1;
    const found = this.versions.find((k) => k.version === version);
    if (!found) throw new Error(`no key version ${version}`);
    return found;
  }
}

describe("PII encryption (AES-256-GCM)", () => {
  it("round-trips text, including Arabic", async () => {
    const cipher = new PiiCipher(aKey("1"), new MapReader([]));
    for (const plain of ["+201001234567", "١٢ شارع التحرير، القاهرة", ""]) {
      assert.equal(await cipher.decrypt(cipher.encrypt(plain)), plain);
    }
  });

  it("names its key version and never repeats a ciphertext for the same text", () => {
    const cipher = new PiiCipher(aKey("7"), new MapReader([]));
    const a = cipher.encrypt("+201001234567");
    const b = cipher.encrypt("+201001234567");
    assert.equal(keyVersionOf(a), "7");
    assert.notEqual(a, b);
    assert.ok(!a.includes("201001234567"));
  });

  it("refuses a tampered ciphertext", async () => {
    const cipher = new PiiCipher(aKey("1"), new MapReader([]));
    const parts = cipher.encrypt("+201001234567").split(".");
    const data = Buffer.from(parts[4], "base64url");
    data[0] ^= 0x01;
    parts[4] = data.toString("base64url");
    await assert.rejects(cipher.decrypt(parts.join(".")), (e: unknown) => e instanceof DomainError && e.code === "PII_UNDECRYPTABLE");
  });

  it("refuses a ciphertext relabelled with another key version", async () => {
    const v1 = aKey("1");
    const v2 = { version: "2", key: v1.key }; // even the same key bytes: the version is authenticated
    const cipher = new PiiCipher(v2, new MapReader([v1]));
    const relabelled = cipher.encrypt("secret").replace(/^pii1\.2\./, "pii1.1.");
    await assert.rejects(cipher.decrypt(relabelled), /could not be decrypted/);
  });

  it("decrypts an older key version through the version reader, once per version", async () => {
    const old = aKey("1");
    const reader = new MapReader([old]);
    const before = new PiiCipher(old, new MapReader([]));
    const stored = before.encrypt("12 Tahrir Street");
    const after = new PiiCipher(aKey("2"), reader);
    assert.equal(after.isStale(stored), true);
    assert.equal(await after.decrypt(stored), "12 Tahrir Street");
    assert.equal(await after.decrypt(stored), "12 Tahrir Street");
    assert.equal(reader.reads, 1);
    assert.equal(after.isStale(after.encrypt("x")), false);
  });

  it("fails when the reader has no such version", async () => {
    const stored = new PiiCipher(aKey("9"), new MapReader([])).encrypt("x");
    await assert.rejects(new PiiCipher(aKey("10"), new MapReader([])).decrypt(stored), /no key version 9/);
  });

  it("rejects a reader that answers with a different version's key", async () => {
    const stored = new PiiCipher(aKey("3"), new MapReader([])).encrypt("x");
    const lying: KeyVersionReader = { read: async () => aKey("4") };
    await assert.rejects(new PiiCipher(aKey("5"), lying).decrypt(stored), /labelled 4/);
  });

  it("rejects malformed ciphertexts and key material", async () => {
    const cipher = new PiiCipher(aKey("1"), new MapReader([]));
    await assert.rejects(cipher.decrypt("plain text"), /could not be decrypted/);
    assert.throws(() => parseKeyMaterial("no-version"), /version/);
    assert.throws(() => parseKeyMaterial(`1:${randomBytes(16).toString("base64")}`), /32 bytes/);
    assert.deepEqual(parseKeyMaterial(`12:${Buffer.alloc(32, 1).toString("base64")}`).version, "12");
  });
});
