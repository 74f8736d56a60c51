"use server";

import { z } from "zod";

import { adminAction, authAction } from "@/lib/safe-action";

import { channelInputSchema, idSchema, ruleInputSchema } from "./schemas";
import { createChannel, createRule, deleteChannel, deleteRule, resendDelivery, runTickNow, sendTestMessage } from "./service";

// Every tier may call these; the service allows global changes to admins and a team's to that team's admins.

export const createChannelAction = authAction("notification.channel.create", channelInputSchema, ({ ctx, input }) => createChannel({ ctx, input }));

export const deleteChannelAction = authAction("notification.channel.delete", idSchema, ({ ctx, input }) => deleteChannel({ ctx, input }));

export const testChannelAction = authAction("notification.channel.test", idSchema, ({ ctx, input }) => sendTestMessage({ ctx, input }));

export const createRuleAction = authAction("notification.rule.create", ruleInputSchema, ({ ctx, input }) => createRule({ ctx, input }));

export const deleteRuleAction = authAction("notification.rule.delete", idSchema, ({ ctx, input }) => deleteRule({ ctx, input }));

export const resendDeliveryAction = authAction("notification.resend", idSchema, ({ ctx, input }) => resendDelivery({ ctx, input }));

export const runTickNowAction = adminAction("notification.tick", z.object({}), ({ ctx }) => runTickNow({ ctx }));
