// Assertions about callable failures, in the shape SPEC section 4 promises.
import assert from "node:assert/strict";
import type { CallableFailure } from "./emulators";

export function assertCallableError(
  error: CallableFailure | undefined,
  status: string,
  code: string,
): asserts error is CallableFailure {
  assert.ok(error, `expected a ${status}/${code} error, but the call succeeded`);
  assert.equal(error.status, status, `status (message: ${error.message})`);
  assert.equal(error.details?.code, code);
  assert.match(error.details?.requestId ?? "", /^[0-9a-f-]{36}$/, "details.requestId");
}
