import assert from "node:assert/strict";
import { z } from "zod";
import { fieldErrorsOf } from "../../src/core/errors";
import { UpdateProfileInput, SetRoleInput } from "../../src/users/schema";

function fieldsOf(schema: z.ZodType, input: unknown) {
  const parsed = schema.safeParse(input);
  assert.equal(parsed.success, false, "expected the input to be refused");
  return fieldErrorsOf((parsed as { error: z.ZodError }).error);
}

describe("validation errors name the fields", () => {
  it("a wrong type names its path", () => {
    assert.ok(fieldsOf(UpdateProfileInput, { displayName: 5 }).displayName);
  });

  it("each unknown key is named", () => {
    assert.deepEqual(Object.keys(fieldsOf(UpdateProfileInput, { displayName: "Ali", role: "admin", x: 1 })).sort(), ["role", "x"]);
  });

  it("a missing field is named", () => {
    assert.ok(fieldsOf(SetRoleInput, { uid: "u1" }).role);
  });

  it("a nested path is joined with dots", () => {
    const fields = fieldsOf(UpdateProfileInput, { address: { line1: "12 Tahrir", city: "Cairo", governorate: "Gotham" } });
    assert.ok(Object.keys(fields).some((k) => k.startsWith("address")), JSON.stringify(fields));
  });

  it("a whole-object refinement is reported at (root)", () => {
    assert.ok(fieldsOf(UpdateProfileInput, {})["(root)"]);
  });
});
