// Inputs of the ops group (SPEC section 4). Strict objects: unknown keys are errors. Kept
// apart from callables.ts so the typed client can bundle them without server code.
import { z } from "zod";

export const BackupNowInput = z.strictObject({});

export const RotatePiiKeyInput = z.strictObject({});
