import { assign, cancel, complete, request, respond, start } from "./callables";
import { acceptWatchdog } from "./schedules";
import { onJobWritten } from "./triggers";

export const jobs = { request, assign, respond, start, complete, cancel, onJobWritten, acceptWatchdog };
