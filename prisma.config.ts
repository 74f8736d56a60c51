import "./prisma/cli-timer-fix";
import path from "node:path";
import { defineConfig } from "prisma/config";

// Prisma 6.19 needs a postgres URL to parse the schema even when an adapter is used (stack-notes §4).
const target = process.env.DATABASE_URL ?? "";
const isPostgres = /^postgres(ql)?:\/\//.test(target);
if (!isPostgres) process.env.DATABASE_URL = "postgresql://pglite.invalid/unused";

let pglite: import("@electric-sql/pglite").PGlite | undefined;

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    if (isPostgres) {
      const pg = await import("pg");
      // adapter-pg in the CLI cannot deserialize `name`/`"char"` columns (prisma/orm#27403): read them as text.
      const proto = pg.default.Client.prototype as unknown as { query: (...args: unknown[]) => unknown; __gatehousePatched?: boolean };
      if (!proto.__gatehousePatched) {
        const original = proto.query;
        proto.query = function patchedQuery(this: unknown, ...args: unknown[]) {
          const fix = (result: { fields?: { dataTypeID: number }[] }) => {
            for (const field of result?.fields ?? []) if (field.dataTypeID === 19 || field.dataTypeID === 18) field.dataTypeID = 25;
            return result;
          };
          const last = args[args.length - 1];
          if (typeof last === "function") {
            args[args.length - 1] = (err: unknown, res: { fields?: { dataTypeID: number }[] }) => (last as (e: unknown, r: unknown) => void)(err, res && fix(res));
            return original.apply(this, args);
          }
          const out = original.apply(this, args) as Promise<{ fields?: { dataTypeID: number }[] }> | unknown;
          return out instanceof Promise ? out.then(fix) : out;
        };
        proto.__gatehousePatched = true;
      }
      const { PrismaPg } = await import("@prisma/adapter-pg");
      return new PrismaPg({ connectionString: target, allowExitOnIdle: true });
    }
    const { PGlite } = await import("@electric-sql/pglite");
    const { PrismaPGlite } = await import("pglite-prisma-adapter");
    const fs = await import("node:fs");
    const dir = target.startsWith("pglite:") ? target.slice(7) : (process.env.PGLITE_DIR ?? "./data/pglite");
    fs.mkdirSync(dir, { recursive: true });
    // The CLI calls adapter() twice per command; two PGlite instances on one dir corrupt it.
    const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
    pglite ??= new PGlite(dir, { extensions: { pg_trgm } });
    const instance = pglite;
    process.once("beforeExit", () => void instance.close());
    return new PrismaPGlite(instance) as never;
  },
});
