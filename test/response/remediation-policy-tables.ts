/** Per remediation: what its role may do in the workload account, and the neighbours it may not. */
import { SimulationRequest } from "../support/iam-simulation";
import { QUARANTINE_FINDING_TAG, remediationPermissions } from "../../components/policies/response";
import { REMEDIATIONS } from "../../components/response/patterns";
import { instance, quarantineTag, remediationRole, row, sg, Table, WORKLOAD } from "./response-policy-fixtures";

type RemediationRow = [
    description: string,
    action: string,
    resource: string,
    expected: SimulationRequest["expected"],
    statement?: string,
    context?: Record<string, string | string[]>,
];
const remediationTable = (r: (typeof REMEDIATIONS)[number], rows: RemediationRow[]): Table => ({
    policies: { identity: { [r]: remediationPermissions(r, "aws", WORKLOAD) } },
    covers: [remediationPermissions(r, "aws", WORKLOAD)],
    requests: rows.map(([description, action, resource, expected, statement, context]) =>
        row(description, remediationRole(r), action, resource, expected, statement, context),
    ),
});
const volume = `arn:aws:ec2:eu-west-1:${WORKLOAD}:volume/vol-0aaa1111bbbb22223`;
const snapshot = "arn:aws:ec2:eu-west-1::snapshot/snap-0123456789abcdef0";
const bucket = "arn:aws:s3:::checkout-exports-111122223333";
const user = `arn:aws:iam::${WORKLOAD}:user/ci-deployer`;
const trail = `arn:aws:cloudtrail:eu-west-1:${WORKLOAD}:trail/checkout-audit`;
const asg = `arn:aws:autoscaling:eu-west-1:${WORKLOAD}:autoScalingGroup:0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e:autoScalingGroupName/checkout-app`;
export const remediationTables: Record<string, Table> = {
    "isolate-instance: quarantine, snapshot, tag, detach; nothing else": remediationTable("isolate-instance", [
        ["reads instances", "ec2:DescribeInstances", "*", "Allowed", "ReadInstanceAndGroups"],
        ["detaches from its Auto Scaling group", "autoscaling:DetachInstances", asg, "Allowed", "DetachFromAutoScaling"],
        ["cannot delete the Auto Scaling group", "autoscaling:DeleteAutoScalingGroup", asg, "ImplicitlyDenied"],
        ["snapshots a volume", "ec2:CreateSnapshot", volume, "Allowed", "SnapshotVolumes"],
        ["cannot delete a snapshot", "ec2:DeleteSnapshot", snapshot, "ImplicitlyDenied"],
        ["creates the quarantine group", "ec2:CreateSecurityGroup", sg, "Allowed", "CreateQuarantineGroup"],
        ["tags the group it creates", "ec2:CreateTags", sg, "Allowed", "TagOnCreate", { "ec2:CreateAction": "CreateSecurityGroup" }],
        ["cannot tag a group outside creation", "ec2:CreateTags", sg, "ImplicitlyDenied", undefined, { "ec2:CreateAction": "CreateVpc" }],
        ["tags the instance with the finding", "ec2:CreateTags", instance, "Allowed", "TagIsolatedInstance", { "aws:TagKeys": [QUARANTINE_FINDING_TAG] }],
        ["cannot put other tags on the instance", "ec2:CreateTags", instance, "ImplicitlyDenied", undefined, { "aws:TagKeys": ["Owner"] }],
        ["empties the quarantine group", "ec2:RevokeSecurityGroupEgress", sg, "Allowed", "EmptyQuarantineGroupOnly", quarantineTag],
        ["cannot strip rules from another group", "ec2:RevokeSecurityGroupEgress", sg, "ImplicitlyDenied"],
        [
            "changes an interface's groups",
            "ec2:ModifyNetworkInterfaceAttribute",
            `arn:aws:ec2:eu-west-1:${WORKLOAD}:network-interface/eni-0123456789abcdef0`,
            "Allowed",
            "ChangeInterfaceGroups",
        ],
        ["moves an interface into the quarantine group", "ec2:ModifyNetworkInterfaceAttribute", sg, "Allowed", "IntoQuarantineGroupOnly", quarantineTag],
        ["cannot move an interface into another group", "ec2:ModifyNetworkInterfaceAttribute", sg, "ImplicitlyDenied"],
        ["cannot terminate the instance", "ec2:TerminateInstances", instance, "ImplicitlyDenied"],
        ["adds deny entries to a NACL", "ec2:CreateNetworkAclEntry", `arn:aws:ec2:eu-west-1:${WORKLOAD}:network-acl/acl-0a1b2c3d4e5f60001`, "Allowed", "DenyInstanceAddressesInNetworkAcl"],
        ["cannot delete NACL entries", "ec2:DeleteNetworkAclEntry", `arn:aws:ec2:eu-west-1:${WORKLOAD}:network-acl/acl-0a1b2c3d4e5f60001`, "ImplicitlyDenied"],
        ["removes the instance profile", "ec2:DisassociateIamInstanceProfile", instance, "Allowed", "RemoveInstanceProfile"],
        ["revokes a workload role's sessions", "iam:PutRolePolicy", `arn:aws:iam::${WORKLOAD}:role/checkout-app`, "Allowed", "RevokeRoleSessions"],
        ["cannot put a policy on its own role", "iam:PutRolePolicy", `arn:aws:iam::${WORKLOAD}:role/landing-zone-remediation-isolate-instance`, "ExplicitlyDenied", "NeverLandingZoneOrAwsRoles"],
        ["reads the role of an instance profile", "iam:GetInstanceProfile", `arn:aws:iam::${WORKLOAD}:instance-profile/checkout-app`, "Allowed", "ReadInstanceProfileRole"],
        ["the guard leaves workload roles under a path alone", "iam:PutRolePolicy", `arn:aws:iam::${WORKLOAD}:role/workload/checkout-worker`, "Allowed", "NeverLandingZoneOrAwsRoles"],
        ["cannot attach managed policies", "iam:AttachRolePolicy", `arn:aws:iam::${WORKLOAD}:role/checkout-app`, "ImplicitlyDenied"],
        ["cannot touch another account's role", "iam:PutRolePolicy", "arn:aws:iam::999988887777:role/checkout-app", "ImplicitlyDenied"],
    ]),
    "block-s3-public-access: the account's bucket blocks only": remediationTable("block-s3-public-access", [
        [
            "blocks public access on a bucket of the account",
            "s3:PutBucketPublicAccessBlock",
            bucket,
            "Allowed",
            "ReadAndBlockBucketAccess",
            { "s3:ResourceAccount": WORKLOAD },
        ],
        [
            "cannot touch another account's bucket",
            "s3:PutBucketPublicAccessBlock",
            "arn:aws:s3:::someone-elses-bucket",
            "ImplicitlyDenied",
            undefined,
            { "s3:ResourceAccount": "999988887777" },
        ],
        ["cannot delete a bucket policy", "s3:DeleteBucketPolicy", bucket, "ImplicitlyDenied", undefined, { "s3:ResourceAccount": WORKLOAD }],
        ["cannot read objects", "s3:GetObject", `${bucket}/exports/customers.csv`, "ImplicitlyDenied", undefined, { "s3:ResourceAccount": WORKLOAD }],
    ]),
    "deactivate-access-key: deactivate, never create or delete": remediationTable("deactivate-access-key", [
        ["deactivates a user's key", "iam:UpdateAccessKey", user, "Allowed", "DeactivateUserKeys"],
        ["cannot delete a key", "iam:DeleteAccessKey", user, "ImplicitlyDenied"],
        ["cannot create a key", "iam:CreateAccessKey", user, "ImplicitlyDenied"],
        ["cannot act in another account", "iam:UpdateAccessKey", "arn:aws:iam::999988887777:user/ci-deployer", "ImplicitlyDenied"],
    ]),
    "restore-trail: start and restore, never stop or delete": remediationTable("restore-trail", [
        ["starts logging", "cloudtrail:StartLogging", trail, "Allowed", "RestoreTrails"],
        [
            "restores the organization trail",
            "cloudtrail:UpdateTrail",
            `arn:aws:cloudtrail:eu-west-1:${WORKLOAD}:trail/landing-zone-organization`,
            "Allowed",
            "RestoreTrails",
        ],
        ["reads the organization for it", "organizations:DescribeOrganization", "*", "Allowed", "ReadOrganizationForOrganizationTrail"],
        ["cannot stop logging", "cloudtrail:StopLogging", trail, "ImplicitlyDenied"],
        ["cannot delete a trail", "cloudtrail:DeleteTrail", trail, "ImplicitlyDenied"],
    ]),
    "restore-default-security-group: revoke only": remediationTable("restore-default-security-group", [
        ["reads groups", "ec2:DescribeSecurityGroups", "*", "Allowed", "ReadGroups"],
        ["revokes rules", "ec2:RevokeSecurityGroupIngress", sg, "Allowed", "RevokeGroupRules"],
        ["cannot add rules", "ec2:AuthorizeSecurityGroupIngress", sg, "ImplicitlyDenied"],
        ["cannot delete the group", "ec2:DeleteSecurityGroup", sg, "ImplicitlyDenied"],
    ]),
};
