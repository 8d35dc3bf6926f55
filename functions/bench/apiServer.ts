// Child process of the API load rows: the deployed `api` handler behind a local
// http.Server against the Firestore emulator (so the emulator's worker-per-request model is
// not what is measured), and beside it the baselines: the same bytes from a bare server
// (the Node HTTP floor of a cached page) and the page's Firestore query alone (the
// emulator's share of an uncached page). Its stdout (one log line per request) is dropped
// by the parent; the ports go back over IPC.
import "../test/support/setup";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { api } from "../src/api";
import { planListingsQuery } from "../src/api/query";
import { ListingsQuery } from "../src/api/schema";
import { findListings } from "../src/api/store";

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

function serve(handler: Handler): Promise<number> {
  const server = http.createServer((req, res) => void handler(req, res));
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

/** What Express adds that the handler uses: res.status(). */
const apiHandler: Handler = (req, res) => {
  const express = Object.assign(res, { status: (code: number) => ((res.statusCode = code), express) });
  return (api as unknown as (req: unknown, res: unknown) => Promise<void>)(req, express);
};

let staticBody = "";

const floorHandler: Handler = async (req, res) => {
  const url = new URL(req.url ?? "/", "http://bench.invalid");
  if (url.pathname === "/static") {
    res.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(staticBody) });
    res.end(staticBody);
    return;
  }
  const query = Object.fromEntries(url.searchParams);
  const body = JSON.stringify(await findListings(planListingsQuery(ListingsQuery.parse(query))));
  if (url.pathname === "/prime") staticBody = body;
  res.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
};

void Promise.all([serve(apiHandler), serve(floorHandler)]).then(([apiPort, floorPort]) => process.send?.({ apiPort, floorPort }));
