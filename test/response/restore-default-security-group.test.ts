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
import { callCount, changes, clone, handlerHarness, loggedRejection, sts } from "./harness";
import { authorizeDefaultGroupIngress, securityHubOpenDefaultGroup, securityHubPublicBucket } from "./samples";

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
