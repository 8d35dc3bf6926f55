// Where PII keys come from in a running function: the current one from the PII_KEY
// secret, older versions from Secret Manager (loaded only when an old ciphertext shows
// up, so the gRPC client never weighs on cold start).
import { PII_KEY } from "./config";
import { PiiCipher, parseKeyMaterial, type KeyVersion, type KeyVersionReader } from "./crypto";

export class SecretManagerKeyReader implements KeyVersionReader {
  constructor(
    private readonly projectId: string,
    private readonly secretName: string,
  ) {}

  async read(version: string): Promise<KeyVersion> {
    const { SecretManagerServiceClient } = await import("@google-cloud/secret-manager");
    const client = new SecretManagerServiceClient();
    const name = `projects/${this.projectId}/secrets/${this.secretName}/versions/${version}`;
    const [response] = await client.accessSecretVersion({ name });
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
