// Function groups (SPEC section 1): `users-setRole` on the wire, deployable alone with
// `firebase deploy --only functions:users`. A running instance loads only its own
// group: Cloud Functions and the emulator set FUNCTION_TARGET ("users.setRole"), and a
// group is required only when it is the target or when deploy discovery loads them all.
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as UsersGroup from "./users";

const target = process.env.FUNCTION_TARGET?.split(".")[0];

function loads(group: string): boolean {
  return target === undefined || target === "" || target === group;
}

export const users: typeof UsersGroup.users | undefined = loads("users")
  ? (require("./users") as typeof UsersGroup).users
  : undefined;
