import fs from "node:fs";
import path from "node:path";

/** Copies static assets, public/ and the migrations next to the standalone server.js (Containerfile runtime stage). */
export function assembleStandalone(distDir: string, standaloneDir: string) {
  const copy = (from: string, to: string) => {
    fs.rmSync(to, { recursive: true, force: true });
    if (fs.existsSync(from)) fs.cpSync(from, to, { recursive: true });
    else fs.mkdirSync(to, { recursive: true });
  };
  copy(path.join(distDir, "static"), path.join(standaloneDir, distDir, "static"));
  copy("public", path.join(standaloneDir, "public"));
  copy(path.join("prisma", "migrations"), path.join(standaloneDir, "prisma", "migrations"));
}
