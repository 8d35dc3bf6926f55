// The OpenAPI 3.1 document of the public `api`, generated from the zod schemas the routes
// validate with (z.toJSONSchema, io "input" for parameters, "output" for bodies). Nothing
// here is hand-written but prose: a new parameter in schema.ts shows up in the document.
import { z } from "zod";
import { ALLOWED_METHODS, API_VERSION, CACHEABLE, type Route } from "./http";
import { ErrorBody } from "./schema";

type Json = Record<string, unknown>;

const JSON_SCHEMA_META = ["$schema", "$id"];

function bare(schema: Json): Json {
  return Object.fromEntries(Object.entries(schema).filter(([key]) => !JSON_SCHEMA_META.includes(key)));
}

function inputSchemaOf(schema: z.ZodType): Json {
  return bare(z.toJSONSchema(schema, { io: "input" }) as Json);
}

function queryParameters(query: z.ZodType): Json[] {
  const schema = inputSchemaOf(query) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: "query",
      required: (schema.required ?? []).includes(name) && rest.default === undefined,
      ...(typeof description === "string" ? { description } : {}),
      schema: rest,
    };
  });
}

function pathParameters(params: Record<string, z.ZodType>): Json[] {
  return Object.entries(params).map(([name, schema]) => {
    const { description, ...rest } = inputSchemaOf(schema);
    return { name, in: "path", required: true, ...(typeof description === "string" ? { description } : {}), schema: rest };
  });
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errorResponse = (description: string, headers: Json = {}) => ({
  description,
  headers: { "X-Request-Id": { $ref: "#/components/headers/X-Request-Id" }, ...headers },
  content: { "application/json": { schema: ref("Error") } },
});

const COMMON_ERRORS: Json = {
  "403": errorResponse("CORS_ORIGIN_DENIED: the request's Origin is not in ALLOWED_ORIGINS"),
  "405": errorResponse("METHOD_NOT_ALLOWED: only GET and OPTIONS", { Allow: { schema: { type: "string" }, description: ALLOWED_METHODS } }),
  "500": errorResponse("INTERNAL: quote the requestId"),
};

function responsesOf(route: Route): Json {
  const cached = route.cacheControl === undefined;
  return {
    "200": {
      description: route.summary,
      headers: {
        "X-Request-Id": { $ref: "#/components/headers/X-Request-Id" },
        "Cache-Control": { schema: { type: "string" }, description: route.cacheControl ?? CACHEABLE },
        ...(cached ? { ETag: { schema: { type: "string" }, description: "Strong validator (sha256 of the body); send it back as If-None-Match" } } : {}),
      },
      content: { "application/json": { schema: ref(route.response.name) } },
    },
    ...(cached ? { "304": { description: "Not modified: If-None-Match matched the ETag" } } : {}),
    ...(route.query || route.params ? { "400": errorResponse("VALIDATION_FAILED: `fields` names each bad parameter") } : {}),
    ...(route.params ? { "404": errorResponse("NOT_FOUND") } : {}),
    ...(route.unlimited ? {} : { "429": errorResponse("RATE_LIMITED: per client IP", { "Retry-After": { schema: { type: "integer" }, description: "Seconds" } }) }),
    ...COMMON_ERRORS,
  };
}

function operationOf(route: Route): Json {
  const parameters = [...(route.params ? pathParameters(route.params) : []), ...(route.query ? queryParameters(route.query) : [])];
  return {
    get: {
      operationId: route.operationId,
      summary: route.summary,
      ...(parameters.length > 0 ? { parameters } : {}),
      responses: responsesOf(route),
    },
  };
}

function componentSchemas(routes: readonly Route[]): Json {
  const registry = z.registry<{ id: string }>();
  registry.add(ErrorBody, { id: "Error" });
  for (const route of routes) if (!registry.has(route.response.schema)) registry.add(route.response.schema, { id: route.response.name });
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, bare(schema as Json)]));
}

export function openApiDocument(routes: readonly Route[]): Json {
  return {
    openapi: "3.1.0",
    info: {
      title: "Souk public API",
      version: API_VERSION,
      description:
        "Read-only catalogue of Souk: active listings and approved vendors. Prices are integer piastres (EGP 1 = 100). " +
        "Cursor pagination only. Per-IP rate limit; cacheable GET responses carry a strong ETag.",
    },
    servers: [{ url: "/", description: "The api function (e.g. https://<region>-<project>.cloudfunctions.net/api)" }],
    paths: Object.fromEntries(routes.map((route) => [route.path, operationOf(route)])),
    components: {
      schemas: componentSchemas(routes),
      headers: { "X-Request-Id": { description: "Id of this request, also in error bodies", schema: { type: "string" } } },
    },
  };
}
