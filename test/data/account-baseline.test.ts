import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountBaseline } from "../../components/data/account-baseline";
import { CapturedResource, settle } from "./harness";

/** Mocks where the region's default VPC lookup answers with the given ids. */
function mocks(defaultVpcIds: string[]): CapturedResource[] {
    const captured: CapturedResource[] = [];
    pulumi.runtime.setMocks(
        {
            newResource(args) {
                captured.push({ type: args.type, name: args.name, inputs: args.inputs, provider: args.provider });
                return { id: `${args.name}-id`, state: args.inputs };
            },
            call(args) {
                if (args.token === "aws:ec2/getVpcs:getVpcs") return { ids: defaultVpcIds, filters: args.inputs.filters, id: "eu-west-1" };
                throw new Error(`unexpected invoke ${args.token}`);
            },
        },
        "landing-zone",
        "test",
        false,
    );
    return captured;
}

describe("data: AccountBaseline", () => {
    it("empties the default VPC's default security group and sets EBS encryption in every region", async () => {
        const captured = mocks(["vpc-0123456789abcdef0"]);
        const euw1 = new aws.Provider("euw1", { region: "eu-west-1" });
        const euc1 = new aws.Provider("euc1", { region: "eu-central-1" });
        new AccountBaseline("baseline-payments", {
            account: "payments",
            homeRegion: "eu-west-1",
            regions: [
                { region: "eu-west-1", provider: euw1, ebsKeyArn: "arn:aws:kms:eu-west-1:444444444444:key/a" },
                { region: "eu-central-1", provider: euc1, ebsKeyArn: "arn:aws:kms:eu-central-1:444444444444:key/b" },
            ],
        });
        await settle();
        const sgs = captured.filter((r) => r.type === "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
        assert.deepEqual(sgs.map((s) => s.name).sort(), ["baseline-payments-eu-central-1-default-sg", "baseline-payments-eu-west-1-default-sg"]);
        for (const s of sgs) {
            assert.equal(s.inputs.vpcId, "vpc-0123456789abcdef0");
            assert.deepEqual(s.inputs.ingress, []);
            assert.deepEqual(s.inputs.egress, []);
        }
        const keys = captured.filter((r) => r.type === "aws:ebs/defaultKmsKey:DefaultKmsKey").map((k) => k.inputs.keyArn);
        assert.deepEqual(keys.sort(), ["arn:aws:kms:eu-central-1:444444444444:key/b", "arn:aws:kms:eu-west-1:444444444444:key/a"]);
        const bpa = captured.filter((r) => r.type === "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock");
        assert.equal(bpa.length, 1, "account-wide setting made once, in the home region");
    });

    it("creates no default security group where the default VPC was deleted", async () => {
        const captured = mocks([]);
        new AccountBaseline("baseline-clean", {
            account: "clean",
            homeRegion: "eu-west-1",
            regions: [{ region: "eu-west-1", provider: new aws.Provider("p", { region: "eu-west-1" }), ebsKeyArn: "arn:aws:kms:eu-west-1:1:key/a" }],
        });
        await settle();
        assert.equal(captured.filter((r) => r.type === "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup").length, 0);
        assert.equal(captured.filter((r) => r.type === "aws:ebs/encryptionByDefault:EncryptionByDefault").length, 1);
    });

    it("rejects a region list without the home region", () => {
        mocks([]);
        assert.throws(
            () => new AccountBaseline("bad", { account: "x", homeRegion: "eu-west-1", regions: [] }),
            /AccountBaseline bad: regions has no entry for the home region eu-west-1/,
        );
    });
});
