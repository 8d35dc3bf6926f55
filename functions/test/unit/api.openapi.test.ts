// The OpenAPI document of the public API (SPEC section 5): valid OpenAPI 3.1, generated
// from the same zod schemas that validate requests, and covering every route.
import assert from "node:assert/strict";
import { Validator } from "@seriousme/openapi-schema-validator";
import { openApiDocument } from "../../src/api/openapi";
import { ROUTES } from "../../src/api/routes";
import { ListingsQuery } from "../../src/api/schema";

type Json = Record<string, unknown>;
interface Operation {
  operationId: string;
  parameters?: { name: string; in: string; required: boolean; schema: Json }[];
  responses: Record<string, Json>;
}

const doc = openApiDocument(ROUTES) as { openapi: string; paths: Record<string, { get?: Operation }>; components: { schemas: Record<string, Json> } };
const operation = (path: string): Operation => {
  const op = doc.paths[path]?.get;
  assert.ok(op, `GET ${path} is documented`);
  return op;
};

describe("api OpenAPI document", () => {
  it("validates as OpenAPI 3.1", async () => {
    const validator = new Validator();
    const result = await validator.validate(doc);
    assert.equal(validator.version, "3.1");
    assert.ok(result.valid, JSON.stringify(result.errors, null, 2));
  });

  it("the validator does refuse a broken document (so the check above means something)", async () => {
    const broken = { ...doc, paths: { "/v1/listings": { get: { responses: { "200": { content: {} } } } } } };
    assert.equal((await new Validator().validate(broken)).valid, false);
  });

  it("documents every route, and only the routes", () => {
    assert.deepEqual(Object.keys(doc.paths).sort(), ROUTES.map((r) => r.path).sort());
    for (const path of ["/v1/health", "/v1/openapi.json", "/v1/listings", "/v1/listings/{id}", "/v1/vendors/{id}"]) operation(path);
  });

  it("documents every listings query parameter from the zod schema", () => {
    const names = (operation("/v1/listings").parameters ?? []).map((p) => p.name).sort();
    assert.deepEqual(names, Object.keys(ListingsQuery.shape).sort());
    const limit = operation("/v1/listings").parameters?.find((p) => p.name === "limit");
    assert.deepEqual(limit?.schema, { default: 20, type: "integer", minimum: 1, maximum: 50 });
    assert.equal(limit?.required, false);
  });

  it("documents the id path parameters and the error answers", () => {
    for (const path of ["/v1/listings/{id}", "/v1/vendors/{id}"]) {
      const op = operation(path);
      assert.deepEqual(op.parameters?.map((p) => [p.name, p.in, p.required]), [["id", "path", true]]);
      for (const status of ["200", "304", "400", "404", "429"]) assert.ok(op.responses[status], `${path} ${status}`);
    }
    assert.equal(operation("/v1/health").responses["429"], undefined, "health is not rate limited");
  });

  it("describes bodies by reference to generated component schemas", () => {
    for (const name of ["Listing", "ListingPage", "Vendor", "Health", "Error"]) assert.ok(doc.components.schemas[name], name);
    const page = doc.components.schemas.ListingPage as { properties: { items: { items: Json } } };
    assert.deepEqual(page.properties.items.items, { $ref: "#/components/schemas/Listing" });
  });
});
