// PII encryption (SPEC section 8): AES-256-GCM with a random 96-bit IV. A ciphertext
// names the key version that made it, so keys rotate without a flag day:
//   "pii1.<version>.<iv>.<tag>.<data>"  (base64url parts)
// The version is also bound as additional authenticated data, so relabelling a
// ciphertext with another version fails authentication instead of decrypting garbage.
// The current key is the PII_KEY secret ("<version>:<base64 key>"); older versions are
// read through a KeyVersionReader (Secret Manager in production, a map in tests).
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { DomainError } from "./errors";

const PREFIX = "pii1";
const KEY_BYTES = 32;
const IV_BYTES = 12;

export interface KeyVersion {
  version: string;
  key: Buffer;
}

export interface KeyVersionReader {
  /** The key material ("<version>:<base64 key>") of one version, or an error. */
  read(version: string): Promise<KeyVersion>;
}

export function parseKeyMaterial(material: string): KeyVersion {
  const separator = material.indexOf(":");
  const version = material.slice(0, separator).trim();
  const key = Buffer.from(material.slice(separator + 1).trim(), "base64");
  if (separator <= 0 || !/^[0-9A-Za-z_-]+$/.test(version) || key.length !== KEY_BYTES) {
    throw new Error("PII key material must be '<version>:<base64 of 32 bytes>'");
  }
  return { version, key };
}

export function keyVersionOf(ciphertext: string): string {
  const parts = ciphertext.split(".");
  if (parts.length !== 5 || parts[0] !== PREFIX) throw undecryptable();
  return parts[1];
}

function undecryptable(): DomainError {
  return new DomainError("data-loss", "PII_UNDECRYPTABLE", "Stored personal data could not be decrypted.");
}

export class PiiCipher {
  private readonly cache = new Map<string, Promise<KeyVersion>>();

  constructor(
    private readonly current: KeyVersion,
    private readonly olderVersions: KeyVersionReader,
  ) {
    this.cache.set(current.version, Promise.resolve(current));
  }

  get currentVersion(): string {
    return this.current.version;
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.current.key, iv);
    cipher.setAAD(Buffer.from(this.current.version));
    const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), data].map((b) => b.toString("base64url"));
    return [PREFIX, this.current.version, ...parts].join(".");
  }

  async decrypt(ciphertext: string): Promise<string> {
    const version = keyVersionOf(ciphertext);
    const [, , iv, tag, data] = ciphertext.split(".").map((p, i) => (i < 2 ? p : Buffer.from(p, "base64url"))) as [
      string,
      string,
      Buffer,
      Buffer,
      Buffer,
    ];
    const { key } = await this.keyFor(version);
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, iv);
      decipher.setAAD(Buffer.from(version));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(data), decipher.final()]).toString("utf8");
    } catch {
      throw undecryptable();
    }
  }

  /** True when the ciphertext was made with an older key and should be re-encrypted. */
  isStale(ciphertext: string): boolean {
    return keyVersionOf(ciphertext) !== this.current.version;
  }

  private keyFor(version: string): Promise<KeyVersion> {
    let pending = this.cache.get(version);
    if (!pending) {
      pending = this.olderVersions.read(version).then((found) => {
        if (found.version !== version) throw new Error(`Key version ${version} holds material labelled ${found.version}`);
        return found;
      });
      pending.catch(() => this.cache.delete(version));
      this.cache.set(version, pending);
    }
    return pending;
  }
}
