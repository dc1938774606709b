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
        const assignment = run
            .of("aws:ssoadmin/accountAssignment:AccountAssignment")
            .find((a) => a.r.name.startsWith(`identity-center-assign-${named}-`));
        assert.ok(assignment, `no assignment of ${named}`);
        const id = String(assignment.r.inputs.principalId);
        assert.match(id, /^[0-9a-f-]{36}$/);
        assert.match(String(group.r.inputs.policyDocument), new RegExp(`context\\.idc\\.groups has "${id}"`));
    });
});
