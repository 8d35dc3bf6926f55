// Every new Auth user gets a users/{uid} profile (SPEC section 2).
// Mechanism: the Auth "user created" event (1st-gen trigger; Cloud Functions v2 has no
// non-blocking Auth trigger). Chosen over the beforeUserCreated blocking function
// because it needs no Identity Platform upgrade, is retried by the platform, and never
// adds latency to or can fail a sign-up. Clients wait for the profile with onSnapshot.
// Idempotent: create() on an existing profile is a no-op, so a redelivery changes nothing;
// the sign-up is counted in stats/* once per event (users/stats.ts).
// Retried on failure (failurePolicy, the 1st-gen `retry: true`), with the same maximum
// event age as every other event trigger (core/triggers.ts).
import { FieldValue } from "firebase-admin/firestore";
import { region } from "firebase-functions/v1";
import { REGION } from "../core/config";
import { createOnce, db } from "../core/firebase";
import { logs } from "../core/log";
import { tooOld } from "../core/triggers";
import { newProfileFields } from "./model";
import { countUserCreated } from "./stats";

export const createProfile = region(REGION)
  .runWith({ failurePolicy: true })
  .auth.user()
  .onCreate(async (user, context) => {
    if (tooOld("users.createProfile", context.eventId, context.timestamp)) return;
    const profile = {
      ...newProfileFields(user),
      createdAt: FieldValue.serverTimestamp(),
      updatedAt: FieldValue.serverTimestamp(),
    };
    if (await createOnce(db().collection("users").doc(user.uid), profile)) logs.userProfileCreated(user.uid);
    // Counted whether or not this delivery created the profile (a retry after a failed
    // count finds it created): the marker, named by the event, makes it once (users/stats.ts).
    if (await countUserCreated(context.eventId, Date.parse(context.timestamp))) logs.statsCounted(`user-${context.eventId}`, ["userCreated"]);
  });
