import { strict as assert } from "assert";
import {
    DescribeSecurityGroupRulesCommand,
    DescribeSecurityGroupsCommand,
    EC2Client,
    RevokeSecurityGroupEgressCommand,
    RevokeSecurityGroupIngressCommand,
} from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import { handler } from "../../components/response/handlers/restore-default-security-group";
import { callCount, changes, clone, edited, handlerHarness, hostileCloudTrailOrigins, hostileSecurityHubOrigins, loggedRejection, sts } from "./harness";
import {
    authorizeDefaultGroupIngress,
    OUTSIDE_ACCOUNT,
    securityHubOpenDefaultGroup,
    securityHubPublicBucket,
    WORKLOAD_ACCOUNT,
} from "../../tools/events/samples";

const ec2 = mockClient(EC2Client);
const GROUP = "sg-0d1e2f3a4b5c6d7e8";

function group(name: string) {
    const state = {
        rules: [
            { SecurityGroupRuleId: "sgr-0aa1bb2cc3dd4ee5f", IsEgress: false },
            { SecurityGroupRuleId: "sgr-0bb2cc3dd4ee5ff60", IsEgress: false },
            { SecurityGroupRuleId: "sgr-0cc3dd4ee5ff60718", IsEgress: true },
        ],
    };
    ec2.reset();
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: GROUP, GroupName: name, VpcId: "vpc-0fedcba9876543210" }] });
    ec2.on(DescribeSecurityGroupRulesCommand).callsFake(() => ({ SecurityGroupRules: state.rules.map((r) => ({ ...r, GroupId: GROUP })) }));
    const revoke = (input: { SecurityGroupRuleIds: string[] }) => {
        state.rules = state.rules.filter((r) => !input.SecurityGroupRuleIds.includes(r.SecurityGroupRuleId));
        return { Return: true };
    };
    ec2.on(RevokeSecurityGroupIngressCommand).callsFake(revoke);
    ec2.on(RevokeSecurityGroupEgressCommand).callsFake(revoke);
    return state;
}

describe("response handler: restore-default-security-group", () => {
    handlerHarness();

    for (const [name, event] of [
        ["a CloudTrail AuthorizeSecurityGroupIngress call", authorizeDefaultGroupIngress],
        ["a Security Hub EC2.2 finding (ASFF)", securityHubOpenDefaultGroup],
    ] as const) {
        it(`revokes every rule of the default group after ${name}, and a second delivery changes nothing`, async () => {
            group("default");
            assert.equal((await handler(event)).outcome, "remediated");
            assert.deepEqual(changes(ec2), [
                ["RevokeSecurityGroupIngress", { GroupId: GROUP, SecurityGroupRuleIds: ["sgr-0aa1bb2cc3dd4ee5f", "sgr-0bb2cc3dd4ee5ff60"] }],
                ["RevokeSecurityGroupEgress", { GroupId: GROUP, SecurityGroupRuleIds: ["sgr-0cc3dd4ee5ff60718"] }],
            ]);
            ec2.resetHistory();
            assert.equal((await handler(event)).outcome, "compliant");
            assert.deepEqual(changes(ec2), []);
        });
    }

    it("leaves a group that is not a default group untouched", async () => {
        group("checkout-app");
        const result = await handler(authorizeDefaultGroupIngress);
        assert.equal(result.outcome, "skipped");
        assert.match(result.reason ?? "", /not a VPC default group/);
        assert.deepEqual(changes(ec2), []);
    });

    it("only reads in dry-run", async () => {
        process.env.DRY_RUN = "true";
        group("default");
        const result = await handler(authorizeDefaultGroupIngress);
        assert.equal(result.outcome, "dry-run");
        assert.deepEqual(result.actions, [`revoke 2 inbound rule(s) of ${GROUP}`, `revoke 1 outbound rule(s) of ${GROUP}`]);
        assert.deepEqual(changes(ec2), []);
    });

    const bad: [string, unknown, RegExp][] = [
        ["a Security Hub finding for another control", securityHubPublicBucket, /control S3.8, not EC2.2/],
        [
            "a CloudTrail call on another API",
            (() => {
                const e = clone(authorizeDefaultGroupIngress) as { detail: Record<string, unknown> };
                e.detail.eventName = "RevokeSecurityGroupIngress";
                return e;
            })(),
            /RevokeSecurityGroupIngress is not one of AuthorizeSecurityGroupIngress/,
        ],
        [
            "a call naming a group by name instead of id",
            (() => {
                const e = clone(authorizeDefaultGroupIngress) as { detail: { requestParameters: Record<string, unknown> } };
                delete e.detail.requestParameters.groupId;
                e.detail.requestParameters.groupName = "default";
                return e;
            })(),
            /groupId is missing or not a group id/,
        ],
        ["an array", [authorizeDefaultGroupIngress], /malformed event/],
        // Hostile: wildcards and ARNs for a group id, groups of other accounts and regions, records that disagree with their event.
        ...(["sg-*", "sg-0d1e2f3a4b5c6d7e8*", `arn:aws:ec2:eu-west-1:${WORKLOAD_ACCOUNT}:security-group/sg-0d1e2f3a4b5c6d7e8`].map((id) => [
            `a CloudTrail call naming the group ${JSON.stringify(id)}`,
            edited(authorizeDefaultGroupIngress, (e) => (e.detail.requestParameters.groupId = id)),
            /groupId is missing or not a group id/,
        ]) as [string, unknown, RegExp][]),
        ...hostileCloudTrailOrigins(authorizeDefaultGroupIngress),
        ...(
            [
                ["of another account", `arn:aws:ec2:eu-west-1:${OUTSIDE_ACCOUNT}:security-group/sg-0d1e2f3a4b5c6d7e8`],
                ["of another region", `arn:aws:ec2:us-east-1:${WORKLOAD_ACCOUNT}:security-group/sg-0d1e2f3a4b5c6d7e8`],
                ["of another partition", `arn:aws-cn:ec2:eu-west-1:${WORKLOAD_ACCOUNT}:security-group/sg-0d1e2f3a4b5c6d7e8`],
                ["with a prefix before the id", `arn:aws:ec2:eu-west-1:${WORKLOAD_ACCOUNT}:security-group/x/sg-0d1e2f3a4b5c6d7e8`],
                ["with a wildcard", `arn:aws:ec2:eu-west-1:${WORKLOAD_ACCOUNT}:security-group/*`],
                ["of another resource type ending in a group id", `arn:aws:ec2:eu-west-1:${WORKLOAD_ACCOUNT}:instance/sg-0d1e2f3a4b5c6d7e8`],
            ] as const
        ).map(
            ([what, id]) =>
                [
                    `a finding whose group ARN is ${what}`,
                    edited(securityHubOpenDefaultGroup, (e) => (e.detail.findings[0].Resources[0].Id = id)),
                    /is not one security group of account 111122223333 in eu-west-1/,
                ] as [string, unknown, RegExp],
        ),
        ...hostileSecurityHubOrigins(securityHubOpenDefaultGroup),
        [
            "a finding from a region outside the remediation's",
            edited(securityHubOpenDefaultGroup, (e) => {
                const f = e.detail.findings[0];
                f.Region = "ap-southeast-2";
                f.ProductArn = "arn:aws:securityhub:ap-southeast-2::product/aws/securityhub";
                f.Resources[0].Region = "ap-southeast-2";
                f.Resources[0].Id = `arn:aws:ec2:ap-southeast-2:${WORKLOAD_ACCOUNT}:security-group/sg-0d1e2f3a4b5c6d7e8`;
            }),
            /region ap-southeast-2 is not one of this remediation's regions/,
        ],
    ];
    for (const [name, event, reason] of bad) {
        it(`rejects ${name} with a logged reason and no AWS call`, async () => {
            group("default");
            const result = await handler(event);
            assert.equal(result.outcome, "rejected");
            assert.match(result.reason ?? "", reason);
            assert.match(loggedRejection() ?? "", reason);
            assert.equal(callCount(ec2, sts), 0);
        });
    }
});
