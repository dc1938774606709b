import * as assert from "assert";
import * as path from "path";
import { loadPolicy } from "@cloud-copilot/iam-policy";
import { deployRolePolicy, githubSubject, githubTrustPolicy, previewRolePolicy } from "../../components/bootstrap/policies";
import { deploymentIdentity } from "../support/deployment-identity";
import type { PolicyDocument } from "../../components/policies/document";
import { Decision, expectDecisions, SimulationRequest, uncoveredStatements } from "../support/iam-simulation";
import { expectValidDocuments } from "../support/iam-documents";

const MANAGEMENT = "123456789012";
const MEMBER = "234567890123";
const OUTSIDER = "999999999999";
const ORG = "o-abc123defg";
const id = deploymentIdentity({
    managementAccountId: MANAGEMENT,
    organizationId: ORG,
    passRoles: { "events.amazonaws.com": ["landing-zone-security-event-forwarder"] },
});
const PREVIEW = `arn:aws:sts::${MANAGEMENT}:assumed-role/landing-zone-prod-preview/lz-preview-prod-1`;
const STATE_KEY = `arn:aws:kms:eu-west-1:${MANAGEMENT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
/** The trust policy Organizations gives a member's access role: the management account. */
const ACCESS_ROLE_TRUST: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [{ Sid: "ManagementAccount", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: "sts:AssumeRole" }],
};
/** The state key's policy delegates to IAM policies of its account, as a default key policy does. */
const STATE_KEY_POLICY: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [{ Sid: "AccountIam", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: "kms:*", Resource: "*" }],
};
const memberAccessRole = (account: string) => `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`;
const request =
    (principal: string) =>
    (
        description: string,
        action: string,
        resource: string,
        expected: Decision,
        statement?: string,
        context?: SimulationRequest["context"],
    ): SimulationRequest => ({
        description,
        principal,
        action,
        resource,
        expected,
        statement,
        context,
    });

describe("deployment roles", () => {
    it("use only actions, condition keys and ARNs that exist", async () => {
        await expectValidDocuments({ preview: previewRolePolicy(id), deploy: deployRolePolicy(id) });
    });

    it("preview role: reads configuration, decrypts stack secrets, reaches members only through their preview role inside the organization, changes nothing", async () => {
        const row = request(PREVIEW);
        const doc = previewRolePolicy(id);
        const memberPreviewRole = (account: string) => `arn:aws:iam::${account}:role/landing-zone-prod-member-preview`;
        const assume = await expectDecisions({ identity: { preview: doc }, resourcePolicy: ACCESS_ROLE_TRUST }, [
            row(
                "assumes a member's read-only preview role in the organization",
                "sts:AssumeRole",
                memberPreviewRole(MEMBER),
                "Allowed",
                "AssumeMemberPreviewRole",
                {
                    "aws:ResourceOrgID": ORG,
                },
            ),
            // The organization access role is an administrator of the member account: previews never hold it.
            row("cannot assume a member's organization access role", "sts:AssumeRole", memberAccessRole(MEMBER), "ImplicitlyDenied", undefined, {
                "aws:ResourceOrgID": ORG,
            }),
            row("cannot assume a preview role in another organization", "sts:AssumeRole", memberPreviewRole(OUTSIDER), "ImplicitlyDenied", undefined, {
                "aws:ResourceOrgID": "o-zzzzzzzzzz",
            }),
            row("cannot assume any other member role", "sts:AssumeRole", `arn:aws:iam::${MEMBER}:role/break-glass-admin`, "ImplicitlyDenied", undefined, {
                "aws:ResourceOrgID": ORG,
            }),
        ]);
        const key = await expectDecisions({ identity: { preview: doc }, resourcePolicy: STATE_KEY_POLICY }, [
            row("decrypts the stack's secrets", "kms:Decrypt", STATE_KEY, "Allowed", "StackSecretsKey", {
                "kms:ResourceAliases": ["alias/landing-zone-prod-state"],
            }),
            row("cannot decrypt with another key", "kms:Decrypt", STATE_KEY, "ImplicitlyDenied", undefined, {
                "kms:ResourceAliases": ["alias/landing-zone/logs"],
            }),
        ]);
        const outcomes = await expectDecisions({ identity: { preview: doc } }, [
            row("lists the organization's accounts", "organizations:ListAccounts", "*", "Allowed", "ReadConfiguration"),
            row("looks up an Identity Center group", "identitystore:GetGroupId", "*", "Allowed", "ReadConfiguration"),
            row("reads a role's trust policy", "iam:GetRole", `arn:aws:iam::${MANAGEMENT}:role/landing-zone-prod-deploy`, "Allowed", "ReadConfiguration"),
            row(
                "reads an SCP",
                "organizations:DescribePolicy",
                `arn:aws:organizations::${MANAGEMENT}:policy/${ORG}/service_control_policy/p-abcd1234`,
                "Allowed",
                "ReadConfiguration",
            ),
            row("cannot read log objects", "s3:GetObject", "arn:aws:s3:::lz-prod-cloudtrail-123456789012-eu-west-1/AWSLogs/x.json.gz", "ImplicitlyDenied"),
            row("cannot create an account", "organizations:CreateAccount", "*", "ImplicitlyDenied"),
            row("cannot create a role", "iam:CreateRole", `arn:aws:iam::${MANAGEMENT}:role/anything`, "ImplicitlyDenied"),
            row("cannot change its own trust", "iam:UpdateAssumeRolePolicy", `arn:aws:iam::${MANAGEMENT}:role/landing-zone-prod-preview`, "ImplicitlyDenied"),
            row("cannot read secrets", "secretsmanager:GetSecretValue", `arn:aws:secretsmanager:eu-west-1:${MANAGEMENT}:secret:x-AbCdEf`, "ImplicitlyDenied"),
            row("cannot encrypt new state", "kms:Encrypt", STATE_KEY, "ImplicitlyDenied", undefined, {
                "kms:ResourceAliases": ["alias/landing-zone-prod-state"],
            }),
        ]);
        assert.deepStrictEqual(uncoveredStatements([doc], [...outcomes, ...assume, ...key]), []);
    });

    // The deploy role's permissions are proven statement by statement in test/review/deployment-roles.test.ts.

    describe("GitHub OIDC trust", () => {
        const provider = `arn:aws:iam::${MANAGEMENT}:oidc-provider/token.actions.githubusercontent.com`;
        const repo = "northwind/aws-landing-zone";
        const previewTrust = githubTrustPolicy(provider, [githubSubject.pullRequest(repo), githubSubject.branch(repo, "main")]);
        const deployTrust = githubTrustPolicy(provider, [githubSubject.environment(repo, "prod")]);
        const table: [string, PolicyDocument, string, string, Decision][] = [
            ["a pull request of the repository may preview", previewTrust, "repo:northwind/aws-landing-zone:pull_request", "sts.amazonaws.com", "Allowed"],
            ["a scheduled run on main may preview", previewTrust, "repo:northwind/aws-landing-zone:ref:refs/heads/main", "sts.amazonaws.com", "Allowed"],
            [
                "a push to another branch may not preview",
                previewTrust,
                "repo:northwind/aws-landing-zone:ref:refs/heads/feature",
                "sts.amazonaws.com",
                "ImplicitlyDenied",
            ],
            ["another repository may not preview", previewTrust, "repo:northwind/other:pull_request", "sts.amazonaws.com", "ImplicitlyDenied"],
            [
                "a look-alike repository may not preview",
                previewTrust,
                "repo:northwind/aws-landing-zone-fork:pull_request",
                "sts.amazonaws.com",
                "ImplicitlyDenied",
            ],
            [
                "a token for another audience may not preview",
                previewTrust,
                "repo:northwind/aws-landing-zone:pull_request",
                "https://github.com/northwind",
                "ImplicitlyDenied",
            ],
            ["a pull request may not deploy", deployTrust, "repo:northwind/aws-landing-zone:pull_request", "sts.amazonaws.com", "ImplicitlyDenied"],
            [
                "main outside the prod environment may not deploy",
                deployTrust,
                "repo:northwind/aws-landing-zone:ref:refs/heads/main",
                "sts.amazonaws.com",
                "ImplicitlyDenied",
            ],
            [
                "the dev environment may not deploy prod",
                deployTrust,
                "repo:northwind/aws-landing-zone:environment:dev",
                "sts.amazonaws.com",
                "ImplicitlyDenied",
            ],
            ["the prod environment may deploy", deployTrust, "repo:northwind/aws-landing-zone:environment:prod", "sts.amazonaws.com", "Allowed"],
        ];
        for (const [description, trust, sub, aud, expected] of table) {
            it(`${description}: ${expected}`, () => {
                assert.strictEqual(simulateWebIdentity(trust, provider, sub, aud), expected);
            });
        }

        it("refuses wildcard subjects", () => {
            assert.throws(() => githubTrustPolicy(provider, ["repo:northwind/*"]), /no wildcards/);
        });
    });
});

/**
 * AssumeRoleWithWebIdentity against a trust policy, through iam-simulate's authorization engine.
 * Its checked entry point drops context keys that are not in the service catalog, and an OIDC
 * issuer's keys (token.actions.githubusercontent.com:sub/aud) never are; so the engine is called with
 * the request built as the checked entry point builds it, keeping those keys.
 */
function simulateWebIdentity(trust: PolicyDocument, provider: string, sub: string, aud: string): Decision {
    const dist = path.dirname(require.resolve("@cloud-copilot/iam-simulate"));
    const { authorize } = require(path.join(dist, "core_engine", "CoreSimulatorEngine.js"));
    const { AwsRequestImpl } = require(path.join(dist, "request", "request.js"));
    const { RequestContextImpl } = require(path.join(dist, "requestContext.js"));
    const { DiscoveryContextKeyConstraints } = require(path.join(dist, "context_keys", "discoveryContextKeyConstraints.js"));
    const context = new RequestContextImpl({ "token.actions.githubusercontent.com:sub": sub, "token.actions.githubusercontent.com:aud": aud });
    const role = `arn:aws:iam::${MANAGEMENT}:role/landing-zone-prod-deploy`;
    const requestImpl = new AwsRequestImpl(provider, { resource: role, accountId: MANAGEMENT }, "sts:AssumeRoleWithWebIdentity", context);
    const analysis = authorize({
        request: requestImpl,
        sessionPolicy: undefined,
        identityPolicies: [],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: loadPolicy(trust as never, { name: "TrustPolicy" }),
        permissionBoundaries: undefined,
        vpcEndpointPolicies: undefined,
        simulationParameters: { simulationMode: "Strict", discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([]) },
        serviceSettings: { s3: {} },
    });
    return analysis.result as Decision;
}
