import assert from "node:assert/strict";
import { memberPreviewTrustPolicy, previewRolePolicy } from "../../components/bootstrap/policies";
import { trustRoleByArn, type PolicyDocument } from "../../components/policies/document";
import { remediationFunctionPolicy, remediationTrustPolicy } from "../../components/policies/response";
import { remediationRoleName } from "../../components/shared/names";
import { deploymentIdentity } from "../support/deployment-identity";
import { expectDecisions, type NamedPolicies, type SimulationRequest, storedAfterRoleDeleted } from "../support/iam-simulation";
import { expectValidDocuments } from "../support/iam-documents";

const MGMT = "123456789012";
const SECURITY = "444455556666";
const MEMBER = "222222222222";
const ORG = "o-a1b2c3d4e5";
const role = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;
const session = (account: string, name: string) => `arn:aws:sts::${account}:assumed-role/${name}/s`;
/** The unique id IAM gave the trusted role before it was deleted and created again. */
const OLD_ROLE_ID = "AROAEXAMPLEOLDROLE01";

const previewIdentity = deploymentIdentity({ managementAccountId: MGMT, organizationId: ORG });

/** Every trust policy of the program that trusts one role of another account, with that role's own policy. */
const TRUSTS: readonly {
    readonly name: string;
    readonly trusted: string;
    readonly target: string;
    readonly trust: (arn: string) => PolicyDocument;
    readonly identity: NamedPolicies;
}[] = [
    {
        name: "member preview role",
        trusted: role(MGMT, "landing-zone-prod-preview"),
        target: role(MEMBER, "landing-zone-prod-member-preview"),
        trust: memberPreviewTrustPolicy,
        identity: { preview: previewRolePolicy(previewIdentity) },
    },
    {
        name: "remediation role",
        trusted: role(SECURITY, "landing-zone-remediation-isolate-instance-fn"),
        target: role(MEMBER, remediationRoleName("isolate-instance")),
        trust: remediationTrustPolicy,
        identity: {
            function: remediationFunctionPolicy({
                partition: "aws",
                region: "eu-west-1",
                organizationId: ORG,
                remediationRoleName: remediationRoleName("isolate-instance"),
                deadLetterQueueArn: `arn:aws:sqs:eu-west-1:${SECURITY}:dlq`,
                queueKeyArn: `arn:aws:kms:eu-west-1:${SECURITY}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
                logGroupArn: `arn:aws:logs:eu-west-1:${SECURITY}:log-group:/aws/lambda/fn`,
                environmentKeyArn: `arn:aws:kms:eu-west-1:${SECURITY}:key/abcd1234-12ab-34cd-56ef-1234567890ab`,
            }),
        },
    },
];

const ALLOW_ASSUME: NamedPolicies = {
    any: { Version: "2012-10-17", Statement: [{ Sid: "AssumeAnything", Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }] },
};

describe("trust in a role by its ARN survives the role's re-creation", () => {
    it("a trusted role is named by a condition on aws:PrincipalArn, under its account as Principal", () => {
        assert.deepEqual(trustRoleByArn("T", role(MGMT, "ci/landing-zone-prod-preview")), {
            Sid: "T",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${MGMT}:root` },
            Action: "sts:AssumeRole",
            Condition: { ArnEquals: { "aws:PrincipalArn": role(MGMT, "ci/landing-zone-prod-preview") } },
        });
        assert.throws(
            () => trustRoleByArn("T", `arn:aws:iam::${MGMT}:user/ci`),
            /T: "arn:aws:iam::123456789012:user\/ci" is not an IAM role ARN \(expected arn:/,
        );
        assert.throws(() => trustRoleByArn("T", `arn:aws:sts::${MGMT}:assumed-role/r/s`), /is not an IAM role ARN/);
    });

    it("the model of IAM's storage: a role named as Principal is not trusted once re-created", async () => {
        const trusted = TRUSTS[0].trusted;
        const byArn: PolicyDocument = {
            Version: "2012-10-17",
            Statement: [{ Sid: "ByArn", Effect: "Allow", Principal: { AWS: trusted }, Action: "sts:AssumeRole" }],
        };
        const ask = (expected: SimulationRequest["expected"]): SimulationRequest => ({
            description: `the preview role ${expected === "Allowed" ? "before" : "after"} re-creation`,
            principal: session(MGMT, "landing-zone-prod-preview"),
            action: "sts:AssumeRole",
            resource: TRUSTS[0].target,
            expected,
        });
        await expectDecisions({ identity: ALLOW_ASSUME, resourcePolicy: byArn }, [ask("Allowed")]);
        await expectDecisions({ identity: ALLOW_ASSUME, resourcePolicy: storedAfterRoleDeleted(byArn, trusted, OLD_ROLE_ID) }, [ask("ImplicitlyDenied")]);
    });

    for (const t of TRUSTS) {
        describe(t.name, () => {
            const trust = t.trust(t.trusted);
            const [account, trustedName] = [t.trusted.split(":")[4], t.trusted.split("/").pop()!];
            const context = { "aws:ResourceOrgID": ORG };
            const row = (description: string, principal: string, expected: SimulationRequest["expected"]): SimulationRequest => ({
                description,
                principal,
                action: "sts:AssumeRole",
                resource: t.target,
                context,
                expected,
                statement: expected === "Allowed" ? trust.Statement[0].Sid : undefined,
            });

            it("uses only real actions, condition keys and ARNs", async () => {
                await expectValidDocuments({ trust });
            });

            it("the intended role is allowed; another role of its account is not, whatever its own policy allows", async () => {
                await expectDecisions({ identity: t.identity, resourcePolicy: trust }, [row("the intended role", session(account, trustedName), "Allowed")]);
                await expectDecisions({ identity: ALLOW_ASSUME, resourcePolicy: trust }, [
                    row("another role of the account", session(account, "developer"), "ImplicitlyDenied"),
                    row("a role of the trusted name in another account", session("999999999999", trustedName), "ImplicitlyDenied"),
                    row("the account's root user", `arn:aws:iam::${account}:root`, "ImplicitlyDenied"),
                ]);
            });

            it("the role deleted and created again under the same name is still trusted", async () => {
                await expectDecisions({ identity: t.identity, resourcePolicy: storedAfterRoleDeleted(trust, t.trusted, OLD_ROLE_ID) }, [
                    row("the re-created role", session(account, trustedName), "Allowed"),
                ]);
            });
        });
    }
});
