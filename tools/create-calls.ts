/**
 * The resource ARN each create call of the member call table names (components/bootstrap/calls.ts),
 * from a resource the program registers: its own ARN, another resource's ARN built from its inputs,
 * or `*` where the action takes no resource. ARNs come from the offline placeholders (tools/
 * placeholders.ts), in the IAM reference's shapes, with AWS-generated ids as the mock runtime gives
 * them, so the simulation meets the SCP and RCP statements that name ARNs.
 */
import { MEMBER_ACCOUNT_CALLS } from "../components/bootstrap/calls";
import { arnFor } from "./placeholders";
import type { RuntimeResource } from "./runtime-call-model";

export function createCallResource(r: RuntimeResource): string {
    const calls = MEMBER_ACCOUNT_CALLS[r.type];
    if (!calls) throw new Error(`createCallResource: ${r.type} has no row in MEMBER_ACCOUNT_CALLS (components/bootstrap/calls.ts)`);
    if (!r.account || !r.region) throw new Error(`createCallResource: ${r.type} ${r.name} has no account or region`);
    const at = { account: r.account, region: r.region };
    const target = calls.target;
    if (target === "none") return "*";
    if (target === undefined) return arnFor(r.type, r.name, r.inputs, at, r.id ?? "");
    const inputs: Record<string, unknown> = {};
    for (const [key, spec] of Object.entries(target.from)) {
        // "eventBusName?": an input the resource may leave unset (the default event bus).
        const from = spec.replace(/\?$/, "");
        const value = r.inputs[from];
        if (value === undefined && spec.endsWith("?")) continue;
        if (typeof value !== "string" || value === "")
            throw new Error(`createCallResource: ${r.type} ${r.name} has no input ${from} naming its ${target.type} (got ${JSON.stringify(value)})`);
        inputs[key] = value.startsWith("https://") ? value.split("/").pop() : value;
    }
    if (typeof inputs.arn === "string") return inputs.arn;
    return arnFor(target.type, r.name, inputs, at, typeof inputs.id === "string" ? inputs.id : "");
}
