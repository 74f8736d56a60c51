import type { NextConfig } from "next";

const securityHeaders = [
  { key: "Content-Security-Policy", value: "frame-ancestors 'none'; base-uri 'self'; object-src 'none'" },
  { key: "X-Frame-Options", value: "DENY" },
  // The OAuth callback URL carries the code: never leak it in a Referer.
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

const nextConfig: NextConfig = {
  // Parallel e2e runs (one per engineer) build into their own directory.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  output: "standalone",
  // server.js lands directly in <distDir>/standalone/ (the Containerfile copies it from there).
  outputFileTracingRoot: process.cwd(),
  poweredByHeader: false,
  // `npm test` runs `tsc --noEmit` over the whole project (tests included) before building.
  typescript: { ignoreBuildErrors: true },
  reactStrictMode: true,
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "bcryptjs"],
  // The runtime migrator reads the SQL files; ship them with the standalone server.
  outputFileTracingIncludes: { "/**": ["./prisma/migrations/**/*"] },
  // The body limit matches SERVER_ACTION_BODY_LIMIT_BYTES (lib/http-guards.ts), which proxy.ts enforces first (413).
  // authInterrupts: forbidden() answers HTTP 403 with app/forbidden.tsx.
  experimental: { serverActions: { bodySizeLimit: "2mb" }, authInterrupts: true },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
