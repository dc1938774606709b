import { UNKNOWN } from "../../harness";
import { LZ, PolicyCases, res, ROLE, S, SUPPORT_SET, supportAssignment, trustService } from "../fixtures";

/** Failing and passing cases of the policies in policypack/policies/identity/accounts.ts. */
export const accountCases: Readonly<Record<string, PolicyCases>> = {
    "iam-support-role-present": {
        fail: [
            S("landing zone without a support role", [res(ROLE, "r", { assumeRolePolicy: trustService })], LZ),
            S(
                "a support permission set that reaches one of two accounts",
                [
                    res("aws:organizations/account:Account", "payments", { name: "payments", email: "a@corp.io" }),
                    res("aws:organizations/account:Account", "checkout", { name: "checkout", email: "b@corp.io" }),
                    ...SUPPORT_SET,
                    supportAssignment("payments"),
                ],
                LZ,
            ),
            S("a permission set with AWSSupportAccess that nothing assigns", [...SUPPORT_SET], LZ),
        ],
        pass: [
            S(
                "a role with AWSSupportAccess",
                [res(ROLE, "support", { assumeRolePolicy: trustService, managedPolicyArns: ["arn:aws:iam::aws:policy/AWSSupportAccess"] })],
                LZ,
            ),
            S(
                "a support permission set assigned in every account the stack creates",
                [res("aws:organizations/account:Account", "payments", { name: "payments", email: "a@corp.io" }), ...SUPPORT_SET, supportAssignment("payments")],
                LZ,
            ),
        ],
    },
    "account-security-contact": {
        fail: [
            S(
                "an organization whose management account has no security contact",
                [
                    res("aws:organizations/organization:Organization", "org", { featureSet: "ALL" }),
                    res("aws:account/alternativeContact:AlternativeContact", "ops", {
                        alternateContactType: "OPERATIONS",
                        name: "Ops",
                        title: "On-call",
                        emailAddress: "ops@corp.io",
                        phoneNumber: "+1 206 266 1000",
                    }),
                ],
                LZ,
            ),
            S(
                "a member account with a billing contact only",
                [
                    res("aws:organizations/account:Account", "payments", { name: "payments", email: "a@corp.io" }),
                    res(
                        "aws:account/alternativeContact:AlternativeContact",
                        "payments-billing",
                        {
                            accountId: UNKNOWN,
                            alternateContactType: "BILLING",
                            name: "Finance",
                            title: "Finance",
                            emailAddress: "fin@corp.io",
                            phoneNumber: "+1 206 266 1000",
                        },
                        { accountId: ["payments"] },
                    ),
                ],
                LZ,
            ),
        ],
        pass: [
            S(
                "the management account and each new account with a security contact",
                [
                    res("aws:organizations/organization:Organization", "org", { featureSet: "ALL" }),
                    res("aws:organizations/account:Account", "payments", { name: "payments", email: "a@corp.io" }),
                    res("aws:account/alternativeContact:AlternativeContact", "mgmt-security", {
                        alternateContactType: "SECURITY",
                        name: "SecOps",
                        title: "On-call",
                        emailAddress: "sec@corp.io",
                        phoneNumber: "+1 206 266 1000",
                    }),
                    res(
                        "aws:account/alternativeContact:AlternativeContact",
                        "payments-security",
                        {
                            accountId: UNKNOWN,
                            alternateContactType: "SECURITY",
                            name: "SecOps",
                            title: "On-call",
                            emailAddress: "sec@corp.io",
                            phoneNumber: "+1 206 266 1000",
                        },
                        { accountId: ["payments"] },
                    ),
                ],
                LZ,
            ),
            S(
                "a first rollout: the management account's contact shows its unset accountId as computed",
                [
                    res("aws:organizations/organization:Organization", "org", { featureSet: "ALL" }),
                    res("aws:account/alternativeContact:AlternativeContact", "mgmt-security", {
                        accountId: UNKNOWN,
                        alternateContactType: "SECURITY",
                        name: "SecOps",
                        title: "On-call",
                        emailAddress: "sec@corp.io",
                        phoneNumber: "+1 206 266 1000",
                    }),
                ],
                LZ,
            ),
        ],
    },
    "iam-access-analyzer-present": {
        fail: [
            S("landing zone without an analyzer", [res(ROLE, "r", { assumeRolePolicy: trustService })], LZ),
            S("account analyzer only", [res("aws:accessanalyzer/analyzer:Analyzer", "a", { analyzerName: "a", type: "ACCOUNT" })], LZ),
        ],
        pass: [S("organization analyzer", [res("aws:accessanalyzer/analyzer:Analyzer", "a", { analyzerName: "org", type: "ORGANIZATION" })], LZ)],
    },
};
