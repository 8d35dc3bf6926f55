// A recording stand-in for Cloud Storage and the Realtime Database (privacy/externalStores.ts):
// neither emulator can start offline, so the deletion run and retention pruning are shown
// against this fake, which holds file names with creation times and RTDB paths.
import type { ExternalStores } from "../../src/privacy/externalStores";

export class FakeStores implements ExternalStores {
  readonly files = new Map<string, Date>();
  readonly rtdb = new Map<string, unknown>();
  readonly calls: string[] = [];

  async deleteFiles(prefix: string, olderThan?: Date): Promise<number> {
    this.calls.push(`storage:${prefix}`);
    let deleted = 0;
    for (const [name, created] of [...this.files]) {
      if (!name.startsWith(prefix) || (olderThan && created >= olderThan)) continue;
      this.files.delete(name);
      deleted += 1;
    }
    return deleted;
  }

  async removeRtdb(path: string): Promise<boolean> {
    this.calls.push(`rtdb:${path}`);
    return this.rtdb.delete(path);
  }
}
