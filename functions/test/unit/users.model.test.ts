import assert from "node:assert/strict";
import fc from "fast-check";
import { ROLES, roleOf, signedInWithSecondFactor } from "../../src/core/roles";
import { normalisePhone, toGovernorateSlug, GOVERNORATES } from "../../src/shared/egypt";
import { claimsWithRole, initialDisplayName, removesPrivileges } from "../../src/users/model";
import { UpdateProfileInput } from "../../src/users/schema";

describe("roles", () => {
  it("no claim or an unknown claim means customer", () => {
    assert.equal(roleOf({}), "customer");
    assert.equal(roleOf({ role: "superuser" }), "customer");
    assert.equal(roleOf({ role: "vendor" }), "vendor");
  });

  it("the second factor is read from firebase.sign_in_second_factor", () => {
    assert.equal(signedInWithSecondFactor({ firebase: { sign_in_second_factor: "phone" } }), true);
    assert.equal(signedInWithSecondFactor({ firebase: {} }), false);
    assert.equal(signedInWithSecondFactor({}), false);
  });

  it("only a change away from a privileged role removes privileges", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ROLES), fc.constantFrom(...ROLES), (from, to) => {
        assert.equal(removesPrivileges(from, to), from !== to && from !== "customer");
      }),
    );
  });

  it("claims keep other keys; customers carry no role claim", () => {
    assert.deepEqual(claimsWithRole({ role: "vendor", beta: true }, "customer"), { beta: true });
    assert.deepEqual(claimsWithRole(undefined, "admin"), { role: "admin" });
  });

  it("a new profile's name comes from Auth, else the e-mail, else a default", () => {
    assert.equal(initialDisplayName({ displayName: "  Mona  " }), "Mona");
    assert.equal(initialDisplayName({ email: "karim@example.com" }), "karim");
    assert.equal(initialDisplayName({}), "Souk user");
  });
});

describe("Egyptian inputs", () => {
  it("phones normalise to E.164 and junk is refused", () => {
    assert.equal(normalisePhone("010 0123 4567"), "+201001234567");
    assert.equal(normalisePhone("+20 100 123 4567"), "+201001234567");
    assert.equal(normalisePhone("00201151234567"), "+201151234567");
    assert.equal(normalisePhone("+447911123456"), "+447911123456");
    assert.equal(normalisePhone("0101234"), undefined);
    assert.equal(normalisePhone("+20 99 123"), undefined);
    assert.equal(normalisePhone("call me"), undefined);
  });

  it("governorate names in any case map to their slug", () => {
    assert.equal(toGovernorateSlug("Kafr El Sheikh"), "kafr_el_sheikh");
    assert.equal(toGovernorateSlug(" CAIRO "), "cairo");
    assert.equal(GOVERNORATES.length, 27);
    assert.equal(UpdateProfileInput.safeParse({ governorate: "Port Said" }).data?.governorate, "port_said");
    assert.equal(UpdateProfileInput.safeParse({ governorate: "Narnia" }).success, false);
  });
});
