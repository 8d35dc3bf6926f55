import { setAvailability, upsert } from "./callables";
import { onEngineerReviewWritten } from "./ratings";

export const engineers = { upsert, setAvailability, onEngineerReviewWritten };
