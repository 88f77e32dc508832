"use client";

import { Button } from "@adsconnect/ui/button";
import { Plus, RefreshCw } from "lucide-react";
import dynamic from "next/dynamic";
import { useRef, useState } from "react";

import type { Region } from "./status";

const loadBody = () => import("./connect-dialog-body");
const ConnectDialogBody = dynamic(loadBody, { ssr: false });

/**
 * "Connect account" (or "Reconnect"): asks which of Amazon's consent pages to
 * use, then sends the browser there. One grant reaches every region either way.
 * The dialog's code loads when the pointer nears the button or on first open.
 */
export function ConnectDialog({
  mode = "connect",
  defaultRegion = "NA",
  accountName,
  accountId,
  variant = "brand",
}: {
  mode?: "connect" | "reconnect";
  defaultRegion?: Region;
  accountName?: string;
  /** For "reconnect": the account (members may reconnect one that needs it). */
  accountId?: string;
  variant?: "brand" | "outline" | "default";
}) {
  const button = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [mounted, setMounted] = useState(false);
  const reconnect = mode === "reconnect";
  return (
    <>
      <Button
        ref={button}
        variant={variant}
        aria-haspopup="dialog"
        aria-expanded={open}
        onPointerEnter={() => void loadBody()}
        onFocus={() => void loadBody()}
        onClick={() => {
          setMounted(true);
          setOpen(true);
        }}
      >
        {reconnect ? <RefreshCw aria-hidden="true" /> : <Plus aria-hidden="true" />}
        {reconnect ? "Reconnect" : "Connect account"}
      </Button>
      {mounted ? (
        <ConnectDialogBody
          mode={mode}
          defaultRegion={defaultRegion}
          {...(accountName ? { accountName } : {})}
          {...(accountId ? { accountId } : {})}
          open={open}
          onOpenChange={setOpen}
          returnFocus={() => button.current?.focus()}
        />
      ) : null}
    </>
  );
}
