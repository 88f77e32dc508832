// The node:http bridge apps/api serves the machine router with (toNodeHandler): answers in one
// piece or streamed, as the client asked, and oversized bodies refused before parsing.
import { createTRPCClient, httpBatchLink, httpBatchStreamLink } from "@trpc/client";
import superjson from "superjson";
import { describe, expect, it } from "vitest";

import type { MachineRouter } from "../src/index";
import { MAX_REQUEST_BODY_BYTES } from "../src/node-handler";
import { createActor, createTestAccount, createTestServices } from "../src/testing";
import { useTestApi } from "./support/test-api";

const services = createTestServices();
const t = useTestApi({ services });

/** Two calls in one batch through `link` with an API key; checks the first, returns the second. */
async function batchOfTwo(link: typeof httpBatchLink | typeof httpBatchStreamLink) {
  const owner = await createActor(t.db);
  const accountId = await createTestAccount(t.db, services.vault, owner);
  const client = createTRPCClient<MachineRouter>({
    links: [
      link({
        url: t.api.machineUrl,
        transformer: superjson,
        headers: { authorization: `Bearer ${owner.apiKey}` },
      }),
    ],
  });
  const [keyOwner, grant] = await Promise.all([
    client.me.whoami.query(),
    client.tokens.getAccessToken.query({ accountId }),
  ]);
  expect(keyOwner.workspace.id).toBe(owner.workspaceId);
  return { owner, accountId, grant };
}

describe("toNodeHandler", () => {
  it("answers httpBatchLink in one piece, with its length", async () => {
    const { owner, accountId, grant } = await batchOfTwo(httpBatchLink);
    expect(grant.accessToken).toBe(`Atza|${accountId}`);

    const raw = await fetch(`${t.api.machineUrl}/me.whoami`, {
      headers: { authorization: `Bearer ${owner.apiKey}` },
    });
    expect(raw.status).toBe(200);
    expect(Number(raw.headers.get("content-length"))).toBe((await raw.arrayBuffer()).byteLength);
  });

  it("streams httpBatchStreamLink's answers", async () => {
    const { owner, grant } = await batchOfTwo(httpBatchStreamLink);
    expect(grant.expiresAt).toBeInstanceOf(Date);

    const raw = await fetch(`${t.api.machineUrl}/me.whoami?batch=1&input=%7B%7D`, {
      headers: { authorization: `Bearer ${owner.apiKey}`, "trpc-accept": "application/jsonl" },
    });
    expect(raw.headers.get("content-length")).toBeNull();
    expect(raw.headers.get("transfer-encoding")).toBe("chunked");
    expect(await raw.text()).toContain(owner.workspaceId);
  });

  it("refuses a body over the cap with 413, before the API reads it", async () => {
    const response = await fetch(`${t.api.dashboardUrl}/apiKeys.create`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { name: "x".repeat(MAX_REQUEST_BODY_BYTES) } }),
    });
    expect(response.status).toBe(413);
    expect(await response.text()).toBe(`Request body over ${MAX_REQUEST_BODY_BYTES} bytes.`);
  });
});
