import type { PolicyPackArgs } from "@pulumi/policy";
import { allPolicies } from "./policies";

/** Name the pack is published under (`pulumi policy publish`). */
export const PACK_NAME = "landing-zone-zero-trust";

/** The pack's arguments, importable by tests and tools without starting the gRPC server. */
export const packArgs: PolicyPackArgs = {
    enforcementLevel: "mandatory",
    policies: [...allPolicies],
};
