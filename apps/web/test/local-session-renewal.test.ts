import { createLocalIssuer, generateLocalAuthKeyPair, sessionFromClaims } from "@adsconnect/auth";
import { createDb, type Db } from "@adsconnect/db/client";
import { testDatabaseUrl } from "@adsconnect/db-dev/testing";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { checkLocalSession, startLocalSession } from "../src/server/local-session";

let db: Db;
beforeAll(() => {
  db = createDb(testDatabaseUrl(), { max: 1 });
});
afterAll(async () => {
  await db?.$disconnect();
});

const issuer = createLocalIssuer({
  privateKeyPem: generateLocalAuthKeyPair().privateKeyPem,
  appUrl: "http://localhost:3000",
});
const identity = { userId: "user_local_renewal", email: "ren@example.com", name: "Ren" };

describe("a renewed local session", () => {
  it("keeps its sign-in's time (auth_time), so a session begun before an erasure stays refused after renewal", async () => {
    const signedInAt = new Date(Date.now() - 6.5 * 24 * 60 * 60 * 1000);
    const session = await startLocalSession(db, identity, signedInAt);
    const original = await issuer.mintSessionToken(identity, {
      now: signedInAt,
      sessionId: session.id,
    });
    const signedInSeconds = Math.floor(signedInAt.getTime() / 1000);
    expect(decodeJwt(original).auth_time).toBe(signedInSeconds);

    // In its last day, the proxy re-mints it from what checkLocalSession returns.
    const check = await checkLocalSession(original, issuer, () => db);
    expect(check.kind).toBe("renew");
    if (check.kind !== "renew") return;
    const renewed = decodeJwt(
      await issuer.mintSessionToken(check.identity, { sessionId: check.session.id }),
    );
    expect(renewed.sid).toBe(session.id);
    expect(renewed.iat).toBeGreaterThan(signedInSeconds);
    expect(renewed.auth_time).toBe(signedInSeconds);
    expect(sessionFromClaims(identity.userId, renewed)?.issuedAt).toEqual(
      new Date(signedInSeconds * 1000),
    );
  });

  it("a fresh sign-in's session began when its token was issued", async () => {
    const claims = decodeJwt(await issuer.mintSessionToken(identity));
    expect(claims.auth_time).toBe(claims.iat);
    expect(sessionFromClaims(identity.userId, { iat: 1_800_000_000 })?.issuedAt).toEqual(
      new Date(1_800_000_000_000),
    );
    expect(sessionFromClaims(identity.userId, {})?.issuedAt).toBeNull();
  });
});
