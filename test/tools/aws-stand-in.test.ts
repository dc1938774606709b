import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CreatedLedger, StandInProvider } from "../../tools/aws-stand-in";

const urn = (type: string, name: string) => `urn:pulumi:dev::landing-zone::${type}::${name}`;
const GD_ADMIN = "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount";
const GD_CONFIG = "aws:guardduty/organizationConfiguration:OrganizationConfiguration";
const ORGANIZATION = "aws:organizations/organization:Organization";

/** One provider process per account and region, all sharing the workspace's ledger, as under the engine. */
function providers() {
    const ledger = new CreatedLedger(fs.mkdtempSync(path.join(os.tmpdir(), "stand-in-test-")));
    const at = (account: string, region: string) => {
        const p = new StandInProvider(ledger);
        p.configure({ allowedAccountIds: [account], region });
        return p;
    };
    return { management: (region: string) => at("111111111111", region), tooling: (region: string) => at("222222222222", region) };
}

describe("the stand-in AWS provider refuses a create whose prerequisite AWS needs does not exist yet", () => {
    it("a GuardDuty organization configuration before the region's delegated administrator: refused, as AWS does", () => {
        const { management, tooling } = providers();
        const configure = () => tooling("eu-west-1").created(urn(GD_CONFIG, "gd"), { detectorId: "d-1", autoEnableOrganizationMembers: "ALL" });
        assert.throws(configure, /AccessDeniedException: the account is not the delegated administrator for GuardDuty/);

        management("eu-west-1").created(urn(ORGANIZATION, "org"), { featureSet: "ALL" });
        // Another region's registration does not make this account GuardDuty's administrator here.
        management("us-east-1").created(urn(GD_ADMIN, "gd-admin-us-east-1"), { adminAccountId: "222222222222" });
        assert.throws(configure, /no aws:guardduty\/organizationAdminAccount:OrganizationAdminAccount in its organization-region/);

        management("eu-west-1").created(urn(GD_ADMIN, "gd-admin-eu-west-1"), { adminAccountId: "222222222222" });
        assert.ok(configure().id);
    });

    it("a deleted prerequisite no longer counts", () => {
        const { management, tooling } = providers();
        const admin = urn(GD_ADMIN, "gd-admin");
        management("eu-west-1").created(urn(ORGANIZATION, "org"), { featureSet: "ALL" });
        management("eu-west-1").created(admin, { adminAccountId: "222222222222" });
        management("eu-west-1").deleted(admin);
        assert.throws(() => tooling("eu-west-1").created(urn(GD_CONFIG, "gd"), { detectorId: "d-1" }), /delegated administrator for GuardDuty/);
    });

    it("a delegated administrator for a service principal counts only for that service", () => {
        const { management, tooling } = providers();
        const delegate = (principal: string) =>
            management("eu-west-1").created(urn("aws:organizations/delegatedAdministrator:DelegatedAdministrator", principal), {
                accountId: "222222222222",
                servicePrincipal: principal,
            });
        management("eu-west-1").created(urn(ORGANIZATION, "org"), { featureSet: "ALL" });
        delegate("config.amazonaws.com");
        const pack = () =>
            tooling("eu-west-1").created(urn("aws:cfg/organizationConformancePack:OrganizationConformancePack", "pack"), {
                name: "baseline",
                templateBody: "{}",
            });
        assert.throws(pack, /delegated administrator for AWS Config \(organization rules and conformance packs\)/);
        delegate("config-multiaccountsetup.amazonaws.com");
        // Delegated now, but no account of the region records yet: AWS's pack deployment fails.
        assert.throws(pack, /NoAvailableConfigurationRecorderException/);
    });

    it("previews are never refused: the engine previews creates before anything exists", () => {
        const { tooling } = providers();
        assert.ok(tooling("eu-west-1").previewed(urn(GD_CONFIG, "gd"), { detectorId: "d-1" }));
    });
});
