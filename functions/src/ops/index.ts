import { backupNow, rotatePiiKey } from "./callables";
import { backupFirestore } from "./schedules";

export const ops = { backupNow, rotatePiiKey, backupFirestore };
