import { Alert, AlertDescription } from "@adsconnect/ui/alert";
import { Button } from "@adsconnect/ui/button";
import { Card, CardContent } from "@adsconnect/ui/card";
import { Input } from "@adsconnect/ui/input";
import { Label } from "@adsconnect/ui/label";
import { Info } from "lucide-react";

/** The local sign-in form: plain HTML, works without JavaScript. */
export function LocalSignInForm({
  error,
  expired,
  redirectUrl,
}: {
  error?: string;
  expired?: boolean;
  redirectUrl?: string;
}) {
  return (
    <Card>
      <CardContent>
        <form method="post" action="/api/local-auth/sign-in" className="flex flex-col gap-4">
          <Alert variant="warning" role="note">
            <Info aria-hidden="true" />
            <AlertDescription>
              <p>
                Local sign-in for development and demos: no password. In production, sign-in goes
                through Clerk.
              </p>
            </AlertDescription>
          </Alert>
          {expired ? (
            <p role="status" className="text-sm text-muted-foreground">
              Your session expired. Sign in again.
            </p>
          ) : null}
          {error ? (
            <p role="alert" id="sign-in-error" className="text-sm text-destructive">
              {error}
            </p>
          ) : null}
          <div className="flex flex-col gap-2">
            <Label htmlFor="sign-in-email">Email</Label>
            <Input
              id="sign-in-email"
              name="email"
              type="email"
              required
              autoComplete="email"
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? "sign-in-error" : undefined}
            />
          </div>
          <div className="flex flex-col gap-2">
            <Label htmlFor="sign-in-name">
              Name <span className="font-normal text-muted-foreground">(optional)</span>
            </Label>
            <Input id="sign-in-name" name="name" type="text" autoComplete="name" />
          </div>
          {redirectUrl ? <input type="hidden" name="redirect_url" value={redirectUrl} /> : null}
          <Button type="submit" className="w-full">
            Sign in
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
