// The web service as Railway runs it (railway.json's start command: `next start` on the
// production build, exec'd so the signal reaches it): on SIGTERM it stops accepting, answers
// what is in flight, and exits by itself well within Railway's 15 s drain.
import { request } from "node:http";

import { describe, expect, it } from "vitest";

import { localAuthEnv } from "./support/environments";
import { startWebServer } from "./support/web-server";

describe("the web service", () => {
  it("on SIGTERM answers the request in flight, then exits by itself within the drain", async () => {
    const web = await startWebServer(localAuthEnv());
    try {
      expect((await fetch(`${web.url}/api/health`)).status).toBe(200);
      // No METRICS_TOKEN here: /api/metrics is off, whatever is sent.
      const metrics = await fetch(`${web.url}/api/metrics`, {
        headers: { authorization: "Bearer any-token-0123456789" },
      });
      expect(metrics.status).toBe(404);
      // A dashboard call whose body is still arriving when SIGTERM comes (nobody is signed in,
      // so once it has all arrived it is refused 401: what matters is that it is answered).
      const port = Number(new URL(web.url).port);
      const call = request({
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/api/trpc/apiKeys.revoke",
        headers: { "content-type": "application/json" },
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
      expect(await answer).toBe(401);
      // `next start` exits 143 (128 + SIGTERM) once its server has closed, by itself: the
      // harness's forced stop (SIGKILL 12 s after SIGTERM, inside Railway's 15 s drain) would
      // resolve null. No clock bound of its own: on a loaded machine it would only add noise.
      expect(await stopped).toBe(143);
    } finally {
      await web.stop();
    }
  });
});
