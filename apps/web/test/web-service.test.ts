// The web service as `pnpm start` runs it (server.ts): it stops cleanly when Railway says so.
import { expect, it } from "vitest";

import { localAuthEnv } from "./support/environments";
import { startWebServer } from "./support/web-server";

it("answers until SIGTERM, then closes its connections and exits 0", async () => {
  const web = await startWebServer(localAuthEnv());
  try {
    expect((await fetch(`${web.url}/api/health`)).status).toBe(200);
    // An API-key call (answered ahead of Next) with a key that does not exist.
    const refused = await fetch(`${web.url}/api/trpc/me.whoami`, {
      headers: { authorization: "Bearer adc_0123456789abcdefghijklmnopqrstuvwxyzABCD" },
    });
    expect(refused.status).toBe(401);
  } finally {
    expect(await web.stop()).toBe(0);
  }
  expect(web.output()).toContain("web stopping");
});
