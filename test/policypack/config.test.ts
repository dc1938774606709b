import * as assert from "assert";
import { problemsOf, stackValues } from "../support/config";

/** dev's break-glass administrator, which config validation requires the pack to exempt. */
const BREAK_GLASS = { "iam-no-privileged-managed-policies": { exemptRoles: ["break-glass-admin"] } };

function withPolicies(policies: Record<string, unknown>): Record<string, unknown> {
    const values = stackValues("dev");
    return { ...values, policyPack: { enforcementLevel: "mandatory", policies: { ...BREAK_GLASS, ...policies } } };
}

describe("stack config: policy pack parameters are validated by each policy's configSchema", () => {
    it("accepts the dev and prod policy settings", () => {
        assert.deepStrictEqual(
            problemsOf(
                withPolicies({
                    "kms-deletion-window": { minimumDays: 7 },
                    "stateful-resources-protected": "advisory",
                    "cloudtrail-org-trail-present": { landingZone: true },
                }),
            ),
            [],
        );
    });

    it("lists every bad parameter, unknown policy and impossible remediation by key", () => {
        const problems = problemsOf(
            withPolicies({
                "kms-deletion-window": { minimumDays: 3 },
                "required-tags": { requiredTags: { Owner: "team" } },
                "sg-no-admin-ports-from-internet": { ports: [22, "rdp"], portz: [] },
                "iam-no-users": "remediate",
                "no-such-policy": "advisory",
            }),
        );
        assert.deepStrictEqual([...problems].sort(), [
            'landing-zone:policyPack.policies["iam-no-users"]: policy has no safe remediation (got "remediate"; expected advisory, mandatory or disabled)',
            'landing-zone:policyPack.policies["kms-deletion-window"].minimumDays: too small (got 3; expected >= 7)',
            'landing-zone:policyPack.policies["no-such-policy"]: no such policy in the pack (got "advisory"; expected a policy name listed in policypack/README.md)',
            'landing-zone:policyPack.policies["required-tags"].requiredTags.Owner: wrong type (got "team"; expected a list of string)',
            'landing-zone:policyPack.policies["sg-no-admin-ports-from-internet"].ports[1]: wrong type (got "rdp"; expected integer)',
            'landing-zone:policyPack.policies["sg-no-admin-ports-from-internet"].portz: unknown parameter (got []; expected ports)',
        ]);
    });

    it("keeps the break-glass exemption equal to the administrator break-glass roles", () => {
        assert.deepStrictEqual(problemsOf(withPolicies({ "iam-no-privileged-managed-policies": { exemptRoles: ["team-admin"] } })), [
            'landing-zone:policyPack.policies["iam-no-privileged-managed-policies"].exemptRoles: break-glass administrator role(s) break-glass-admin not exempt (got ["team-admin"]; expected the administrator roles of identity.breakGlass.roleNames)',
            'landing-zone:policyPack.policies["iam-no-privileged-managed-policies"].exemptRoles: role(s) team-admin are not administrator break-glass roles (got ["team-admin"]; expected only identity.breakGlass.roleNames minus readOnlyRoleNames)',
        ]);
    });
});
