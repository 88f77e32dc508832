"use client";

import { Alert, AlertDescription, AlertTitle } from "@adsconnect/ui/alert";
import { Button } from "@adsconnect/ui/button";
import { Input } from "@adsconnect/ui/input";
import { Label } from "@adsconnect/ui/label";
import { toast } from "@adsconnect/ui/toast";
import { Check, Copy, TriangleAlert } from "lucide-react";
import { useId, useRef, useState } from "react";

/**
 * A secret adsconnect shows this once (an API key, a signing secret): a warning that says so and
 * what `warning` adds, the secret in a read-only field named `label`, and a Copy button whose
 * result is announced (its label turns to "Copied").
 */
export function ShownOnceSecret({
  secret,
  label,
  warning,
  autoFocus = false,
}: {
  secret: string;
  /** What the secret is, e.g. "API key": the field's label and the copy toast's subject. */
  label: string;
  /** Why it matters and what to do if it is lost. */
  warning: React.ReactNode;
  /** Focus (and select) the secret when shown, e.g. when it replaces the form that asked for it. Default false. */
  autoFocus?: boolean;
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
        toast.info("Select it and copy it with Ctrl+C or Cmd+C.");
        return;
      }
    }
    setCopied(true);
    toast.success(`${label} copied`);
  }
  return (
    <div className="flex flex-col gap-4">
      <Alert variant="warning">
        <TriangleAlert aria-hidden="true" />
        <AlertTitle>Copy it now: it is shown only this once</AlertTitle>
        <AlertDescription>
          <p>{warning}</p>
        </AlertDescription>
      </Alert>
      <div className="flex flex-col gap-2">
        <Label htmlFor={id}>{label}</Label>
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
