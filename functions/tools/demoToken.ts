// Prints an ID token for a demo user, with the second factor for the admin, so a person
// can call callables with curl: `npm run demo:token -- admin`.
import { signInWithPassword, signInWithSecondFactor } from "../test/support/authEmulator";
import { DEMO_PASSWORD, DEMO_USERS } from "./demoUsers";

async function main(): Promise<void> {
  const who = process.argv[2] ?? "customer";
  const user = DEMO_USERS.find((u) => u.role === who || u.email === who);
  if (!user) throw new Error(`unknown demo user "${who}"; use one of ${DEMO_USERS.map((u) => u.role).join(", ")}`);
  const token = user.mfaPhone
    ? (await signInWithSecondFactor(user.email, DEMO_PASSWORD)).idToken
    : (await signInWithPassword(user.email, DEMO_PASSWORD)).idToken;
  console.log(token);
}

main().catch((error: unknown) => {
  console.error(`[demo:token] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
