import { describe, expect, it } from "vitest";

import { checkWebhookUrl, WebhookUrlRefusedError } from "../src/ssrf-guard";

const production = { production: true };
const resolvingTo = (address: string, family: 4 | 6 = 4) => ({
  production: true,
  resolve: () => Promise.resolve([{ address, family }]),
});

describe("checkWebhookUrl in production", () => {
  it.each([
    ["https://127.0.0.1/hooks", "loopback"],
    ["https://[::1]/hooks", "loopback"],
    ["https://10.1.2.3/hooks", "private"],
    ["https://192.168.0.10/hooks", "private"],
    ["https://172.16.5.4/hooks", "private"],
    ["https://169.254.169.254/latest/meta-data", "link-local"],
    ["https://100.64.0.7/hooks", "carrier-grade NAT"],
    ["https://[fd00:ec2::254]/hooks", "unique-local"],
    ["https://[::ffff:10.0.0.1]/hooks", "private"],
    ["https://0.0.0.0/hooks", "unspecified"],
  ])("refuses %s (%s)", async (url, words) => {
    const refusal = checkWebhookUrl(url, production);
    await expect(refusal).rejects.toBeInstanceOf(WebhookUrlRefusedError);
    await expect(refusal).rejects.toThrow(words);
  });

  it("gives up on a name whose lookup does not answer within timeoutMs, saying so (a save does not hang)", async () => {
    const refusal = checkWebhookUrl("https://stalled.example.com/hooks", {
      production: true,
      timeoutMs: 50,
      resolve: () => new Promise(() => {}),
    });
    await expect(refusal).rejects.toBeInstanceOf(WebhookUrlRefusedError);
    await expect(refusal).rejects.toThrow(
      "The endpoint's host stalled.example.com did not resolve within 50 ms; check the name, or try again later.",
    );
  });

  it("refuses a host name that resolves to a private or metadata address", async () => {
    await expect(
      checkWebhookUrl("https://hooks.example.com/x", resolvingTo("10.0.0.5")),
    ).rejects.toThrow("hooks.example.com resolves to a private address (10.0.0.5)");
    await expect(
      checkWebhookUrl("https://metadata.example.com/x", resolvingTo("169.254.169.254")),
    ).rejects.toThrow("link-local");
  });

  it("refuses http, and URLs with credentials", async () => {
    await expect(
      checkWebhookUrl("http://hooks.example.com/x", resolvingTo("93.184.216.34")),
    ).rejects.toThrow("must use https://");
    await expect(
      checkWebhookUrl("https://user:pw@hooks.example.com/x", resolvingTo("93.184.216.34")),
    ).rejects.toThrow("user name or password");
  });

  it("accepts https to a public address and pins that address", async () => {
    const target = await checkWebhookUrl(
      "https://hooks.example.com/x",
      resolvingTo("93.184.216.34"),
    );
    expect(target.address).toEqual({ address: "93.184.216.34", family: 4 });
    expect(target.url.href).toBe("https://hooks.example.com/x");
  });
});

describe("checkWebhookUrl in development", () => {
  it("allows http on loopback", async () => {
    const target = await checkWebhookUrl("http://127.0.0.1:4000/hooks", { production: false });
    expect(target.address).toEqual({ address: "127.0.0.1", family: 4 });
  });

  it("still refuses what is not an http(s) URL", async () => {
    await expect(checkWebhookUrl("file:///etc/passwd", { production: false })).rejects.toThrow(
      "must start with https://",
    );
    await expect(checkWebhookUrl("not a url", { production: false })).rejects.toThrow(
      "not a valid URL",
    );
  });
});
