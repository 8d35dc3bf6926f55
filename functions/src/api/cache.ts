// Hot queries of the public API, cached in the instance for a few seconds (SPEC section 10):
// a burst of the same page costs one Firestore query, and concurrent identical requests
// share the query in flight. Keys are normalised queries (the validated plan, not the raw
// URL), so `?limit=20&kind=car` and `?kind=car&limit=20` are one entry. Failures are not
// kept. The CDN in front (Cache-Control in http.ts) serves repeats longer than this.
import { LRUCache } from "lru-cache";

export const HOT_QUERY_TTL_MS = 5_000;
const MAX_ENTRIES = 500;

export class HotCache {
  private readonly entries: LRUCache<string, Promise<unknown>>;

  constructor(ttlMs = HOT_QUERY_TTL_MS, max = MAX_ENTRIES) {
    this.entries = new LRUCache<string, Promise<unknown>>({ max, ttl: ttlMs });
  }

  /** The answer for `key`: cached (or in flight), else loaded once by `load`. */
  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit) return hit as Promise<T>;
    const loading = load();
    this.entries.set(key, loading);
    loading.catch(() => {
      if (this.entries.get(key) === loading) this.entries.delete(key);
    });
    return loading;
  }

  clear(): void {
    this.entries.clear();
  }
}

export const hotQueries = new HotCache();
