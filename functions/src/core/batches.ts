// Work over many documents in a schedule: a few at a time, one failure never stopping the
// rest (it is logged by the caller and the next run tries again).

/** Runs `work` on every item, `parallel` at a time; returns how many failed (each reported to `onFailure`). */
export async function forEachIsolated<T>(
  items: readonly T[],
  parallel: number,
  work: (item: T) => Promise<void>,
  onFailure: (item: T, error: unknown) => void,
): Promise<number> {
  let failed = 0;
  for (let i = 0; i < items.length; i += parallel) {
    await Promise.all(
      items.slice(i, i + parallel).map((item) =>
        work(item).catch((error: unknown) => {
          failed += 1;
          onFailure(item, error);
        }),
      ),
    );
  }
  return failed;
}
