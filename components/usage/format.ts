/** Number formatting for the usage screens (server and client). */
export function usd(n: number): string {
  const abs = Math.abs(n);
  const digits = abs === 0 ? 2 : abs < 0.01 ? 6 : abs < 1 ? 4 : 2;
  return `${n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })} USD`;
}
export const int = (n: number) => Math.round(n).toLocaleString("en-US");
export const pct = (n: number, digits = 1) => `${(n * 100).toFixed(digits)} %`;
