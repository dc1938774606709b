import { strict as assert } from "assert";
import {
    AuthorizeSecurityGroupIngressCommand,
    CreateSecurityGroupCommand,
    CreateVpcCommand,
    DescribeSecurityGroupRulesCommand,
    DescribeSecurityGroupsCommand,
} from "@aws-sdk/client-ec2";
import { handler as restoreDefaultSecurityGroup } from "../../components/response/handlers/restore-default-security-group";
import { authorizeDefaultGroupIngress, securityHubOpenDefaultGroup, retarget } from "../../tools/events/samples";
import { aws, dryRun, expectOutcome, remediateTwice, useHandlerEmulator } from "./emulator-handlers";

describe("response handlers against the AWS API emulator (moto)", () => {
    useHandlerEmulator();

    describe("restore-default-security-group", () => {
        const SAMPLE_GROUP = "sg-0d1e2f3a4b5c6d7e8";

        /** A VPC (moto creates its default group with the usual rules) with SSH opened to the world on the default group, and an ordinary group. */
        async function seed(): Promise<{ defaultGroup: string; appGroup: string }> {
            const { ec2 } = aws;
            const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.4.0.0/16" }))).Vpc!.VpcId!;
            const defaultGroup = (
                await ec2.send(
                    new DescribeSecurityGroupsCommand({
                        Filters: [
                            { Name: "vpc-id", Values: [vpcId] },
                            { Name: "group-name", Values: ["default"] },
                        ],
                    }),
                )
            ).SecurityGroups![0].GroupId!;
            const appGroup = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: "checkout-app", Description: "checkout app", VpcId: vpcId })))
                .GroupId!;
            for (const groupId of [defaultGroup, appGroup]) {
                await ec2.send(
                    new AuthorizeSecurityGroupIngressCommand({
                        GroupId: groupId,
                        IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }],
                    }),
                );
            }
            return { defaultGroup, appGroup };
        }

        async function rules(groupId: string) {
            const found = (await aws.ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: "group-id", Values: [groupId] }] })))
                .SecurityGroupRules!;
            return found
                .map((r) => `${r.IsEgress ? "out" : "in"} ${r.IpProtocol} ${r.FromPort}-${r.ToPort} ${r.CidrIpv4 ?? r.ReferencedGroupInfo?.GroupId}`)
                .sort();
        }

        for (const [name, sample] of [
            ["a CloudTrail AuthorizeSecurityGroupIngress call", authorizeDefaultGroupIngress],
            ["a Security Hub EC2.2 finding (ASFF)", securityHubOpenDefaultGroup],
        ] as const) {
            it(`revokes every rule of the default group after ${name}, and a second delivery changes nothing`, async () => {
                const g = await seed();
                const state = async () => ({ default: await rules(g.defaultGroup), app: await rules(g.appGroup) });
                const { before: b, after: a } = await remediateTwice(
                    () => restoreDefaultSecurityGroup(retarget(sample, { [SAMPLE_GROUP]: g.defaultGroup })),
                    state,
                );
                assert.ok(b.default.some((r) => r.startsWith("in tcp 22-22 0.0.0.0/0")));
                assert.ok(
                    b.default.some((r) => r.startsWith("out ")),
                    "seed: moto's default group has its default egress rule",
                );
                assert.deepEqual(a, { default: [], app: b.app });
            });
        }

        it("leaves a group that is not a default group untouched", async () => {
            const g = await seed();
            const before = await rules(g.appGroup);
            const result = await expectOutcome(restoreDefaultSecurityGroup(retarget(authorizeDefaultGroupIngress, { [SAMPLE_GROUP]: g.appGroup })), "skipped");
            assert.match(result.reason ?? "", /not a VPC default group/);
            assert.deepEqual(await rules(g.appGroup), before);
        });

        it("only reads in dry-run", async () => {
            const g = await seed();
            const result = await dryRun(
                () => restoreDefaultSecurityGroup(retarget(authorizeDefaultGroupIngress, { [SAMPLE_GROUP]: g.defaultGroup })),
                () => rules(g.defaultGroup),
            );
            assert.equal(result.actions.length, 2, result.actions.join("\n"));
        });

        it("skips a group that no longer exists, with moto's real error name", async () => {
            await seed();
            const result = await expectOutcome(restoreDefaultSecurityGroup(authorizeDefaultGroupIngress), "skipped");
            assert.match(result.reason ?? "", /no longer exists/);
        });
    });
});
