import { generateWebhookSecret, signWebhook } from "@adsconnect/webhooks";
import { describe, expect, it } from "vitest";

import { verifyWebhook, WebhookVerificationError } from "../src/index";

const payload = {
  type: "account.reauth_required",
  timestamp: "2026-12-01T21:00:00.000Z",
  data: { accountId: "a", workspaceId: "w", status: "reauth_required", reason: "invalid_grant" },
};
const body = JSON.stringify(payload);

describe("verifyWebhook", () => {
  it("returns the payload of a webhook signed with the secret, whatever the headers' shape", () => {
    const secret = generateWebhookSecret();
    const headers = signWebhook("evt_1", new Date(), body, [secret]);
    expect(verifyWebhook(body, headers, secret)).toEqual(payload);
    expect(verifyWebhook(Buffer.from(body), new Headers({ ...headers }), secret)).toEqual(payload);
  });

  it("refuses a changed body, another secret, and a timestamp over 5 minutes old", () => {
    const secret = generateWebhookSecret();
    const headers = signWebhook("evt_1", new Date(), body, [secret]);
    expect(() => verifyWebhook(body.replace("invalid_grant", "x"), headers, secret)).toThrow(
      WebhookVerificationError,
    );
    expect(() => verifyWebhook(body, headers, generateWebhookSecret())).toThrow(
      WebhookVerificationError,
    );
    const old = signWebhook("evt_1", new Date(Date.now() - 6 * 60_000), body, [secret]);
    expect(() => verifyWebhook(body, old, secret)).toThrow(WebhookVerificationError);
  });

  it("accepts either of two secrets while the receiver switches", () => {
    const [previous, current] = [generateWebhookSecret(), generateWebhookSecret()];
    const headers = signWebhook("evt_1", new Date(), body, [current]);
    expect(verifyWebhook(body, headers, [previous, current])).toEqual(payload);
  });
});
