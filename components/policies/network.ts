import { partitionOf } from "../organization/naming";
import { PolicyDocument, policyDocument } from "./document";

/**
 * VPC endpoint policies. An endpoint policy is evaluated on every call that goes through the endpoint,
 * so an org-only policy stops stolen credentials of another organization from using our private path
 * (and our network from being used as an exfiltration path into someone else's account).
 */

/**
 * Interface endpoints: only principals of this organization may call through the endpoint. The STS endpoint
 * also admits the two federation calls, which are unsigned (the caller holds a web identity or SAML token, not
 * AWS credentials), so no aws:PrincipalOrgID, aws:PrincipalAccount or aws:PrincipalArn is in their request
 * context and the first statement can never match them; without this, EKS IRSA, GitHub OIDC and SAML sign-in
 * from a spoke fail, because the private hosted zone sends the regional STS name here. What such a request
 * does carry is the role it assumes: aws:ResourceOrgID keeps it to roles of this organization (as the AWS
 * data-perimeter examples do). The identity provider itself is bound by the role's trust policy, which IAM
 * checks against an OIDC or SAML provider registered in the role's own account; the token's claims
 * (<issuer>:aud, :sub, saml:aud) are trust-policy keys, not ones an endpoint policy can rely on.
 */
export function interfaceEndpointPolicy(organizationId: string, service: string): PolicyDocument {
    return policyDocument([
        {
            Sid: "AllowOrganizationPrincipals",
            Effect: "Allow",
            Principal: "*",
            Action: "*",
            Resource: "*",
            Condition: { StringEquals: { "aws:PrincipalOrgID": organizationId } },
        },
        ...(service === "sts"
            ? [
                  {
                      Sid: "AllowFederationIntoOrganizationRoles",
                      Effect: "Allow" as const,
                      Principal: "*" as const,
                      Action: ["sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"],
                      Resource: "*",
                      Condition: { StringEquals: { "aws:ResourceOrgID": organizationId } },
                  },
              ]
            : []),
    ]);
}

/** Gateway endpoint services in spoke route tables. */
export type GatewayEndpointService = "s3" | "dynamodb";

/**
 * AWS-owned buckets that instances in a spoke read through the S3 gateway endpoint, by exact name
 * (a pattern would also match a look-alike bucket anyone can create, and a GET to it carries data
 * out in its key). These are public buckets read with requests that carry no principal of this
 * organization: yum/dnf and SSM Agent fetch them unsigned, and ECR hands out layer URLs presigned by
 * the service itself. So no aws:PrincipalOrgID condition can apply; read only.
 */
export function awsOwnedBucketObjects(region: string): string[] {
    const buckets = [
        // SSM Agent: updates, plugins, Distributor packages, document attachments, patching.
        `amazon-ssm-${region}`,
        `amazon-ssm-packages-${region}`,
        `${region}-birdwatcher-prod`,
        `aws-ssm-distributor-file-${region}`,
        `aws-ssm-document-attachments-${region}`,
        `aws-windows-downloads-${region}`,
        // Patch Manager: the AWS-RunPatchBaseline command documents and the baseline snapshots.
        `aws-ssm-${region}`,
        `patch-baseline-snapshot-${region}`,
        // Amazon Linux 2 and Amazon Linux 2023 package repositories.
        `amazonlinux.${region}.amazonaws.com`,
        `amazonlinux-2-repos-${region}`,
        `al2023-repos-${region}-de612dc2`,
        // ECR image layers.
        `prod-${region}-starport-layer-bucket`,
    ];
    return buckets.map((b) => `arn:${partitionOf(region)}:s3:::${b}/*`);
}

/**
 * Gateway endpoints: organization principals reaching organization resources only. S3 additionally
 * lets anyone in the VPC read the AWS-owned buckets that patching, Systems Manager, the Amazon Linux
 * repositories and ECR image pulls need (`awsOwnedBucketObjects`).
 */
export function gatewayEndpointPolicy(organizationId: string, service: GatewayEndpointService, region: string): PolicyDocument {
    const statements = [
        {
            Sid: "AllowOrganizationPrincipalsToOrganizationResources",
            Effect: "Allow" as const,
            Principal: "*" as const,
            Action: `${service}:*`,
            Resource: "*",
            Condition: { StringEquals: { "aws:PrincipalOrgID": organizationId, "aws:ResourceOrgID": organizationId } },
        },
    ];
    if (service === "s3") {
        return policyDocument([
            ...statements,
            {
                Sid: "AllowReadingAwsOwnedBuckets",
                Effect: "Allow",
                Principal: "*",
                Action: "s3:GetObject",
                Resource: awsOwnedBucketObjects(region),
            },
        ]);
    }
    return policyDocument(statements);
}
