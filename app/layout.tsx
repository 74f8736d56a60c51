import type { Metadata } from "next";
import { headers } from "next/headers";
import { ThemeProvider } from "@/components/theme/theme-provider";
import { ThemeScript } from "@/components/theme/theme-script";
import { Toaster } from "@/components/ui/sonner";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Gatehouse", template: "%s · Gatehouse" },
  description: "Admin console for LiteLLM gateways",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // proxy.ts puts this response's script nonce in the Content-Security-Policy; the theme script needs it too.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <ThemeScript nonce={nonce} />
      </head>
      <body className="min-h-screen bg-background font-sans text-foreground antialiased">
        <ThemeProvider>
          {children}
          {/* Renders nothing until sonner is loaded lazily (idle time or first toast). */}
          <Toaster />
        </ThemeProvider>
      </body>
    </html>
  );
}
