import type { Metadata, Viewport } from "next";
import { ClerkProvider } from "@clerk/nextjs";
import { GeistMono } from "geist/font/mono";
import { GeistSans } from "geist/font/sans";

import { env } from "@/env";
import { getAuthSettings } from "@/server/auth-settings";
import { TRPCReactProvider } from "@/trpc/react";

import "./globals.css";

export const metadata: Metadata = {
  title: { default: "adsconnect", template: "%s · adsconnect" },
  description: "Connect your Amazon Ads accounts once; adsconnect keeps their tokens fresh.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

// Sign-in settings are read when the server starts, not at build: render per request.
export const dynamic = "force-dynamic";

export default function RootLayout({ children }: { children: React.ReactNode }) {
  const settings = getAuthSettings();
  const page = (
    <html lang="en" className={`${GeistSans.variable} ${GeistMono.variable}`}>
      <body className="min-h-dvh bg-white font-sans text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <TRPCReactProvider logEveryCall={env.NODE_ENV === "development"}>
          {children}
        </TRPCReactProvider>
      </body>
    </html>
  );
  // Clerk's browser code must reach Clerk; local mode renders none of it. The key is
  // passed at run time, so one build serves both modes.
  return settings.provider === "clerk" ? (
    <ClerkProvider publishableKey={settings.publishableKey}>{page}</ClerkProvider>
  ) : (
    page
  );
}
