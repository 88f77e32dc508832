// sessionFromClaims: when the session began, for the erasure checks. Clerk's v2 session token has
// no auth_time and is re-minted every minute, so `iat` is always recent; its `fva` claim says how
// many whole minutes ago the first factor was verified.
import { describe, expect, it } from "vitest";

import { sessionFromClaims } from "../src/session";

const IAT = 1_800_000_000;
const at = (seconds: number) => new Date(seconds * 1000);

describe("sessionFromClaims' signedInAt", () => {
  it("is auth_time when the token has it (the local issuer), whatever else it says", () => {
    expect(
      sessionFromClaims("user_1", { iat: IAT, auth_time: IAT - 3600, fva: [5, -1] })?.signedInAt,
    ).toEqual(at(IAT - 3600));
  });

  it("is a minute before the first factor's verification age on a Clerk token: never later than the sign-in", () => {
    const session = sessionFromClaims("user_1", { iat: IAT, fva: [10, -1] })!;
    expect(session.signedInAt).toEqual(at(IAT - 11 * 60));
    // issuedAt keeps its meaning (membership checks compare it with removals).
    expect(session.issuedAt).toEqual(at(IAT));
  });

  it("is iat when fva is absent, malformed or says the first factor was never verified; null with no times", () => {
    expect(sessionFromClaims("user_1", { iat: IAT })?.signedInAt).toEqual(at(IAT));
    expect(sessionFromClaims("user_1", { iat: IAT, fva: "ten" })?.signedInAt).toEqual(at(IAT));
    expect(sessionFromClaims("user_1", { iat: IAT, fva: [-1, -1] })?.signedInAt).toEqual(at(IAT));
    expect(sessionFromClaims("user_1", {})?.signedInAt).toBeNull();
  });
});
