import "server-only";

import { parseInput, type ClientContext } from "./http";
import type { Page } from "./schemas/common";
import {
  createUserInputSchema,
  createUserResponseSchema,
  listUsersInputSchema,
  updateUserInputSchema,
  updateUserResponseSchema,
  userInfoResponseSchema,
  userListResponseSchema,
  type CreateUserInput,
  type LiteLLMCreateUserResponse,
  type LiteLLMUser,
  type LiteLLMUserInfo,
  type ListUsersInput,
  type UpdateUserInput,
} from "./schemas/users";

export function createUsersApi(ctx: ClientContext) {
  const { http } = ctx;

  /**
   * Creates an internal user. LiteLLM silently reuses an existing `user_id` (§8.10): check with `info` first when
   * that matters. `key` in the answer is a raw secret when `auto_create_key` was true.
   */
  async function create(rawInput: CreateUserInput): Promise<LiteLLMCreateUserResponse> {
    const body = parseInput(createUserInputSchema, rawInput, "users.create");
    return http.call({ method: "POST", path: "/user/new", body }, createUserResponseSchema);
  }

  async function update(rawInput: UpdateUserInput): Promise<{ user_id?: string | null }> {
    const body = parseInput(updateUserInputSchema, rawInput, "users.update");
    return http.call({ method: "POST", path: "/user/update", body }, updateUserResponseSchema);
  }

  async function info(userId: string): Promise<LiteLLMUserInfo> {
    return http.call({ method: "GET", path: "/user/info", query: { user_id: userId } }, userInfoResponseSchema);
  }

  /** One page of users (page_size ≤ 100). */
  async function list(rawInput: ListUsersInput = {}): Promise<Page<LiteLLMUser>> {
    const { pageSize, user_ids, ...rest } = parseInput(listUsersInputSchema, rawInput, "users.list");
    const res = await http.call(
      { method: "GET", path: "/user/list", query: { ...rest, page_size: pageSize, user_ids: user_ids?.join(",") } },
      userListResponseSchema,
    );
    const totalCount = res.total ?? res.users.length;
    const size = res.page_size ?? pageSize;
    return {
      data: res.users,
      totalCount,
      page: res.page ?? rest.page,
      pageSize: size,
      totalPages: res.total_pages ?? Math.max(1, Math.ceil(totalCount / size)),
    };
  }

  return { create, update, info, list };
}

export type UsersApi = ReturnType<typeof createUsersApi>;
