import "server-only";

import { parseInput, type ClientContext } from "./http";
import type { Page } from "./schemas/common";
import {
  createTeamInputSchema,
  listTeamsInputSchema,
  listTeamsPageInputSchema,
  teamInfoResponseSchema,
  teamListResponseSchema,
  teamListV2ResponseSchema,
  teamMemberAddInputSchema,
  teamMemberDeleteInputSchema,
  teamMemberResponseSchema,
  teamRecordSchema,
  updateTeamInputSchema,
  updateTeamResponseSchema,
  type CreateTeamInput,
  type ListTeamsInput,
  type ListTeamsPageInput,
  type LiteLLMTeam,
  type LiteLLMTeamInfo,
  type LiteLLMTeamMemberResult,
  type TeamMemberAddInput,
  type TeamMemberDeleteInput,
  type UpdateTeamInput,
} from "./schemas/teams";

export function createTeamsApi(ctx: ClientContext) {
  const { http } = ctx;

  /** Existing `team_id` → 400 "already exists"; `team_alias` is not unique in LiteLLM. */
  async function create(rawInput: CreateTeamInput): Promise<LiteLLMTeam> {
    const body = parseInput(createTeamInputSchema, rawInput, "teams.create");
    return http.call({ method: "POST", path: "/team/new", body }, teamRecordSchema);
  }

  /** Unknown team → 404 "Team not found" (isNotFound). Returns the updated team, re-read when LiteLLM omits it. */
  async function update(rawInput: UpdateTeamInput): Promise<LiteLLMTeam> {
    const body = parseInput(updateTeamInputSchema, rawInput, "teams.update");
    const res = await http.call({ method: "POST", path: "/team/update", body }, updateTeamResponseSchema);
    if (res.data) return res.data;
    const direct = teamRecordSchema.safeParse(res);
    if (direct.success) return direct.data;
    return (await info(body.team_id)).team_info;
  }

  async function info(teamId: string): Promise<LiteLLMTeamInfo> {
    return http.call({ method: "GET", path: "/team/info", query: { team_id: teamId } }, teamInfoResponseSchema);
  }

  /** Every team (GET /team/list is not paginated). */
  async function list(rawInput: ListTeamsInput = {}): Promise<LiteLLMTeam[]> {
    const query = parseInput(listTeamsInputSchema, rawInput, "teams.list");
    return http.call({ method: "GET", path: "/team/list", query }, teamListResponseSchema);
  }

  /** One page of teams through GET /v2/team/list (page_size ≤ 100). */
  async function listPage(rawInput: ListTeamsPageInput = {}): Promise<Page<LiteLLMTeam>> {
    const { pageSize, ...rest } = parseInput(listTeamsPageInputSchema, rawInput, "teams.listPage");
    const res = await http.call(
      { method: "GET", path: "/v2/team/list", query: { ...rest, page_size: pageSize } },
      teamListV2ResponseSchema,
    );
    const totalCount = res.total ?? res.teams.length;
    const size = res.page_size ?? pageSize;
    return {
      data: res.teams,
      totalCount,
      page: res.page ?? rest.page,
      pageSize: size,
      totalPages: res.total_pages ?? Math.max(1, Math.ceil(totalCount / size)),
    };
  }

  /** Already a member → 400 `team_member_already_in_team`. Unknown users are created by LiteLLM. */
  async function memberAdd(rawInput: TeamMemberAddInput): Promise<LiteLLMTeamMemberResult> {
    const body = parseInput(teamMemberAddInputSchema, rawInput, "teams.memberAdd");
    return http.call({ method: "POST", path: "/team/member_add", body }, teamMemberResponseSchema);
  }

  async function memberDelete(rawInput: TeamMemberDeleteInput): Promise<LiteLLMTeamMemberResult> {
    const body = parseInput(teamMemberDeleteInputSchema, rawInput, "teams.memberDelete");
    return http.call({ method: "POST", path: "/team/member_delete", body }, teamMemberResponseSchema);
  }

  return { create, update, info, list, listPage, memberAdd, memberDelete };
}

export type TeamsApi = ReturnType<typeof createTeamsApi>;
