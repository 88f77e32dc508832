import { verifyToken } from "@clerk/backend";
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";

import {
  createLocalIssuer,
  frontendApiHostOf,
  generateLocalAuthKeyPair,
  localUserIdForEmail,
  LOCAL_ISSUER_HOST,
  newLocalSessionId,
  publishableKeyForHost,
} from "../src/index";

const keys = generateLocalAuthKeyPair();
const issuer = createLocalIssuer({
  privateKeyPem: keys.privateKeyPem,
  appUrl: "http://localhost:3000",
});
const identity = {
  userId: localUserIdForEmail("ada@example.com"),
  email: "ada@example.com",
  name: "Ada",
};

describe("local issuer", () => {
  it("mints session tokens that Clerk's own verifier accepts offline with the public key", async () => {
    const token = await issuer.mintSessionToken(identity);
    const claims = await verifyToken(token, {
      jwtKey: issuer.jwtKey,
      authorizedParties: ["http://localhost:3000"],
    });
    expect(claims).toMatchObject({
      sub: identity.userId,
      iss: `https://${LOCAL_ISSUER_HOST}`,
      email: "ada@example.com",
      name: "Ada",
      sts: "active",
      v: 2,
    });
  });

  it("tokens from another key, and expired tokens, are refused by Clerk's verifier", async () => {
    const other = createLocalIssuer({
      privateKeyPem: generateLocalAuthKeyPair().privateKeyPem,
      appUrl: "http://localhost:3000",
    });
    const forged = await other.mintSessionToken(identity);
    await expect(verifyToken(forged, { jwtKey: issuer.jwtKey })).rejects.toThrow();

    const expired = await issuer.mintSessionToken(identity, {
      ttlSeconds: 60,
      now: new Date(Date.now() - 3600_000),
    });
    await expect(verifyToken(expired, { jwtKey: issuer.jwtKey })).rejects.toThrow();
  });

  it("publishes a pk_live_ key naming a host that can never resolve", () => {
    expect(issuer.publishableKey.startsWith("pk_live_")).toBe(true);
    const host = Buffer.from(issuer.publishableKey.slice("pk_live_".length), "base64").toString();
    expect(host).toBe(`${LOCAL_ISSUER_HOST}$`);
    expect(LOCAL_ISSUER_HOST.endsWith(".invalid")).toBe(true);
  });

  it("derives the same secret key in every process from the same private key, and never the key itself", () => {
    const again = createLocalIssuer({
      privateKeyPem: keys.privateKeyPem.replaceAll("\n", "\\n"),
      appUrl: "http://localhost:3000",
    });
    expect(again.secretKey).toBe(issuer.secretKey);
    expect(issuer.secretKey).not.toContain("PRIVATE");
  });

  it("maps an email to one stable user id, whatever its case", () => {
    expect(localUserIdForEmail(" Ada@Example.com ")).toBe(localUserIdForEmail("ada@example.com"));
    expect(localUserIdForEmail("bob@example.com")).not.toBe(localUserIdForEmail("ada@example.com"));
  });

  it("mints a token for a given session (its sid), a fresh unguessable one otherwise", async () => {
    const sessionId = newLocalSessionId();
    expect(decodeJwt(await issuer.mintSessionToken(identity, { sessionId })).sid).toBe(sessionId);
    const first = decodeJwt(await issuer.mintSessionToken(identity)).sid as string;
    const second = decodeJwt(await issuer.mintSessionToken(identity)).sid as string;
    expect(first).not.toBe(second);
    expect(first).toMatch(/^sess_local_[0-9a-f]{64}$/);
  });
});

describe("frontendApiHostOf", () => {
  it("reads the Frontend API host a publishable key names, and nothing from a malformed one", () => {
    expect(frontendApiHostOf(publishableKeyForHost("clerk.example.com", "live"))).toBe(
      "clerk.example.com",
    );
    expect(frontendApiHostOf(publishableKeyForHost("x.clerk.accounts.dev", "test"))).toBe(
      "x.clerk.accounts.dev",
    );
    expect(frontendApiHostOf("pk_live_")).toBeNull();
    expect(
      frontendApiHostOf(`pk_live_${Buffer.from("evil.example; script-src *$").toString("base64")}`),
    ).toBeNull();
    expect(frontendApiHostOf("sk_live_abc")).toBeNull();
  });
});
