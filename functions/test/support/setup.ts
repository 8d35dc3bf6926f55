// Loaded by every mocha layer before the tests. Gives in-process code the same
// configuration the emulator gives deployed functions (demo project, demo PII key),
// without overriding anything the caller set.
import { DEMO_PII_KEY } from "./demoSecrets";

process.env.GCLOUD_PROJECT ??= "demo-souk";
process.env.GOOGLE_CLOUD_PROJECT ??= "demo-souk";
process.env.PII_KEY ??= DEMO_PII_KEY;
process.env.ENFORCE_APP_CHECK ??= "false";
