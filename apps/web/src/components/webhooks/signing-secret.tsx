"use client";

import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@adsconnect/ui/card";
import { KeyRound } from "lucide-react";

import { useNow } from "@/components/time/clock";
import { formatDateTime } from "@/components/time/format";

/**
 * What there is to know about the endpoint's signing secret without showing it (it is shown only
 * when made): whether a rotation's previous secret still signs, and until when.
 */
export function SigningSecret({
  previousSecretExpiresAt,
  action,
}: {
  previousSecretExpiresAt: Date | string | null;
  action: React.ReactNode;
}) {
  const now = useNow();
  const overlap =
    previousSecretExpiresAt && new Date(previousSecretExpiresAt).getTime() > now
      ? new Date(previousSecretExpiresAt)
      : null;
  return (
    <Card className="gap-4">
      <CardHeader>
        <CardTitle className="flex items-center gap-2 text-base">
          <KeyRound aria-hidden="true" className="size-4" />
          Signing secret
        </CardTitle>
        <CardDescription>
          Each delivery carries a <code className="font-mono text-xs">webhook-signature</code> made
          with it (Standard Webhooks). It was shown once, when it was made; adsconnect keeps it
          encrypted.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3 text-sm">
        <p data-secret-overlap={overlap ? overlap.toISOString() : undefined}>
          {overlap ? (
            <>
              Rotated recently: deliveries are signed with both the new and the previous secret
              until{" "}
              <time dateTime={overlap.toISOString()} suppressHydrationWarning>
                {formatDateTime(overlap)}
              </time>
              , so your app can switch over without missing one.
            </>
          ) : (
            "One secret signs every delivery."
          )}
        </p>
        {action}
      </CardContent>
    </Card>
  );
}
