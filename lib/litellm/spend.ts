import "server-only";

import { parseInput, type ClientContext } from "./http";
import { toKeyHash } from "./keys";
import type { Page } from "./schemas/common";
import { spendLogsInputSchema, spendLogsResponseSchema, type LiteLLMSpendLog, type SpendLogsInput } from "./schemas/spend";

/** Spend per key is on the key itself (`keys.info().spend`); this is the request log, /spend/logs/v2 (≥1.80.8). */
export function createSpendApi(ctx: ClientContext) {
  const { http } = ctx;

  async function logs(rawInput: SpendLogsInput = {}): Promise<Page<LiteLLMSpendLog>> {
    const { pageSize, keyHash, ...rest } = parseInput(spendLogsInputSchema, rawInput, "spend.logs");
    const res = await http.call(
      {
        method: "GET",
        path: "/spend/logs/v2",
        query: { ...rest, page_size: pageSize, api_key: keyHash ? toKeyHash(keyHash) : undefined },
      },
      spendLogsResponseSchema,
    );
    const totalCount = res.total ?? res.data.length;
    const size = res.page_size ?? pageSize;
    return {
      data: res.data,
      totalCount,
      page: res.page ?? rest.page,
      pageSize: size,
      totalPages: res.total_pages ?? Math.max(1, Math.ceil(totalCount / size)),
    };
  }

  return { logs };
}

export type SpendApi = ReturnType<typeof createSpendApi>;
