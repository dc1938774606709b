import { policyDocument, PolicyDocument, Statement } from "./document";

export interface BackupVaultPolicyArgs {
    readonly vaultArn: string;
    readonly organizationId: string;
    /** The central vault accepts copies from every account of the organization. */
    readonly acceptsOrganizationCopies: boolean;
}

/** Recovery-point deletion and policy changes are for nobody outside the organization; the central vault takes copies from it. */
export function backupVaultPolicy(a: BackupVaultPolicyArgs): PolicyDocument {
    const statements: Statement[] = [
        {
            Sid: "DenyOutsideOrganization",
            Effect: "Deny",
            Principal: "*",
            Action: "backup:*",
            Resource: a.vaultArn,
            Condition: {
                StringNotEqualsIfExists: { "aws:PrincipalOrgID": a.organizationId },
                BoolIfExists: { "aws:PrincipalIsAWSService": false },
            },
        },
    ];
    if (a.acceptsOrganizationCopies) {
        statements.push({
            Sid: "OrganizationCopiesIn",
            Effect: "Allow",
            Principal: "*",
            Action: "backup:CopyIntoBackupVault",
            Resource: a.vaultArn,
            Condition: { StringEquals: { "aws:PrincipalOrgID": a.organizationId } },
        });
    }
    return policyDocument(statements);
}
