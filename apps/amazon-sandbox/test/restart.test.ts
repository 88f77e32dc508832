import { describe, expect, it } from "vitest";
import { connect, refresh, SELLER, startSandbox } from "./support/sandbox";

describe("refresh tokens across restarts", () => {
  it("stay valid after a restart with the same client secret (they are signed, not stored)", async () => {
    const first = await startSandbox();
    const { refresh_token } = await connect(first.base("na"), SELLER);
    await first.sandbox.close();

    const second = await startSandbox();
    const res = await refresh(second.base("na"), refresh_token);
    expect(res.status).toBe(200);
  });

  it("are invalid for a sandbox with another signing secret", async () => {
    const first = await startSandbox();
    const { refresh_token } = await connect(first.base("na"), SELLER);
    const other = await startSandbox({ signingSecret: "a-different-signing-secret" });
    expect((await refresh(other.base("na"), refresh_token)).status).toBe(400);
  });

  it("forget revocations on restart (they live in memory), as documented", async () => {
    const first = await startSandbox();
    const { refresh_token } = await connect(first.base("na"), SELLER);
    first.sandbox.revokeUser(SELLER);
    expect((await refresh(first.base("na"), refresh_token)).status).toBe(400);
    await first.sandbox.close();
    const second = await startSandbox();
    expect((await refresh(second.base("na"), refresh_token)).status).toBe(200);
  });
});
