import "server-only";
import { prisma } from "@/lib/db";

/**
 * A sliding-window limiter kept in the console's database, so every replica sees the same count.
 */
export async function recentHits(bucket: string, windowMs: number): Promise<{ count: number; oldest: Date | null }> {
  const db = await prisma();
  const since = new Date(Date.now() - windowMs);
  const [count, oldest] = await Promise.all([
    db.rateLimitEvent.count({ where: { bucket, createdAt: { gte: since } } }),
    db.rateLimitEvent.findFirst({ where: { bucket, createdAt: { gte: since } }, orderBy: { createdAt: "asc" }, select: { createdAt: true } }),
  ]);
  return { count, oldest: oldest?.createdAt ?? null };
}

/** When the newest hit in the window happened, or null. */
export async function latestHit(bucket: string, windowMs: number): Promise<Date | null> {
  const db = await prisma();
  const since = new Date(Date.now() - windowMs);
  const newest = await db.rateLimitEvent.findFirst({
    where: { bucket, createdAt: { gte: since } },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  return newest?.createdAt ?? null;
}

export async function recordHit(bucket: string): Promise<void> {
  const db = await prisma();
  await db.rateLimitEvent.create({ data: { bucket } });
}

export async function clearHits(bucket: string): Promise<void> {
  const db = await prisma();
  await db.rateLimitEvent.deleteMany({ where: { bucket } });
}

/** Minutes until the oldest hit leaves the window (at least 1). */
export function minutesUntilFree(oldest: Date | null, windowMs: number): number {
  if (!oldest) return 0;
  return Math.max(1, Math.ceil((oldest.getTime() + windowMs - Date.now()) / 60_000));
}
