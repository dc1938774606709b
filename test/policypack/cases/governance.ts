import { UNKNOWN } from "../harness";
import { doc, KEY, NEW_ACCOUNT_PROVIDER, R, res, S, PolicyCases } from "./fixtures";

/** Failing and passing cases of the policies in policypack/policies/governance.ts. */
export const governanceCases: Readonly<Record<string, PolicyCases>> = {
    "explicit-provider-required": {
        fail: [
            S("default provider", [{ type: "aws:sqs/queue:Queue", name: "q", props: {}, provider: null }]),
            S("provider without allowedAccountIds", [
                { type: "aws:sqs/queue:Queue", name: "q", props: {}, provider: { name: "loose", props: { region: "eu-west-1" } } },
            ]),
            S("account pin unknown, from something other than an account of this stack", [
                res("random:index/randomString:RandomString", "pick", { result: UNKNOWN }),
                { ...res("pulumi:providers:aws", "new-account", NEW_ACCOUNT_PROVIDER.props, { allowedAccountIds: ["pick"] }), provider: null },
                { type: "aws:sqs/queue:Queue", name: "q", props: {}, provider: NEW_ACCOUNT_PROVIDER },
            ]),
            S("account pin unknown, with no property dependency to prove where it comes from", [
                { ...res("pulumi:providers:aws", "new-account", NEW_ACCOUNT_PROVIDER.props), provider: null },
                { type: "aws:sqs/queue:Queue", name: "q", props: {}, provider: NEW_ACCOUNT_PROVIDER },
            ]),
        ],
        pass: [
            S("pinned provider (allowedAccountIds as the bridge sends it: JSON text)", [{ type: "aws:sqs/queue:Queue", name: "q", props: {} }]),
            S("account pin unknown in preview, and only the id of an account this stack creates", [
                res("aws:organizations/account:Account", "payments-staging", { name: "payments-staging", email: "aws+payments-staging@example.com" }),
                { ...res("pulumi:providers:aws", "new-account", NEW_ACCOUNT_PROVIDER.props, { allowedAccountIds: ["payments-staging"] }), provider: null },
                { type: "aws:sqs/queue:Queue", name: "q", props: {}, provider: NEW_ACCOUNT_PROVIDER },
            ]),
        ],
    },
    "provider-region-allowed": {
        fail: [R("provider in us-east-2", "pulumi:providers:aws", { region: "us-east-2" }, { config: { allowedRegions: ["eu-west-1"] } })],
        pass: [R("provider in eu-west-1", "pulumi:providers:aws", { region: "eu-west-1" }, { config: { allowedRegions: ["eu-west-1"] } })],
    },
    "required-tags": {
        fail: [
            R(
                "no tags anywhere",
                "aws:sqs/queue:Queue",
                {},
                { provider: { name: "bare", props: { region: "eu-west-1", allowedAccountIds: '["111111111111"]' } } },
            ),
            R(
                "Environment value not allowed",
                "aws:sqs/queue:Queue",
                { tags: { Environment: "qa" } },
                { config: { requiredTags: { Environment: ["prod", "nonprod"], Owner: [] } } },
            ),
        ],
        pass: [
            R("tags from the provider's defaultTags", "aws:sqs/queue:Queue", {}),
            R(
                "tags on the resource",
                "aws:sqs/queue:Queue",
                { tags: { Environment: "prod", Owner: "team", CostCenter: "CC-1" } },
                { provider: { name: "bare", props: { region: "eu-west-1", allowedAccountIds: '["111111111111"]' } } },
            ),
        ],
    },
    "org-policy-size-limit": {
        fail: [
            R("oversized SCP", "aws:organizations/policy:Policy", {
                type: "SERVICE_CONTROL_POLICY",
                content: doc(
                    ...Array.from({ length: 60 }, (_, i) => ({
                        Sid: `Deny${i}`,
                        Effect: "Deny",
                        Action: ["ec2:RunInstances", "ec2:CreateVolume"],
                        Resource: "*",
                        Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-west-1"] } },
                    })),
                ),
            }),
        ],
        pass: [
            R("small SCP", "aws:organizations/policy:Policy", {
                type: "SERVICE_CONTROL_POLICY",
                content: doc({ Effect: "Deny", Action: "organizations:LeaveOrganization", Resource: "*" }),
            }),
        ],
    },
    "stateful-resources-protected": {
        fail: [R("unprotected KMS key", KEY, { enableKeyRotation: true })],
        pass: [R("protected KMS key", KEY, { enableKeyRotation: true }, { protect: true })],
    },
};
