"use client";

import { Alert, AlertDescription, AlertTitle } from "@adsconnect/ui/alert";
import { Button } from "@adsconnect/ui/button";
import { Input } from "@adsconnect/ui/input";
import { Label } from "@adsconnect/ui/label";
import { toast } from "@adsconnect/ui/toast";
import { Check, Copy, TriangleAlert } from "lucide-react";
import { useId, useRef, useState } from "react";

/**
 * A signing secret, shown this once: a warning that says so, the secret in a read-only field and a
 * Copy button whose result is announced (its label turns to "Copied"). `children`: what else the
 * person should know (e.g. until when the previous secret still signs).
 */
export function SecretReveal({
  secret,
  autoFocus = false,
  children,
}: {
  secret: string;
  /** Focus (and select) the secret when shown, e.g. when it replaces the form that asked for it. Default false. */
  autoFocus?: boolean;
  children?: React.ReactNode;
}) {
  const id = useId();
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
    } catch {
      // No clipboard permission: select the text, so Ctrl/Cmd+C copies it.
      field.current?.select();
      if (!document.execCommand("copy")) {
        toast.info("Select the secret and copy it with Ctrl+C or Cmd+C.");
        return;
      }
    }
    setCopied(true);
    toast.success("Signing secret copied");
  }
  return (
    <div className="flex flex-col gap-4">
      <Alert variant="warning">
        <TriangleAlert aria-hidden="true" />
        <AlertTitle>Copy it now: it is shown only this once</AlertTitle>
        <AlertDescription>
          <p>
            Your app verifies each delivery with it (the{" "}
            <code className="font-mono text-xs">webhook-signature</code> header). adsconnect will
            not show it again: if you lose it, rotate the secret. Anyone holding it can forge events
            to your app.
          </p>
          {children}
        </AlertDescription>
      </Alert>
      <div className="flex flex-col gap-2">
        <Label htmlFor={id}>Signing secret</Label>
        <div className="flex gap-2">
          <Input
            ref={field}
            id={id}
            readOnly
            autoFocus={autoFocus}
            value={secret}
            className="font-mono text-xs"
            onFocus={(event) => event.currentTarget.select()}
          />
          <Button type="button" variant="outline" onClick={copy}>
            {copied ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
            {copied ? "Copied" : "Copy"}
          </Button>
        </div>
      </div>
    </div>
  );
}
