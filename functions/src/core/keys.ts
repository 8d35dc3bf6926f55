// Where PII keys come from in a running function: the current one from the PII_KEY
// secret, older versions from Secret Manager (loaded only when an old ciphertext shows
// up, so the gRPC client never weighs on cold start).
import { guard, type BreakerPolicy, type Guard } from "./breaker";
import { PII_KEY } from "./config";
import { PiiCipher, parseKeyMaterial, type KeyVersion, type KeyVersionReader } from "./crypto";

/**
 * Deadline and breaker for Secret Manager (SPEC section 8). An access answers in tens of
 * milliseconds; 5 s covers its own retries on a bad day. Three calls at 50% failed open it
 * for 30 s: decrypting an old ciphertext then fails fast instead of holding every request.
 * Versions read once are cached by the cipher, so this guards cold paths only.
 */
export const SECRET_MANAGER_BREAKER: BreakerPolicy = {
  timeoutMs: 5000,
  volumeThreshold: 3,
  errorThresholdPercentage: 50,
  resetTimeoutMs: 30_000,
  rollingWindowMs: 60_000,
};
const secretManager = guard("secret-manager", SECRET_MANAGER_BREAKER);

/** What the reader needs of Secret Manager's client (the real one, or a fake in tests). */
export interface SecretAccessor {
  accessSecretVersion(request: { name: string }): Promise<readonly [{ payload?: { data?: string | Uint8Array | null } | null }, ...unknown[]]>;
}

export interface KeyReaderOptions {
  /** The client, made on first use (default: the gRPC client, imported lazily). */
  client?: () => Promise<SecretAccessor>;
  /** Deadline and breaker (default: this instance's Secret Manager breaker). */
  guard?: Guard;
}

async function realClient(): Promise<SecretAccessor> {
  const { SecretManagerServiceClient } = await import("@google-cloud/secret-manager");
  return new SecretManagerServiceClient();
}

export class SecretManagerKeyReader implements KeyVersionReader {
  private readonly makeClient: () => Promise<SecretAccessor>;
  private readonly breaker: Guard;
  private client: Promise<SecretAccessor> | undefined;

  constructor(
    private readonly projectId: string,
    private readonly secretName: string,
    options: KeyReaderOptions = {},
  ) {
    this.makeClient = options.client ?? realClient;
    this.breaker = options.guard ?? secretManager;
  }

  /** Rejects with DependencyUnavailable ("timeout" past the deadline, "open" while the breaker is open). */
  read(version: string): Promise<KeyVersion> {
    return this.breaker.call(() => this.access(version));
  }

  private async access(version: string): Promise<KeyVersion> {
    // One client per reader; a client that could not be made is made again next time.
    this.client ??= this.makeClient().catch((error: unknown) => {
      this.client = undefined;
      throw error;
    });
    const name = `projects/${this.projectId}/secrets/${this.secretName}/versions/${version}`;
    const [response] = await (await this.client).accessSecretVersion({ name });
    const data = response.payload?.data;
    if (!data) throw new Error(`Secret version ${name} is empty`);
    return parseKeyMaterial(typeof data === "string" ? data : Buffer.from(data).toString("utf8"));
  }
}

let cipher: PiiCipher | undefined;

export function piiCipher(): PiiCipher {
  if (!cipher) {
    const projectId = process.env.GCLOUD_PROJECT ?? process.env.GOOGLE_CLOUD_PROJECT ?? "";
    cipher = new PiiCipher(parseKeyMaterial(PII_KEY.value()), new SecretManagerKeyReader(projectId, "PII_KEY"));
  }
  return cipher;
}
