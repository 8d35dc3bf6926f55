// The deployed `api` handler called in this process with a recording response.
import { EventEmitter } from "node:events";
import { api } from "../src/api";

class Recorder extends EventEmitter {
  statusCode = 200;
  body = "";
  headersSent = false;
  status(code: number): this {
    this.statusCode = code;
    return this;
  }
  setHeader(): this {
    return this;
  }
  getHeader(): undefined {
    return undefined;
  }
  end(body?: string): this {
    this.body = body ?? "";
    this.headersSent = true;
    this.emit("finish");
    return this;
  }
}

let ipCounter = 0;

/** GET `url` from a new client address (so no call shares a rate-limit bucket). */
export async function callApi(url: string): Promise<{ status: number; json: { items?: { id: string }[]; nextCursor?: string | null } }> {
  ipCounter += 1;
  const ip = `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
  const res = new Recorder();
  await (api as unknown as (req: unknown, res: unknown) => Promise<void>)({ method: "GET", url, headers: { "x-forwarded-for": `${ip}, 35.191.0.9` } }, res);
  return { status: res.statusCode, json: res.body ? JSON.parse(res.body) : {} };
}
