// One named function per log event keeps lines consistent and free of PII:
// only ids, codes and timings are ever passed here.
import { logger } from "firebase-functions/v2";

interface CallOutcome {
  fn: string;
  requestId: string;
  uid?: string;
  outcome: "success" | "failure" | "denied" | "error";
  code?: string;
  ms: number;
}

export const logs = {
  callCompleted(line: CallOutcome): void {
    const write = line.outcome === "error" ? logger.error : logger.info;
    write("callable.completed", line);
  },
  unexpectedError(fn: string, requestId: string, error: unknown): void {
    const detail = error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { error: String(error) };
    logger.error("callable.unexpected_error", { fn, requestId, ...detail });
  },
  auditWriteFailed(action: string, requestId: string | undefined, error: unknown): void {
    logger.error("audit.write_failed", { action, requestId, message: error instanceof Error ? error.message : String(error) });
  },
  event(name: string, fields: Record<string, string | number | boolean | undefined>): void {
    logger.info(name, fields);
  },
};
