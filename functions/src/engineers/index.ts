import { setAvailability, upsert } from "./callables";

export const engineers = { upsert, setAvailability };
