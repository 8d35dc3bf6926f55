import { cancelDeletion, exportData, recordConsent, requestDeletion } from "./callables";

export const privacy = { recordConsent, exportData, requestDeletion, cancelDeletion };
