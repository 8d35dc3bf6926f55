import { backupNow } from "./callables";
import { backupFirestore } from "./schedules";

export const ops = { backupNow, backupFirestore };
