// Reads the paths a rules file or the code names, for the registry completeness test.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** Full match paths of a firestore.rules / storage.rules text, nesting resolved, root prefix dropped. */
export function rulesPaths(text: string, root: RegExp): string[] {
  const stack: { path: string; depth: number }[] = [];
  const found: string[] = [];
  let depth = 0;
  const token = /match\s+(\/\S+)\s*\{|\{|\}/g;
  for (let m = token.exec(text); m; m = token.exec(text)) {
    if (m[1]) {
      depth += 1;
      const full = (stack.length ? stack[stack.length - 1].path : "") + m[1];
      stack.push({ path: full, depth });
      const relative = full.replace(root, "").replace(/^\//, "");
      if (relative && !/^\{[^}]*=\*\*\}$/.test(relative)) found.push(relative);
    } else if (m[0] === "{") depth += 1;
    else {
      if (stack.length && stack[stack.length - 1].depth === depth) stack.pop();
      depth -= 1;
    }
  }
  return found;
}

/** Paths of database.rules.json: "status/{uid}" for "status" -> "$uid". */
export function databasePaths(rules: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown, prefix: string[]) => {
    if (node === null || typeof node !== "object") return;
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      if (key.startsWith(".") || key === "$other") continue;
      const segment = key.startsWith("$") ? `{${key.slice(1)}}` : key;
      const next = [...prefix, segment];
      if (key.startsWith("$")) out.push(next.join("/"));
      walk(child, next);
    }
  };
  walk((rules as { rules?: unknown }).rules, []);
  return out;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : full.endsWith(".ts") ? [full] : [];
  });
}

/** Collection names the code uses: collection("x"), collectionGroup("x"), and *_COLLECTION = "x" constants. */
export function collectionNamesInCode(srcDir: string): Set<string> {
  const names = new Set<string>();
  for (const file of filesUnder(srcDir)) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/collection(?:Group)?\(\s*"([A-Za-z0-9_]+)"/g)) names.add(m[1]);
    for (const m of text.matchAll(/_COLLECTION\s*=\s*"([A-Za-z0-9_]+)"/g)) names.add(m[1]);
  }
  return names;
}
