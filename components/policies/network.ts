import { partitionOf } from "../organization/naming";
import { PolicyDocument, policyDocument } from "./document";

/**
 * VPC endpoint policies. An endpoint policy is evaluated on every call that goes through the endpoint,
 * so an org-only policy stops stolen credentials of another organization from using our private path
 * (and our network from being used as an exfiltration path into someone else's account).
 */

/** Interface endpoints: only principals of this organization may call through the endpoint. */
export function interfaceEndpointPolicy(organizationId: string): PolicyDocument {
    return policyDocument([
        {
            Sid: "AllowOrganizationPrincipals",
            Effect: "Allow",
            Principal: "*",
            Action: "*",
            Resource: "*",
            Condition: { StringEquals: { "aws:PrincipalOrgID": organizationId } },
        },
    ]);
}

/** Gateway endpoint services in spoke route tables. */
export type GatewayEndpointService = "s3" | "dynamodb";

/**
 * Gateway endpoints: organization principals reaching organization resources only. S3 additionally
 * allows reading the AWS-owned bucket ECR serves image layers from, without which image pulls fail.
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
                Sid: "AllowEcrImageLayers",
                Effect: "Allow",
                Principal: "*",
                Action: "s3:GetObject",
                Resource: `arn:${partitionOf(region)}:s3:::prod-${region}-starport-layer-bucket/*`,
                Condition: { StringEquals: { "aws:PrincipalOrgID": organizationId } },
            },
        ]);
    }
    return policyDocument(statements);
}
