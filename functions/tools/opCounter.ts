// Counts Firestore document reads and writes made through the Admin SDK in this process,
// as Firestore bills them: every document a get/getAll/transaction read returns, every
// document a query returns (at least one read per query), one read per count() query
// (per 1,000 entries), and one write per document in a commit or BulkWriter batch.
// Bench-only: it patches the SDK's internals in this process and is never loaded by functions.
/* eslint-disable @typescript-eslint/no-require-imports */
export interface OpCount {
  reads: number;
  writes: number;
}

const counts: OpCount = { reads: 0, writes: 0 };
let installed = false;

type AsyncMethod = (this: unknown, ...args: unknown[]) => Promise<unknown>;

function wrap(proto: Record<string, unknown>, method: string, after: (result: unknown, args: unknown[]) => void): void {
  const original = proto[method] as AsyncMethod;
  proto[method] = async function (this: unknown, ...args: unknown[]) {
    const result = await original.apply(this, args);
    after(result, args);
    return result;
  };
}

export function installOpCounter(): void {
  if (installed) return;
  installed = true;
  const base = require.resolve("@google-cloud/firestore");
  const dir = base.slice(0, base.lastIndexOf("/"));
  const { DocumentReader } = require(`${dir}/document-reader.js`);
  const { Query } = require(`${dir}/reference/query.js`);
  const { AggregateQuery } = require(`${dir}/reference/aggregate-query.js`);
  const { Firestore } = require(`${dir}/index.js`);
  wrap(DocumentReader.prototype, "_get", (result) => {
    counts.reads += ((result as { result: unknown[] }).result ?? []).length;
  });
  wrap(Query.prototype, "_get", (result) => {
    counts.reads += Math.max(1, (result as { result: { size: number } }).result.size);
  });
  wrap(AggregateQuery.prototype, "_get", () => {
    counts.reads += 1;
  });
  wrap(Firestore.prototype, "request", (_result, args) => {
    const [method, request] = args as [string, { writes?: unknown[] }];
    if (method === "commit" || method === "batchWrite") counts.writes += request.writes?.length ?? 0;
  });
}

/** Runs `action` and returns the reads and writes it made. */
export async function countOps(action: () => Promise<unknown>): Promise<OpCount> {
  const before = { ...counts };
  await action();
  return { reads: counts.reads - before.reads, writes: counts.writes - before.writes };
}
