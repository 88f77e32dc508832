import { describe, expect, it } from "vitest";

import { AuthConfigError, generateLocalAuthKeyPair, resolveAuthSettings } from "../src/index";

const { privateKeyPem } = generateLocalAuthKeyPair();
const local = { LOCAL_AUTH_PRIVATE_KEY: privateKeyPem, CLERK_ENCRYPTION_KEY: "enc" };
const clerk = {
  CLERK_SECRET_KEY: "sk_test_x",
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "pk_test_Y2xlcmsuZXhhbXBsZS5jb20k",
};

describe("resolveAuthSettings", () => {
  it("chooses Clerk when both Clerk keys are set, local otherwise", () => {
    expect(resolveAuthSettings({ ...clerk }).provider).toBe("clerk");
    expect(resolveAuthSettings({ ...local }).provider).toBe("local");
    expect(resolveAuthSettings({ ...local, CLERK_SECRET_KEY: "sk_test_x" }).provider).toBe("local");
  });

  it("lets AUTH_PROVIDER override the automatic choice", () => {
    expect(resolveAuthSettings({ ...clerk, ...local, AUTH_PROVIDER: "local" }).provider).toBe(
      "local",
    );
    expect(() => resolveAuthSettings({ ...local, AUTH_PROVIDER: "clerk" })).toThrow(
      /CLERK_SECRET_KEY/,
    );
  });

  it("refuses local sign-in in production unless explicitly allowed", () => {
    expect(() => resolveAuthSettings({ ...local, NODE_ENV: "production" })).toThrow(
      AuthConfigError,
    );
    expect(
      resolveAuthSettings({
        ...local,
        NODE_ENV: "production",
        ALLOW_LOCAL_AUTH_IN_PRODUCTION: "true",
      }).provider,
    ).toBe("local");
  });

  it("passes CLERK_JWT_KEY through, turning literal \\n into newlines", () => {
    const settings = resolveAuthSettings({
      ...clerk,
      CLERK_JWT_KEY: "-----BEGIN PUBLIC KEY-----\\nabc\\n-----END PUBLIC KEY-----",
    });
    expect(settings.provider === "clerk" && settings.jwtKey).toBe(
      "-----BEGIN PUBLIC KEY-----\nabc\n-----END PUBLIC KEY-----",
    );
  });

  it("explains what is missing without echoing any secret", () => {
    expect(() => resolveAuthSettings({ CLERK_ENCRYPTION_KEY: "enc" })).toThrow(
      /LOCAL_AUTH_PRIVATE_KEY/,
    );
    expect(() => resolveAuthSettings({ LOCAL_AUTH_PRIVATE_KEY: privateKeyPem })).toThrow(
      /CLERK_ENCRYPTION_KEY/,
    );
    try {
      resolveAuthSettings({ ...clerk, NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "nope-secretish" });
    } catch (error) {
      expect(String(error)).toMatch(/NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY/);
      expect(String(error)).not.toContain("nope-secretish");
    }
    expect.assertions(4);
  });
});
