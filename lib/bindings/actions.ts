"use server";

import { adminAction, readerAction } from "@/lib/safe-action";
import { createBindingSchema, deleteBindingSchema, exportBindingsSchema, importBindingsSchema } from "./schemas";
import { createBinding, deleteBinding, exportBindings, importBindings } from "./service";

export const createBindingAction = adminAction("binding.create", createBindingSchema, ({ ctx, input }) => createBinding({ ctx, input }));

export const deleteBindingAction = adminAction("binding.delete", deleteBindingSchema, ({ ctx, input }) => deleteBinding({ ctx, input }));

export const importBindingsAction = adminAction("binding.import", importBindingsSchema, ({ ctx, input }) => importBindings({ ctx, input }));

export const exportBindingsAction = readerAction("binding.export", exportBindingsSchema, ({ ctx }) => exportBindings({ ctx }));
