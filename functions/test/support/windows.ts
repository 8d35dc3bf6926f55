// Fixed-window rate limits (SPEC section 8) reset on the minute, and the emulators run at the
// real clock (no clock can be injected into a deployed function), so a test of "N pass, then
// refused" cannot sleep to a window edge (slow, and still racy on a loaded machine). Instead
// it runs each attempt with a fresh caller and judges only an attempt that started and ended
// in one window; one that straddled a roll-over is run again.

export const MINUTE_WINDOW_MS = 60_000;
export const WINDOW_ATTEMPTS = 3;

/** The result of the first attempt that ran within one window of `windowMs`; throws after `attempts` straddled. */
export async function inOneWindow<T>(attempt: () => Promise<T>, windowMs = MINUTE_WINDOW_MS, attempts = WINDOW_ATTEMPTS): Promise<T> {
  for (let i = 0; i < attempts; i += 1) {
    const started = Math.floor(Date.now() / windowMs);
    const result = await attempt();
    if (Math.floor(Date.now() / windowMs) === started) return result;
  }
  throw new Error(`no attempt of ${attempts} fitted in one ${windowMs / 1000}-second window`);
}
