/** AI services opt-out: no AWS AI service stores or uses the organization's content to improve itself. */
import type { Assign } from "./declarative";

export interface AiOptOutPolicy {
    readonly services: {
        readonly default: { readonly opt_out_policy: Assign<"optOut" | "optIn"> & { readonly "@@operators_allowed_for_child_policies": readonly ["@@none"] } };
    };
}

/** Opt out for every AI service, and forbid policies lower in the tree from opting back in. */
export function aiOptOutPolicy(): AiOptOutPolicy {
    return { services: { default: { opt_out_policy: { "@@operators_allowed_for_child_policies": ["@@none"], "@@assign": "optOut" } } } };
}
