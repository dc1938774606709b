import assert from "node:assert/strict";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { ReportResource } from "../../tools/report-model";
import { AnalyzeRun, REPO, runAnalyze } from "../support/preview";

/** Workload programs in the shapes public Pulumi examples take (test/fixtures/programs/<name>). */
const program = (name: string) => path.join(REPO, "test", "fixtures", "programs", name);

const of = (run: AnalyzeRun, type: string): ReportResource[] => (run.report?.resources ?? []).filter((r) => r.type === type);
const policies = (run: AnalyzeRun) => new Set((run.report?.violations ?? []).map((v) => v.policy));

/** A verdict: exit 0 or 1 with a report, never a crash. */
function assertVerdict(run: AnalyzeRun): void {
    assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}: ${run.stderr}`);
    assert.ok(run.report, "no report written");
}

describe("npm run analyze on workload programs as they are", () => {
    describe("a web server wired with resource objects and data sources", () => {
        let run: AnalyzeRun;
        before(() => (run = runAnalyze(["--program", program("webserver")])));

        it("gets a verdict", () => assertVerdict(run));

        it("hands a resource passed as an input to the provider as its id", () => {
            const [sg] = of(run, "aws:ec2/securityGroup:SecurityGroup");
            const [profile] = of(run, "aws:iam/instanceProfile:InstanceProfile");
            const [role] = of(run, "aws:iam/role:Role");
            assert.match(sg.id ?? "", /^sg-[0-9a-f]{17}$/);
            assert.deepEqual(of(run, "aws:lb/loadBalancer:LoadBalancer")[0].inputs.securityGroups, [sg.id]);
            assert.equal(profile.inputs.role, role.id);
            assert.equal(of(run, "aws:ec2/instance:Instance")[0].inputs.iamInstanceProfile, profile.id);
            assert.equal(run.report!.outputs.profileRole, role.id);
        });

        it("answers @pulumi/aws's data sources in AWS's formats", () => {
            const [instance] = of(run, "aws:ec2/instance:Instance");
            assert.match(String(instance.inputs.ami), /^ami-[0-9a-f]{17}$/);
            assert.equal(run.report!.outputs.amiId, instance.inputs.ami);
            assert.match(String(instance.inputs.subnetId), /^subnet-[0-9a-f]{17}$/);
            assert.match(String(of(run, "aws:ec2/securityGroup:SecurityGroup")[0].inputs.vpcId), /^vpc-[0-9a-f]{17}$/);
        });

        it("sees the trust policy aws.iam.getPolicyDocument rendered: a role anyone can assume", () => {
            const trust = JSON.parse(String(of(run, "aws:iam/role:Role")[0].inputs.assumeRolePolicy));
            assert.deepEqual(trust.Statement, [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: "*" } }]);
            assert.ok(policies(run).has("iam-no-unscoped-wildcard-principal"));
        });

        it("places resources of the default provider in its account and region", () => {
            const buckets = of(run, "aws:s3/bucket:Bucket");
            assert.equal(buckets.length, 1);
            assert.ok(buckets.every((r) => r.account === "000000000000" && r.region === "us-east-1"));
        });
    });

    it("runs an ES module JavaScript program with top-level await, taking its named exports as outputs", () => {
        const run = runAnalyze(["--program", program("esm-program")]);
        assertVerdict(run);
        assert.equal(run.report!.outputs.firstZone, "us-east-1a");
        assert.ok(policies(run).has("subnet-no-auto-public-ip"));
    });

    it("runs a TypeScript ES module program with top-level await through the SDK's own ESM hooks, nodenext imports included", () => {
        const run = runAnalyze(["--program", path.join(REPO, "test", "corpus", "programs", "esm-ts-ingest")]);
        assertVerdict(run);
        // ./naming.js resolves to naming.ts and names by stack; the awaited AMI reached the instance.
        assert.match(String(run.report!.outputs.bucketName), /^ingest-dev-landing-/);
        assert.match(String(of(run, "aws:ec2/instance:Instance")[0].inputs.ami), /^ami-[0-9a-f]{17}$/);
        assert.ok(policies(run).has("sg-no-admin-ports-from-internet"));
    });

    it("starts a JavaScript program where Pulumi.yaml main points, and sees a bucket passed as an object", () => {
        const run = runAnalyze(["--program", program("main-elsewhere")]);
        assertVerdict(run);
        const [bucket] = of(run, "aws:s3/bucket:Bucket");
        assert.equal(of(run, "aws:s3/bucketPolicy:BucketPolicy")[0].inputs.bucket, bucket.id);
        assert.ok(policies(run).has("iam-no-unscoped-wildcard-principal"));
    });

    it("runs a TypeScript program with its own strict nodenext tsconfig.json", () => {
        const run = runAnalyze(["--program", program("own-tsconfig")]);
        assertVerdict(run);
        assert.ok(policies(run).has("rds-encrypted-cmk"));
    });

    describe("a program with its own node_modules", () => {
        const dir = program("own-sdk");
        const modules = path.join(dir, "node_modules", "@pulumi");
        before(() => {
            // Its own installed copies of the SDK and the provider package (hard links: distinct module
            // instances, as npm install gives, without a second download).
            fs.rmSync(path.join(dir, "node_modules"), { recursive: true, force: true });
            fs.mkdirSync(modules, { recursive: true });
            execFileSync("cp", ["-al", path.join(REPO, "node_modules", "@pulumi", "pulumi"), path.join(REPO, "node_modules", "@pulumi", "aws"), modules]);
        });
        after(() => fs.rmSync(path.join(dir, "node_modules"), { recursive: true, force: true }));

        it("attaches the mock runtime to the @pulumi/pulumi the program loads", () => {
            const run = runAnalyze(["--program", dir]);
            assertVerdict(run);
            assert.equal(of(run, "aws:s3/bucket:Bucket").length, 1);
            assert.deepEqual(run.report!.outputs, { bucket: run.report!.outputs.bucket, zone: "us-east-1a" });
            assert.ok(policies(run).has("sg-no-admin-ports-from-internet"));
        });

        it("refuses an SDK or provider package it cannot model, naming the version", () => {
            const old = fs.mkdtempSync(path.join(os.tmpdir(), "old-sdk-"));
            fs.writeFileSync(path.join(old, "Pulumi.yaml"), "name: old-sdk\nruntime: nodejs\n");
            fs.writeFileSync(path.join(old, "index.js"), 'require("@pulumi/aws");\n');
            for (const [name, version] of [
                ["pulumi", "3.270.0"],
                ["aws", "5.43.0"],
            ]) {
                fs.mkdirSync(path.join(old, "node_modules", "@pulumi", name), { recursive: true });
                fs.writeFileSync(path.join(old, "node_modules", "@pulumi", name, "package.json"), JSON.stringify({ name: `@pulumi/${name}`, version }));
            }
            const run = runAnalyze(["--program", old]);
            assert.equal(run.code, 2);
            assert.match(run.stderr, /uses @pulumi\/aws 5\.43\.0, which the offline analyzer does not support \(expected 6\.x or 7\.x/);
            fs.rmSync(old, { recursive: true, force: true });
        });

        it("refuses a TypeScript ES module program whose SDK predates the language host's automatic ESM mode", () => {
            const old = fs.mkdtempSync(path.join(os.tmpdir(), "old-esm-sdk-"));
            fs.writeFileSync(path.join(old, "Pulumi.yaml"), "name: old-esm-sdk\nruntime: nodejs\n");
            fs.writeFileSync(path.join(old, "package.json"), JSON.stringify({ name: "old-esm-sdk", type: "module" }));
            fs.writeFileSync(path.join(old, "index.ts"), 'import * as pulumi from "@pulumi/pulumi";\nexport const stack = pulumi.getStack();\n');
            fs.mkdirSync(path.join(old, "node_modules", "@pulumi", "pulumi"), { recursive: true });
            fs.writeFileSync(
                path.join(old, "node_modules", "@pulumi", "pulumi", "package.json"),
                JSON.stringify({ name: "@pulumi/pulumi", version: "3.100.0" }),
            );
            const run = runAnalyze(["--program", old]);
            assert.equal(run.code, 2);
            assert.match(run.stderr, /needs @pulumi\/pulumi's automatic ESM mode \(cmd\/run\/hooks\.js\), which the program's @pulumi\/pulumi 3\.100\.0 lacks/);
            fs.rmSync(old, { recursive: true, force: true });
        });
    });

    it("says which multi-language components it cannot see into instead of passing them as empty", () => {
        const run = runAnalyze(["--program", program("awsx-components")]);
        assertVerdict(run);
        assert.match(run.stdout, /NOT SEEN: 3 multi-language component\(s\)/);
        for (const c of ["awsx:ec2:Vpc app", "awsx:lb:ApplicationLoadBalancer app", "awsx:ecs:FargateService app"])
            assert.ok(run.stdout.includes(`  - ${c}`), c);
        // Their outputs are unknown, as the engine has them before the plugin has built the children.
        assert.equal(run.report!.outputs.firstPrivateSubnet, "[unknown]");
    });

    describe("config", () => {
        it("reads Pulumi.yaml's defaults and provider keys, and the stack file --stack names, secrets included", () => {
            const run = runAnalyze(["--program", program("project-config"), "--stack", "staging"]);
            assertVerdict(run);
            assert.deepEqual(run.report!.outputs, {
                awsRegion: "eu-central-1",
                hasPassword: true,
                instanceType: "t3.micro",
                providerRegion: "eu-central-1",
                sgName: run.report!.outputs.sgName,
            });
            assert.deepEqual(of(run, "aws:ec2/securityGroup:SecurityGroup")[0].inputs.ingress, [
                { cidrBlocks: ["10.20.0.0/16"], fromPort: 22, protocol: "tcp", toPort: 22 },
            ]);
        });

        it("lets the stack file override the project's defaults, with or without the project namespace", () => {
            const run = runAnalyze(["--program", program("project-config"), "--stack", "prod"]);
            assertVerdict(run);
            assert.equal(run.report!.outputs.instanceType, "m6i.large");
            assert.equal(run.report!.outputs.providerRegion, "eu-west-1");
            assert.equal(run.report!.outputs.hasPassword, false);
            assert.ok(policies(run).has("sg-no-admin-ports-from-internet"));
        });
    });
});
