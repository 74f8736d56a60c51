"use server";

import { adminAction } from "@/lib/safe-action";
import { createTeamSchema, teamPolicySchema } from "./schemas";
import { createTeam, updateTeamPolicy } from "./service";

export const createTeamAction = adminAction("team.create", createTeamSchema, ({ ctx, input }) => createTeam({ ctx, input }));

export const updateTeamPolicyAction = adminAction("team.policy.update", teamPolicySchema, ({ ctx, input }) => updateTeamPolicy({ ctx, input }));
