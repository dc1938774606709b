import * as assert from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { namespacedConfig, parseLandingZoneConfig } from "../../stacks/config";
import { endpointProblems, endpointSchema } from "../../stacks/schema/services";

const problems = (raw: unknown) => endpointProblems(endpointSchema.parse(raw)).map((p) => `${p.path.join(".")}: ${p.message}`);

describe("endpoint config rules", () => {
    it("defaults are valid once Verified Access has a device provider", () => {
        assert.deepStrictEqual(problems({ verifiedAccess: { deviceTrustProvider: { type: "jamf", tenantId: "t" } } }), []);
    });

    it("Verified Access without a device trust provider is refused", () => {
        assert.match(problems({}).join("\n"), /verifiedAccess\.deviceTrustProvider: Verified Access needs a device trust provider/);
    });

    it("one baseline per operating system and per patch group", () => {
        const found = problems({
            verifiedAccess: { enabled: false },
            ssm: {
                patchBaselines: {
                    linux: { operatingSystem: "AMAZON_LINUX_2023", patchGroups: ["web"] },
                    "linux-web": { operatingSystem: "AMAZON_LINUX_2023", patchGroups: ["web"] },
                },
            },
        });
        assert.deepStrictEqual(found, [
            "endpoint.ssm.patchBaselines.linux-web.operatingSystem: AMAZON_LINUX_2023 already has baseline linux (expected one baseline per operating system, the OS default)",
            "endpoint.ssm.patchBaselines.linux-web.patchGroups.0: patch group already patched by baseline linux (expected each patch group in one baseline)",
        ]);
    });

    it("switched-on options must be complete", () => {
        const found = problems({
            verifiedAccess: { enabled: false },
            clientVpn: { enabled: true },
            workspaces: { enabled: true, subnetIds: ["subnet-0123456789abcdef0"] },
            waf: { enabled: false },
            shieldAdvanced: { enabled: true },
        });
        assert.deepStrictEqual(
            found.map((f) => f.split(":")[0]),
            [
                "endpoint.clientVpn.serverCertificateArn",
                "endpoint.clientVpn.clientRootCertificateArn",
                "endpoint.clientVpn.subnetIds",
                "endpoint.workspaces.directoryId",
                "endpoint.workspaces.subnetIds",
                "endpoint.shieldAdvanced.enabled",
            ],
        );
    });

    it("private CAs: the signing algorithm fits the key, the issuing CA ends before the root", () => {
        assert.deepStrictEqual(problems({ verifiedAccess: { enabled: false }, privateCa: { enabled: true } }), []);
        assert.deepStrictEqual(
            problems({
                verifiedAccess: { enabled: false },
                privateCa: { enabled: true, keyAlgorithm: "RSA_2048", signingAlgorithm: "SHA256WITHECDSA", rootValidityYears: 5, issuingValidityYears: 5 },
            }),
            [
                "endpoint.privateCa.signingAlgorithm: cannot sign with the CAs' RSA_2048 key (expected a SHA*WITHRSA algorithm)",
                "endpoint.privateCa.issuingValidityYears: the issuing CA would outlive the root's 5-year certificate (expected fewer years than rootValidityYears)",
            ],
        );
        // Off, nothing is checked: the example values stay harmless.
        assert.deepStrictEqual(problems({ verifiedAccess: { enabled: false }, privateCa: { keyAlgorithm: "RSA_2048" } }), []);
        assert.strictEqual(endpointSchema.safeParse({ privateCa: { keyAlgorithm: "RSA_1024" } }).success, false);
        assert.strictEqual(endpointSchema.safeParse({ privateCa: { permanentDeletionTimeInDays: 3 } }).success, false);
    });

    it("schema refuses root sessions and malformed ids", () => {
        assert.strictEqual(endpointSchema.safeParse({ ssm: { runAsUser: "root" } }).success, false);
        assert.strictEqual(endpointSchema.safeParse({ verifiedAccess: { groups: { ops: { identityCenterGroup: "", description: "x" } } } }).success, false);
        assert.strictEqual(endpointSchema.safeParse({ clientVpn: { serverCertificateArn: "arn:aws:iam::1:role/x" } }).success, false);
    });
});

describe("endpoint rules in stack validation", () => {
    it("a stack file with an incomplete option fails with the key path and the fix", () => {
        const raw = namespacedConfig(
            (parse(readFileSync(join(__dirname, "..", "..", "Pulumi.prod.yaml"), "utf8")) as { config: Record<string, unknown> }).config,
        );
        raw.endpoint = { ...(raw.endpoint as object), clientVpn: { enabled: true } };
        assert.throws(
            () => parseLandingZoneConfig(raw, "Pulumi.prod.yaml"),
            /landing-zone:endpoint\.clientVpn\.serverCertificateArn: required when clientVpn is enabled \(got nothing; expected an ACM certificate ARN\)/,
        );
    });

    it("a private CA whose algorithms do not match fails with the key path, the value and the fix", () => {
        const raw = namespacedConfig(
            (parse(readFileSync(join(__dirname, "..", "..", "Pulumi.prod.yaml"), "utf8")) as { config: Record<string, unknown> }).config,
        );
        raw.endpoint = { ...(raw.endpoint as object), privateCa: { enabled: true, keyAlgorithm: "EC_secp384r1", signingAlgorithm: "SHA384WITHRSA" } };
        assert.throws(
            () => parseLandingZoneConfig(raw, "Pulumi.prod.yaml"),
            /landing-zone:endpoint\.privateCa\.signingAlgorithm: cannot sign with the CAs' EC_secp384r1 key \(got "SHA384WITHRSA"; expected a SHA\*WITHECDSA algorithm\)/,
        );
    });

    it("a Verified Access group names an Identity Center group the stack knows, by display name", () => {
        const raw = namespacedConfig(
            (parse(readFileSync(join(__dirname, "..", "..", "Pulumi.prod.yaml"), "utf8")) as { config: Record<string, unknown> }).config,
        );
        const endpoint = raw.endpoint as { verifiedAccess: { groups: Record<string, Record<string, unknown>> } };
        endpoint.verifiedAccess.groups["internal-tools"] = { identityCenterGroup: "aws-platform-enginers", description: "typo" };
        assert.throws(
            () => parseLandingZoneConfig(raw, "Pulumi.prod.yaml"),
            /landing-zone:endpoint\.verifiedAccess\.groups\["internal-tools"\]\.identityCenterGroup: unknown group \(got "aws-platform-enginers"; expected one of identity\.groups: aws-platform-admins, /,
        );
        // The old id key is refused by name: a GUID in the stack file cannot be checked against anything.
        endpoint.verifiedAccess.groups["internal-tools"] = { identityCenterGroupId: "94f8a4c2-1071-70a3-9d2b-6c1e0f3a5b72", description: "old" };
        assert.throws(
            () => parseLandingZoneConfig(raw, "Pulumi.prod.yaml"),
            /groups\["internal-tools"\]\.identityCenterGroup: missing required value[\s\S]*groups\["internal-tools"\]\.identityCenterGroupId: unknown key/,
        );
    });
});
