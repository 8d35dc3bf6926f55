// `npm run schedule -- orders-expireUnpaid`: runs one scheduled function now, in the
// running emulators (`npm start`, or a test session); how is in fire-schedule.mjs.
// Exits 0 when the run succeeded, 1 otherwise, with the emulator's answer.
import { fireSchedule } from "./fire-schedule.mjs";

async function main() {
  const name = process.argv[2];
  if (!name || !/^[a-z]+-[A-Za-z]+$/.test(name)) {
    console.error("usage: npm run schedule -- <group>-<name>   (for example: npm run schedule -- orders-expireUnpaid)");
    process.exit(2);
  }
  try {
    const { key } = await fireSchedule(name);
    console.log(`[schedule] ${name}: ran (${key})`);
  } catch (error) {
    const reason = error.cause?.code === "ECONNREFUSED" ? "the Functions emulator does not answer: start it with npm start" : error.message;
    console.error(`[schedule] ${name}: ${reason}`);
    process.exit(1);
  }
}

main();
