import { strict as assert } from "assert";
import { backupVaultPolicy } from "../../components/policies/backup-vault";
import { expectDecisions, uncoveredStatements } from "../support/iam-simulation";
import { expectValidDocuments } from "../support/iam-documents";
import { BACKUP, inOrg, ORG_ID, OTHER_ORG_ID, OUTSIDER, session, WORKLOAD } from "./fixtures";

describe("data: backup vault policies (simulated)", () => {
    const vault = `arn:aws:backup:eu-west-1:${BACKUP}:backup-vault:landing-zone-central-backup`;
    const central = backupVaultPolicy({ vaultArn: vault, organizationId: ORG_ID, acceptsOrganizationCopies: true });
    const local = backupVaultPolicy({ vaultArn: vault.replace(BACKUP, WORKLOAD), organizationId: ORG_ID, acceptsOrganizationCopies: false });

    it("use only actions, condition keys and ARNs that exist in IAM", async () => {
        await expectValidDocuments({ central, local });
    });

    it("the central vault takes copies from the organization only", async () => {
        const outcomes = await expectDecisions({ resourcePolicy: central }, [
            {
                description: "a workload account copies a recovery point in",
                principal: session(WORKLOAD, "landing-zone-backup"),
                action: "backup:CopyIntoBackupVault",
                resource: vault,
                context: inOrg(),
                expected: "Allowed",
                statement: "OrganizationCopiesIn",
            },
            {
                description: "the same copy passes the organization deny",
                principal: session(WORKLOAD, "landing-zone-backup"),
                action: "backup:CopyIntoBackupVault",
                resource: vault,
                context: inOrg(),
                expected: "Allowed",
                statement: "DenyOutsideOrganization",
            },
            {
                description: "an outsider cannot copy in",
                principal: session(OUTSIDER, "x"),
                action: "backup:CopyIntoBackupVault",
                resource: vault,
                context: inOrg({}, OTHER_ORG_ID),
                expected: "ExplicitlyDenied",
                statement: "DenyOutsideOrganization",
            },
            {
                description: "a workload account cannot delete the vault",
                principal: session(WORKLOAD, "admin"),
                action: "backup:DeleteBackupVault",
                resource: vault,
                context: inOrg(),
                expected: "ImplicitlyDenied",
            },
        ]);
        assert.deepEqual(uncoveredStatements([central], outcomes), []);
    });

    it("a workload vault refuses outsiders", async () => {
        const arn = vault.replace(BACKUP, WORKLOAD);
        const outcomes = await expectDecisions({ resourcePolicy: local }, [
            {
                description: "an outsider cannot copy in",
                principal: session(OUTSIDER, "x"),
                action: "backup:CopyIntoBackupVault",
                resource: arn,
                context: inOrg({}, OTHER_ORG_ID),
                expected: "ExplicitlyDenied",
                statement: "DenyOutsideOrganization",
            },
            {
                description: "the account's own role still works",
                principal: session(WORKLOAD, "landing-zone-backup"),
                action: "backup:StartBackupJob",
                resource: arn,
                context: inOrg(),
                expected: "Allowed",
                statement: "DenyOutsideOrganization",
            },
        ]);
        assert.deepEqual(uncoveredStatements([local], outcomes), []);
    });
});
