import { cancelDeletion, eraseNow, exportData, recordConsent, requestDeletion } from "./callables";
import { pruneRetention, runDueDeletions } from "./schedules";

export const privacy = { recordConsent, exportData, requestDeletion, cancelDeletion, eraseNow, runDueDeletions, pruneRetention };
