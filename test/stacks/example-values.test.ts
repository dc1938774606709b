import * as assert from "assert";
import { exampleValues } from "../../stacks/example-values";
import { stackValues } from "../support/config";

describe("documentation examples in the stack files", () => {
    it("lists the operator's values the committed stacks hold, each by key, value and what belongs there", () => {
        const found = exampleValues(stackValues("prod"));
        const at = (key: string) => found.find((p) => p.startsWith(`${key}: `));
        assert.strictEqual(
            at("landing-zone:managementAccountId"),
            'landing-zone:managementAccountId: an example account id, no organization\'s (got "123456789012"; expected the 12-digit id of your account, e.g. from aws sts get-caller-identity)',
        );
        assert.match(
            at("landing-zone:organization.coreAccounts.logArchive.email") ?? found.join("\n"),
            /reserved example domain \(RFC 2606\).*got "aws\+log-archive@northwind\.example"/,
        );
        assert.match(
            at("landing-zone:identity.trustedNetworks.cidrs[1]") ?? found.join("\n"),
            /RFC 5737 documentation address range.*got "203\.0\.113\.0\/25"/,
        );
        assert.match(
            at("landing-zone:response.notifications.critical[1].endpoint") ?? found.join("\n"),
            /got "https:\/\/hooks\.northwind\.example\/security\/critical"/,
        );
        assert.ok(at("landing-zone:identity.breakGlass.trustedAccountIds[0]"), found.join("\n"));
        assert.match(
            at("landing-zone:endpoint.verifiedAccess.deviceTrustProvider.tenantId") ?? found.join("\n"),
            /example organization's name.*got "northwind"/,
        );
        assert.match(
            at("landing-zone:organization.alternateContacts.security.phone") ?? found.join("\n"),
            /reserved for fiction \(555-0100 to 555-0199\).*got "\+1 206-555-0100"/,
        );
        assert.match(at("landing-zone:organization.alternateContacts.billing.email") ?? found.join("\n"), /got "aws-billing@northwind\.example"/);
        assert.match(at("landing-zone:deployment.repository") ?? found.join("\n"), /got "northwind\/aws-landing-zone"/);
        const dev = exampleValues(stackValues("dev"));
        assert.ok(
            dev.some((p) =>
                p.startsWith('landing-zone:identity.accessAnalyzer.archiveRules[0].filter["principal.AWS"][0]: an ARN in example account 777788889999'),
            ),
            dev.join("\n"),
        );
    });

    it("leaves real values alone: AWS-managed list ids, a vendor's account, AWS and public domains, private CIDRs", () => {
        const prod = exampleValues(stackValues("prod"));
        for (const key of ["dnsFirewallManagedDomainLists", "archiveRules", "egressAllowedDomains", "dnsBlockedDomains", "network.regions", "network.spokes"])
            assert.ok(!prod.some((p) => p.includes(key)), prod.join("\n"));
        assert.deepStrictEqual(
            exampleValues({
                managementAccountId: "464622532012",
                network: { egressAllowedDomains: [".amazonaws.com", "registry.npmjs.org", ".examples.io"], dnsBlockedDomains: [".onion"] },
                identity: { trustedNetworks: { cidrs: ["192.0.20.0/24", "10.0.0.0/8"] } },
                response: { notifications: { high: [{ protocol: "email", endpoint: "secops@testing.example.org.uk" }] } },
                organization: { alternateContacts: { security: { phone: "+1 206-266-1000" }, billing: { phone: "+1 206-555-1234" } } },
            }),
            [],
        );
    });

    it("names the reserved domains and documentation ranges wherever they stand", () => {
        assert.deepStrictEqual(
            exampleValues({ a: "ops@example.com", b: ["https://hooks.corp.test/x"], c: { d: "192.0.2.0/24" }, e: "arn:aws:iam::111122223333:role/ci" }).map(
                (p) => p.split(":")[1],
            ),
            ["a", "b[0]", "c.d", "e"],
        );
    });
});
