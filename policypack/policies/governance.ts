import type { ZeroTrustPolicy } from "./common";

export const governancePolicies: ZeroTrustPolicy[] = [
    {
        name: "explicit-provider-required",
        description: "Every AWS resource is created through an explicit provider that pins its account.",
        enforcementLevel: "mandatory",
        severity: "high",
        area: "governance",
        controls: [],
        remediation: "Pass `{ provider }` with an aws.Provider whose allowedAccountIds names the target account; never rely on the default provider.",
        validateResource: (args, reportViolation) => {
            if (!args.type.startsWith("aws:")) return;
            const provider = args.provider;
            if (!provider || provider.name.startsWith("default")) {
                reportViolation("created through the default AWS provider: pass an explicit provider that pins the account with allowedAccountIds");
                return;
            }
            // The engine hands providers their nested inputs JSON-encoded.
            const raw = provider.props.allowedAccountIds as unknown;
            const allowed = typeof raw === "string" ? (JSON.parse(raw) as unknown) : raw;
            if (!Array.isArray(allowed) || allowed.length === 0) {
                reportViolation(`provider ${provider.name} does not set allowedAccountIds, so its credentials could act in any account`);
            }
        },
    },
];
