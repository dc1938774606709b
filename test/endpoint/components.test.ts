import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { ClientVpn } from "../../components/endpoint/client-vpn";
import { BASELINE_RULE_GROUPS, FirewallManagerPolicies, wafPolicyData } from "../../components/endpoint/firewall-manager";
import { sessionPreferences, SsmBaseline } from "../../components/endpoint/ssm-baseline";
import { devicePostureCondition, groupPolicy, VerifiedAccess } from "../../components/endpoint/verified-access";
import { WorkspacesDirectory } from "../../components/endpoint/workspaces";
import { endpointSchema } from "../../stacks/schema/services";
import { captureResources, MockedResource as CapturedResource, settle } from "../support/mocks";

const GROUP = "94f8a4c2-1071-70a3-9d2b-6c1e0f3a5b72";
const CERT = "arn:aws:acm:eu-west-1:111111111111:certificate/11111111-2222-3333-4444-555555555555";
const ROOT_CERT = "arn:aws:acm:eu-west-1:111111111111:certificate/66666666-2222-3333-4444-555555555555";

function provider(region = "eu-west-1"): aws.Provider {
    return new aws.Provider(`test-${region}`, { region: region as aws.Region, allowedAccountIds: ["111111111111"] });
}
const ofType = (captured: CapturedResource[], type: string) => captured.filter((r) => r.type === type);

describe("endpoint components", () => {
    describe("SSM baseline", () => {
        it("turns on default host management, blocks public documents, patches by group and scans compliance", async () => {
            const captured = captureResources();
            const ssm = endpointSchema.parse({
                ssm: {
                    patchBaselines: {
                        al2023: { operatingSystem: "AMAZON_LINUX_2023", patchGroups: ["default", "web"] },
                        windows: { operatingSystem: "WINDOWS", complianceLevel: "CRITICAL", patchGroups: ["windows"] },
                    },
                },
            }).ssm;
            new SsmBaseline(
                "ssm",
                {
                    accountId: "111111111111",
                    region: "eu-west-1",
                    hostManagementRole: "service-role/AWSSystemsManagerDefaultEC2InstanceManagementRole",
                    sessionBucketName: "lz-prod-access-logs-1-eu-west-1",
                    sessionLogPrefix: "session-manager",
                    sessionKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/k",
                    sessionLogGroupName: "/landing-zone/ssm/sessions",
                    logRetentionDays: 400,
                    ssm,
                },
                { provider: provider() },
            );
            await settle();
            const settings = new Map(ofType(captured, "aws:ssm/serviceSetting:ServiceSetting").map((s) => [String(s.inputs.settingId), s.inputs.settingValue]));
            assert.strictEqual(
                settings.get("arn:aws:ssm:eu-west-1:111111111111:servicesetting/ssm/managed-instance/default-ec2-instance-management-role"),
                "service-role/AWSSystemsManagerDefaultEC2InstanceManagementRole",
            );
            assert.strictEqual(settings.get("arn:aws:ssm:eu-west-1:111111111111:servicesetting/ssm/documents/console/public-sharing-permission"), "Disable");
            const baselines = ofType(captured, "aws:ssm/patchBaseline:PatchBaseline");
            assert.deepStrictEqual(new Set(baselines.map((b) => b.inputs.operatingSystem)), new Set(["AMAZON_LINUX_2023", "WINDOWS"]));
            const windows = baselines.find((b) => b.inputs.operatingSystem === "WINDOWS")!;
            assert.strictEqual(windows.inputs.approvalRules[0].complianceLevel, "CRITICAL");
            assert.deepStrictEqual(windows.inputs.approvalRules[0].patchFilters[0], { key: "CLASSIFICATION", values: ["CriticalUpdates", "SecurityUpdates"] });
            assert.deepStrictEqual(
                new Set(ofType(captured, "aws:ssm/patchGroup:PatchGroup").map((g) => g.inputs.patchGroup)),
                new Set(["default", "web", "windows"]),
            );
            assert.strictEqual(ofType(captured, "aws:ssm/defaultPatchBaseline:DefaultPatchBaseline").length, 2);
            const associations = new Map(ofType(captured, "aws:ssm/association:Association").map((a) => [a.inputs.name, a.inputs]));
            assert.deepStrictEqual(associations.get("AWS-RunPatchBaseline")!.parameters, { Operation: "Scan" });
            assert.deepStrictEqual(associations.get("AWS-RunPatchBaseline")!.targets, [{ key: "InstanceIds", values: ["*"] }]);
            assert.ok(associations.has("AWS-GatherSoftwareInventory"));
            const [doc] = ofType(captured, "aws:ssm/document:Document");
            assert.strictEqual(doc.inputs.name, "SSM-SessionManagerRunShell");
            const prefs = JSON.parse(doc.inputs.content).inputs;
            assert.strictEqual(prefs.kmsKeyId, "arn:aws:kms:eu-west-1:111111111111:key/k");
            assert.strictEqual(prefs.s3KeyPrefix, "session-manager/111111111111/eu-west-1");
            assert.strictEqual(prefs.runAsDefaultUser, "ssm-session");
            const [group] = ofType(captured, "aws:cloudwatch/logGroup:LogGroup");
            assert.strictEqual(group.inputs.kmsKeyId, "arn:aws:kms:eu-west-1:111111111111:key/k");
            assert.strictEqual(group.inputs.retentionInDays, 400);
        });

        it("session preferences: encrypted, logged, time-limited, never root", () => {
            const prefs = JSON.parse(
                sessionPreferences({
                    bucketName: "b",
                    keyPrefix: "p",
                    logGroupName: "g",
                    kmsKeyId: "k",
                    runAsUser: "ops",
                    idleTimeoutMinutes: 15,
                    maxSessionMinutes: 120,
                }),
            );
            assert.strictEqual(prefs.sessionType, "Standard_Stream");
            assert.deepStrictEqual(
                [
                    prefs.inputs.s3EncryptionEnabled,
                    prefs.inputs.cloudWatchEncryptionEnabled,
                    prefs.inputs.runAsEnabled,
                    prefs.inputs.idleSessionTimeout,
                    prefs.inputs.maxSessionDuration,
                ],
                [true, true, true, "15", "120"],
            );
            assert.throws(
                () =>
                    sessionPreferences({
                        bucketName: "b",
                        keyPrefix: "p",
                        logGroupName: "g",
                        kmsKeyId: "k",
                        runAsUser: "root",
                        idleTimeoutMinutes: 1,
                        maxSessionMinutes: 1,
                    }),
                /root/,
            );
            assert.strictEqual(endpointSchema.safeParse({ ssm: { runAsUser: "root" } }).success, false);
        });
    });

    describe("Verified Access", () => {
        it("Cedar policies require the Identity Center group, a verified email and the provider's device posture", () => {
            assert.strictEqual(devicePostureCondition({ type: "jamf", tenantId: "t", minimumScore: 70 }), '["LOW", "SECURE"].contains(context.jamf.risk)');
            assert.strictEqual(devicePostureCondition({ type: "crowdstrike", tenantId: "t", minimumScore: 80 }), "context.crwd.assessment.overall >= 80");
            assert.strictEqual(devicePostureCondition({ type: "jumpcloud", tenantId: "t", minimumScore: 70 }), "context.jumpcloud.device.is_managed == true");
            const policy = groupPolicy(GROUP, { type: "crowdstrike", tenantId: "t", minimumScore: 70 });
            assert.match(policy, new RegExp(`context\\.idc\\.groups has "${GROUP}"`));
            assert.match(policy, /&& context\.idc\.user\.email\.verified == true\n\s+&& context\.crwd\.assessment\.overall >= 70/);
            assert.throws(() => groupPolicy('x" || true || "', { type: "jamf", tenantId: "t", minimumScore: 70 }), /not an Identity Center group id/);
        });

        it("instance with user and device trust, logs with trust context, groups shared with workload accounts", async () => {
            const captured = captureResources();
            new VerifiedAccess(
                "va",
                {
                    deviceTrustProvider: { type: "jumpcloud", tenantId: "northwind", minimumScore: 70 },
                    groups: { tools: { identityCenterGroupId: GROUP, description: "tools" } },
                    shareWith: [
                        { name: "payments-prod", id: "222222222222" },
                        { name: "checkout-prod", id: "333333333333" },
                    ],
                    ramSharing: new aws.ram.SharingWithOrganization("ram-sharing", {}, { provider: provider() }),
                    logBucketName: "lz-prod-access-logs-1-eu-west-1",
                    logBucketOwner: "444444444444",
                    logBucketPolicy: new aws.s3.BucketPolicy("access-logs-policy", { bucket: "lz-prod-access-logs-1-eu-west-1", policy: "{}" }, { provider: provider() }),
                    kmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/k",
                },
                { provider: provider() },
            );
            await settle();
            const providers = ofType(captured, "aws:verifiedaccess/trustProvider:TrustProvider");
            assert.deepStrictEqual(
                new Set(
                    providers.map(
                        (p) =>
                            `${p.inputs.trustProviderType}:${p.inputs.userTrustProviderType ?? p.inputs.deviceTrustProviderType}:${p.inputs.policyReferenceName}`,
                    ),
                ),
                new Set(["user:iam-identity-center:idc", "device:jumpcloud:jumpcloud"]),
            );
            assert.strictEqual(ofType(captured, "aws:verifiedaccess/instanceTrustProviderAttachment:InstanceTrustProviderAttachment").length, 2);
            const [logging] = ofType(captured, "aws:verifiedaccess/instanceLoggingConfiguration:InstanceLoggingConfiguration");
            assert.strictEqual(logging.inputs.accessLogs.includeTrustContext, true);
            assert.deepStrictEqual([logging.inputs.accessLogs.s3.enabled, logging.inputs.accessLogs.s3.bucketOwner], [true, "444444444444"]);
            const [group] = ofType(captured, "aws:verifiedaccess/group:Group");
            assert.match(group.inputs.policyDocument, /context\.jumpcloud\.device\.is_managed == true/);
            assert.strictEqual(group.inputs.sseConfiguration.customerManagedKeyEnabled, true);
            const [share] = ofType(captured, "aws:ram/resourceShare:ResourceShare");
            assert.strictEqual(share.inputs.allowExternalPrincipals, false);
            assert.deepStrictEqual(
                new Set(ofType(captured, "aws:ram/principalAssociation:PrincipalAssociation").map((p) => p.inputs.principal)),
                new Set(["222222222222", "333333333333"]),
            );
            assert.strictEqual(ofType(captured, "aws:ram/resourceAssociation:ResourceAssociation").length, 1);
        });
    });

    describe("Client VPN (optional, built when switched on)", () => {
        it("mutual TLS, split tunnel, connection logs and authorization to the named networks only", async () => {
            const captured = captureResources();
            new ClientVpn(
                "vpn",
                {
                    clientCidr: "172.31.252.0/22",
                    serverCertificateArn: CERT,
                    clientRootCertificateArn: ROOT_CERT,
                    subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
                    authorizedNetworks: { "shared-services-euw1": "10.8.16.0/20" },
                    logKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/k",
                    logRetentionDays: 400,
                },
                { provider: provider() },
            );
            await settle();
            const [endpoint] = ofType(captured, "aws:ec2clientvpn/endpoint:Endpoint");
            assert.deepStrictEqual(endpoint.inputs.authenticationOptions, [{ type: "certificate-authentication", rootCertificateChainArn: ROOT_CERT }]);
            assert.strictEqual(endpoint.inputs.connectionLogOptions.enabled, true);
            assert.strictEqual(endpoint.inputs.splitTunnel, true);
            assert.strictEqual(ofType(captured, "aws:ec2clientvpn/networkAssociation:NetworkAssociation").length, 2);
            const rules = ofType(captured, "aws:ec2clientvpn/authorizationRule:AuthorizationRule");
            assert.deepStrictEqual(
                rules.map((r) => r.inputs.targetNetworkCidr),
                ["10.8.16.0/20"],
            );
        });

        it("rejects a client pool outside the /12-/22 range", () => {
            assert.throws(
                () =>
                    new ClientVpn(
                        "bad",
                        {
                            clientCidr: "172.31.255.0/24",
                            serverCertificateArn: CERT,
                            clientRootCertificateArn: ROOT_CERT,
                            subnetIds: ["subnet-0123456789abcdef0"],
                            authorizedNetworks: { a: "10.0.0.0/16" },
                            logKeyArn: "k",
                            logRetentionDays: 1,
                        },
                        { provider: provider() },
                    ),
                /clientCidr/,
            );
        });
    });

    describe("WorkSpaces (optional, built when switched on)", () => {
        it("directory reachable from trusted networks only, desktop clients only, no local admin", async () => {
            const captured = captureResources();
            new WorkspacesDirectory(
                "ws",
                {
                    accountId: "111111111111",
                    directoryId: "d-1234567890",
                    subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
                    allowedCidrs: ["198.51.100.0/24"],
                },
                { provider: provider() },
            );
            await settle();
            const [ipGroup] = ofType(captured, "aws:workspaces/ipGroup:IpGroup");
            assert.deepStrictEqual(
                ipGroup.inputs.rules.map((r: { source: string }) => r.source),
                ["198.51.100.0/24"],
            );
            const [dir] = ofType(captured, "aws:workspaces/directory:Directory");
            assert.strictEqual(dir.inputs.ipGroupIds.length, 1);
            assert.strictEqual(dir.inputs.workspaceAccessProperties.deviceTypeWeb, "DENY");
            assert.strictEqual(dir.inputs.workspaceCreationProperties.userEnabledAsLocalAdministrator, false);
            assert.strictEqual(dir.inputs.workspaceCreationProperties.enableInternetAccess, false);
            const [role] = ofType(captured, "aws:iam/role:Role");
            assert.strictEqual(role.inputs.name, "workspaces_DefaultRole");
        });

        it("refuses to build a directory nobody could reach", () => {
            assert.throws(
                () =>
                    new WorkspacesDirectory(
                        "ws2",
                        { accountId: "1", directoryId: "d-1234567890", subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"], allowedCidrs: [] },
                        { provider: provider() },
                    ),
                /allowedCidrs is empty/,
            );
        });
    });

    describe("Firewall Manager", () => {
        it("baseline web ACL with the four AWS managed groups on ALBs and API stages, SG audit, Shield Advanced when on", async () => {
            const captured = captureResources();
            new FirewallManagerPolicies("fms", { scope: "regional", region: "eu-west-1", remediate: true, shieldAdvanced: true }, { provider: provider() });
            new FirewallManagerPolicies(
                "fms-cf",
                { scope: "cloudfront", region: "us-east-1", remediate: true, shieldAdvanced: false },
                { provider: provider("us-east-1") },
            );
            await settle();
            const policies = new Map(ofType(captured, "aws:fms/policy:Policy").map((p) => [p.inputs.name, p.inputs]));
            const regional = policies.get("landing-zone-waf-baseline-regional")!;
            assert.deepStrictEqual(regional.resourceTypeLists, ["AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ApiGateway::Stage"]);
            assert.strictEqual(regional.remediationEnabled, true);
            assert.strictEqual(policies.get("landing-zone-waf-baseline-cloudfront")!.resourceType, "AWS::CloudFront::Distribution");
            assert.strictEqual(policies.get("landing-zone-security-group-usage-audit")!.securityServicePolicyData.type, "SECURITY_GROUPS_USAGE_AUDIT");
            assert.strictEqual(policies.get("landing-zone-shield-advanced-regional")!.securityServicePolicyData.type, "SHIELD_ADVANCED");
            assert.ok(!policies.has("landing-zone-shield-advanced-cloudfront"));
            const data = JSON.parse(wafPolicyData());
            assert.deepStrictEqual(
                data.preProcessRuleGroups.map(
                    (g: { managedRuleGroupIdentifier: { managedRuleGroupName: string } }) => g.managedRuleGroupIdentifier.managedRuleGroupName,
                ),
                [...BASELINE_RULE_GROUPS],
            );
            assert.ok(BASELINE_RULE_GROUPS.includes("AWSManagedRulesAnonymousIpList") && BASELINE_RULE_GROUPS.includes("AWSManagedRulesKnownBadInputsRuleSet"));
        });

        it("CloudFront policies only from us-east-1", () => {
            assert.throws(
                () =>
                    new FirewallManagerPolicies(
                        "cf",
                        { scope: "cloudfront", region: "eu-west-1", remediate: true, shieldAdvanced: false },
                        { provider: provider() },
                    ),
                /us-east-1/,
            );
        });
    });
});
