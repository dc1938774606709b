import { policyDocument, PolicyDocument } from "./document";

/** Input of a break-glass role's trust policy. */
export interface BreakGlassTrustInput {
    readonly partition: string;
    /** Accounts whose MFA-authenticated principals may assume the role. */
    readonly trustedAccountIds: readonly string[];
    /** Oldest MFA authentication, in seconds, that may still assume the role. */
    readonly mfaMaxAgeSeconds: number;
}

/**
 * Trust policy of a break-glass role: only principals of the trusted accounts, only with MFA no older
 * than the limit, and only naming themselves with a source identity, which then stays on every action
 * of the session in CloudTrail.
 */
export function breakGlassTrustPolicy(input: BreakGlassTrustInput): PolicyDocument {
    if (input.trustedAccountIds.length === 0) throw new Error("breakGlassTrustPolicy: trustedAccountIds is empty (expected at least the management account)");
    const principals = input.trustedAccountIds.map((id) => `arn:${input.partition}:iam::${id}:root`);
    return policyDocument([
        {
            Sid: "AllowMfaAuthenticatedEmergencyAccess",
            Effect: "Allow",
            Principal: { AWS: principals.length === 1 ? principals[0] : principals },
            Action: ["sts:AssumeRole", "sts:SetSourceIdentity"],
            Condition: {
                Bool: { "aws:MultiFactorAuthPresent": "true" },
                NumericLessThan: { "aws:MultiFactorAuthAge": String(input.mfaMaxAgeSeconds) },
                StringLike: { "sts:SourceIdentity": "*" },
            },
        },
        {
            Sid: "DenyWithoutMfa",
            Effect: "Deny",
            Principal: { AWS: "*" },
            Action: "sts:AssumeRole",
            Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
        },
    ]);
}
