// The part of targaryen 3 (Realtime Database rules simulator; no bundled types) that the
// rules tests use. See node_modules/targaryen/README.md, "API".
declare module "targaryen" {
  export interface Result {
    path: string;
    allowed: boolean;
    /** How each rule evaluated: print it when an assertion fails. */
    info: string;
  }

  export interface Database {
    as(auth: Record<string, unknown> | null): Database;
    read(path: string, options?: number | { now?: number }): Result;
    write(path: string, value: unknown, options?: { now?: number; priority?: unknown }): Result;
    update(path: string, patch: Record<string, unknown>, options?: number | { now?: number }): Result;
  }

  export function database(rules: object, data?: unknown, now?: number | null): Database;
}
