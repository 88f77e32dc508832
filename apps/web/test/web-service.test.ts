// The web service as Railway runs it (railway.json's start command: server.ts on the production
// build), a clean stop on SIGTERM that answers what is in flight. (With NODE_ENV unset, as in every
// web test, it runs in production: local-sign-in.test.ts sees it refuse local sign-in unallowed.)
import { request } from "node:http";

import { describe, expect, it } from "vitest";

import { localAuthEnv } from "./support/environments";
import { startWebServer } from "./support/web-server";

const UNKNOWN_KEY = "adc_0123456789abcdefghijklmnopqrstuvwxyzABCD";

describe("the web service", () => {
  it("refuses to serve the production build in development mode", async () => {
    const failed = await startWebServer({ ...localAuthEnv(), NODE_ENV: "development" }).then(
      (web) => web.stop().then(() => "started"),
      (error: unknown) => String(error),
    );
    expect(failed).toContain("server.ts serves the production build");
  });

  it("on SIGTERM answers the request in flight, closes its connections and exits 0", async () => {
    const web = await startWebServer(localAuthEnv());
    try {
      expect((await fetch(`${web.url}/api/health`)).status).toBe(200);
      // An API-key call whose body is still arriving when SIGTERM comes.
      const port = Number(new URL(web.url).port);
      const call = request({
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/api/trpc/apiKeys.revoke",
        headers: { authorization: `Bearer ${UNKNOWN_KEY}`, "content-type": "application/json" },
      });
      const answer = new Promise<number>((resolve, reject) => {
        call.on("response", (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        call.on("error", reject);
      });
      call.write('{"json":');
      await new Promise((resolve) => setTimeout(resolve, 200));
      const stopped = web.stop();
      await new Promise((resolve) => setTimeout(resolve, 500));
      call.end('{"id":"00000000-0000-0000-0000-000000000000"}}');
      // Answered (the unknown key is refused); then, its kept-alive connection closed, the
      // server stops by itself, well within the drain (a forced stop exits 1).
      expect(await answer).toBe(401);
      expect(await stopped).toBe(0);
    } finally {
      await web.stop();
    }
    expect(web.output()).toContain("web stopping");
    expect(web.output()).toContain("web stopped");
  });
});
