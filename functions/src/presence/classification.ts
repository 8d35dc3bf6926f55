// Presence (SPEC section 6): the RTDB status a client writes and its Firestore mirror.
import type { Classification } from "../core/classification";

export const presenceClassification: readonly Classification[] = [
  { store: "rtdb", path: "status/{uid}", class: "behavioural", links: [{ segment: "uid" }], export: "none", deletion: "delete" },
  { store: "firestore", path: "presence/{uid}", class: "behavioural", links: [{ segment: "uid" }], export: "as_is", deletion: "delete" },
];
