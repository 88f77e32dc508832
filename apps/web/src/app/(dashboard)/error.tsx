"use client";

import { Alert, AlertDescription, AlertTitle } from "@adsconnect/ui/alert";
import { Button } from "@adsconnect/ui/button";
import { CircleAlert } from "lucide-react";

/** Any dashboard page that fails to load: say so plainly and offer a retry. */
export default function DashboardError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  const signedOut = /sign in/i.test(error.message);
  return (
    <div className="mx-auto flex max-w-lg flex-col gap-4 py-10">
      <Alert variant="destructive">
        <CircleAlert aria-hidden="true" />
        <AlertTitle>{signedOut ? "Your session ended" : "This page could not load"}</AlertTitle>
        <AlertDescription>
          <p>
            {signedOut
              ? "Sign in again to continue."
              : "Something went wrong on our side or the connection dropped. Try again; if it keeps happening, note the reference below for support."}
          </p>
          {error.digest ? <p className="font-mono text-xs">Reference: {error.digest}</p> : null}
        </AlertDescription>
      </Alert>
      <div className="flex gap-2">
        {signedOut ? (
          <Button asChild>
            <a href="/sign-in">Sign in</a>
          </Button>
        ) : (
          <Button onClick={reset}>Try again</Button>
        )}
        <Button variant="outline" asChild>
          <a href="/accounts">Back to accounts</a>
        </Button>
      </div>
    </div>
  );
}
