import { ShownOnceSecret } from "@/components/secrets/shown-once-secret";

/** A webhook signing secret (a new endpoint's, or a rotated one), shown this once. */
export function SecretReveal({ secret, autoFocus }: { secret: string; autoFocus?: boolean }) {
  return (
    <ShownOnceSecret
      secret={secret}
      label="Signing secret"
      autoFocus={autoFocus}
      warning={
        <>
          Your app verifies each delivery with it (the{" "}
          <code className="font-mono text-xs">webhook-signature</code> header). adsconnect will not
          show it again: if you lose it, rotate the secret. Anyone holding it can forge events to
          your app.
        </>
      }
    />
  );
}
