import { createPkcePair, type AmazonRegion } from "@adsconnect/amazon";
import type { Services } from "@adsconnect/services";

import {
  codeVerifierContext,
  generateOAuthState,
  hashOAuthState,
  OAUTH_STATE_TTL_MS,
} from "./oauth-state";

/**
 * Begins connecting an Amazon account: records a pending state (hashed, bound
 * to the person, valid 10 minutes) with its PKCE verifier (encrypted), and
 * returns Amazon's consent URL for the chosen region.
 */
export async function startConnection(
  services: Pick<Services, "db" | "vault" | "amazon" | "now">,
  { userId, region }: { userId: string; region: AmazonRegion },
): Promise<{ authorizationUrl: string; expiresAt: Date }> {
  const state = generateOAuthState();
  const stateHash = hashOAuthState(state);
  const { codeVerifier, codeChallenge } = createPkcePair();
  const expiresAt = new Date(services.now().getTime() + OAUTH_STATE_TTL_MS);
  await services.db.oAuthState.create({
    data: {
      stateHash,
      userId,
      region,
      codeVerifierCiphertext: services.vault.encryptFor(
        codeVerifierContext(stateHash),
        codeVerifier,
      ),
      expiresAt,
    },
  });
  return {
    authorizationUrl: services.amazon.buildAuthorizationUrl({ region, state, codeChallenge }),
    expiresAt,
  };
}
