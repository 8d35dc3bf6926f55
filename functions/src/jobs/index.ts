import { assign, cancel, complete, request, respond, review, start } from "./callables";
import { acceptWatchdog } from "./schedules";
import { onJobWritten } from "./triggers";

export const jobs = { request, assign, respond, start, complete, cancel, review, onJobWritten, acceptWatchdog };
