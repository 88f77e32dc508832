"use client";

import type * as React from "react";
import { Toaster as Sonner, type ToasterProps } from "sonner";

export { toast } from "sonner";

/** Sonner's toaster themed by the design system's variables. Mount once, near the root. */
export function Toaster(props: ToasterProps) {
  return (
    <Sonner
      className="toaster group"
      theme="system"
      closeButton
      style={
        {
          "--normal-bg": "var(--popover)",
          "--normal-text": "var(--popover-foreground)",
          "--normal-border": "var(--border)",
        } as React.CSSProperties
      }
      {...props}
    />
  );
}
