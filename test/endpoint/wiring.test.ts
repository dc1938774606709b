import * as assert from "assert";
import { parseLandingZoneConfig, namespacedConfig } from "../../stacks/config";
import { parse } from "yaml";
import { readFileSync } from "fs";
import { join } from "path";
import { runLandingZone } from "../security/harness";

const CERT = "arn:aws:acm:eu-west-1:111111111111:certificate/11111111-2222-3333-4444-555555555555";

/** The dev stack with every optional endpoint feature switched on, validated like a real stack file. */
function devWithOptions(): ReturnType<typeof parseLandingZoneConfig> {
    const raw = namespacedConfig((parse(readFileSync(join(__dirname, "..", "..", "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> }).config);
    const endpoint = raw.endpoint as Record<string, unknown>;
    raw.endpoint = {
        ...endpoint,
        clientVpn: { enabled: true, serverCertificateArn: CERT, clientRootCertificateArn: CERT, subnetIds: ["subnet-0123456789abcdef0"] },
        workspaces: { enabled: true, directoryId: "d-1234567890", subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"] },
        shieldAdvanced: { enabled: true },
        privateCa: { enabled: true },
    };
    return parseLandingZoneConfig(raw, "dev with options");
}

describe("endpoint wiring with the optional features on", function () {
    this.timeout(300_000);

    it("builds Client VPN and WorkSpaces in shared services and Shield Advanced through Firewall Manager", async () => {
        const config = devWithOptions();
        const run = await runLandingZone(config);
        const [endpoint] = run.of("aws:ec2clientvpn/endpoint:Endpoint");
        assert.deepStrictEqual([endpoint.account, endpoint.region], ["shared-services", config.regions.home]);
        const sharedSpokes = config.network.spokes.filter((s) => s.account === "shared-services" && s.region === config.regions.home).map((s) => s.cidr);
        assert.deepStrictEqual(
            run.of("aws:ec2clientvpn/authorizationRule:AuthorizationRule").map((r) => r.r.inputs.targetNetworkCidr),
            sharedSpokes,
        );
        const [directory] = run.of("aws:workspaces/directory:Directory");
        assert.strictEqual(directory.account, "shared-services");
        const [ipGroup] = run.of("aws:workspaces/ipGroup:IpGroup");
        assert.deepStrictEqual(
            (ipGroup.r.inputs.rules as { source: string }[]).map((r) => r.source),
            config.identity.trustedNetworks.cidrs,
        );
        const shield = run.of("aws:fms/policy:Policy").filter((p) => String(p.r.inputs.name).startsWith("landing-zone-shield-advanced"));
        // No CloudFront scope: Firewall Manager sees distributions only through a us-east-1 Config recorder,
        // and dev records only in its allowed regions (the config refuses waf.cloudFront there).
        assert.strictEqual(config.endpoint.waf.cloudFront, false);
        assert.deepStrictEqual(new Set(shield.map((p) => p.region)), new Set(config.regions.allowed));
        assert.ok(shield.every((p) => p.account === "security-tooling"));

        // Verified Access admits the Identity Center group named in config, by the id the identity store
        // gives for that name: the same id the permission-set assignments of that group use.
        const [group] = run.of("aws:verifiedaccess/group:Group");
        const named = config.endpoint.verifiedAccess.groups["internal-tools"].identityCenterGroup;
        const assignment = run.of("aws:ssoadmin/accountAssignment:AccountAssignment").find((a) => a.r.name.startsWith(`identity-center-assign-${named}-`));
        assert.ok(assignment, `no assignment of ${named}`);
        const id = String(assignment.r.inputs.principalId);
        assert.match(id, /^[0-9a-f-]{36}$/);
        assert.match(String(group.r.inputs.policyDocument), new RegExp(`context\\.idc\\.groups has "${id}"`));
    });

    it("builds the private CAs in security tooling: a root that signs only the short-lived issuing CA, CRLs in the log archive, the issuing CA shared with the organization", async () => {
        const config = devWithOptions();
        const run = await runLandingZone(config);
        const home = config.regions.home;
        const cas = run.of("aws:acmpca/certificateAuthority:CertificateAuthority");
        assert.deepStrictEqual(
            cas.map((c) => [c.account, c.region, c.r.inputs.type, c.r.inputs.usageMode]),
            [
                ["security-tooling", home, "ROOT", "GENERAL_PURPOSE"],
                ["security-tooling", home, "SUBORDINATE", "SHORT_LIVED_CERTIFICATE"],
            ],
        );
        const [root, issuing] = cas.map((c) => c.r);
        const crlBucket = `lz-dev-private-ca-crl-${config.managementAccountId}-${home}`;
        for (const ca of [root, issuing]) {
            const conf = ca.inputs.certificateAuthorityConfiguration as Record<string, unknown>;
            assert.deepStrictEqual([conf.keyAlgorithm, conf.signingAlgorithm], ["EC_prime256v1", "SHA256WITHECDSA"]);
            assert.strictEqual(ca.inputs.permanentDeletionTimeInDays, 30);
            assert.deepStrictEqual((ca.inputs.revocationConfiguration as { crlConfiguration: unknown }).crlConfiguration, {
                enabled: true,
                expirationInDays: 7,
                s3BucketName: crlBucket,
                s3ObjectAcl: "BUCKET_OWNER_FULL_CONTROL",
            });
            // dev does not protect stateful resources, but a CA removed from config is never deleted.
            assert.deepStrictEqual([ca.options.protect, ca.options.retainOnDelete], [config.settings.protectStatefulResources, true]);
        }
        assert.deepStrictEqual((issuing.inputs.revocationConfiguration as { ocspConfiguration: unknown }).ocspConfiguration, { enabled: true });

        // The root signs its own CSR, then the issuing CA's with path length 0; the issuing CA is installed with the root as its chain.
        const certificates = run.of("aws:acmpca/certificate:Certificate").map((c) => c.r.inputs);
        assert.deepStrictEqual(
            certificates.map((c) => [c.certificateAuthorityArn, String(c.templateArn).split(":::")[1]]),
            [
                [root.id, "template/RootCACertificate/V1"],
                [root.id, "template/SubordinateCACertificate_PathLen0/V1"],
            ],
        );
        assert.match(String(root.id), /^arn:aws:acm-pca:eu-west-1:\d{12}:certificate-authority\/[0-9a-f-]{36}$/);
        const installed = run.of("aws:acmpca/certificateAuthorityCertificate:CertificateAuthorityCertificate").map((c) => c.r.inputs);
        assert.deepStrictEqual(
            installed.map((i) => i.certificateAuthorityArn),
            [root.id, issuing.id],
        );

        // The CRL bucket is the log archive's, encrypted with its own key, public access blocked.
        const [bucket] = run.of("aws:s3/bucket:Bucket").filter((b) => b.r.inputs.bucket === crlBucket);
        assert.strictEqual(bucket.account, "log-archive");
        assert.ok(
            run.of("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").some((b) => b.r.parent === bucket.r.urn && b.r.inputs.blockPublicPolicy === true),
        );
        // Each CA waits for the bucket policy that admits AWS Private CA (it writes a test object when created).
        const [policy] = run.of("aws:s3/bucketPolicy:BucketPolicy").filter((p) => p.r.parent === bucket.r.urn);
        for (const ca of [root, issuing]) assert.ok(ca.dependencies.includes(policy.r.urn), `${ca.name} waits for the CRL bucket policy`);

        // Only the issuing CA is shared, with the organization, once RAM sharing with the organization is on.
        const shares = run.of("aws:ram/resourceAssociation:ResourceAssociation").filter((a) => String(a.r.inputs.resourceArn).includes(":acm-pca:"));
        assert.deepStrictEqual(
            shares.map((a) => a.r.inputs.resourceArn),
            [issuing.id],
        );
        const [organization] = run.of("aws:organizations/organization:Organization");
        const principal = run
            .of("aws:ram/principalAssociation:PrincipalAssociation")
            .find((p) => p.r.name === "security-private-ca-issuing-share-organization");
        assert.ok(principal);
        assert.strictEqual(principal.r.inputs.principal, `arn:aws:organizations::${config.managementAccountId}:organization/${organization.r.id}`);

        // Key usage is audited: the CIS alarms page on CA changes and on revocation bursts.
        const alarms = run.of("aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => a.r.inputs);
        const burst = alarms.find((a) => a.name === "cis-private-ca-revocation-burst");
        assert.ok(alarms.some((a) => a.name === "cis-private-ca-changes"));
        assert.ok(burst && (burst.threshold as number) > 1);
    });

    it("builds no private CA and no CA alarm with the option off", async () => {
        const run = await runLandingZone(
            parseLandingZoneConfig(
                namespacedConfig((parse(readFileSync(join(__dirname, "..", "..", "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> }).config),
                "dev",
            ),
        );
        assert.deepStrictEqual(run.of("aws:acmpca/certificateAuthority:CertificateAuthority"), []);
        assert.ok(!run.of("aws:cloudwatch/metricAlarm:MetricAlarm").some((a) => String(a.r.inputs.name).startsWith("cis-private-ca")));
    });
});
