/**
 * Resource control policies: the data perimeter. Whatever a bucket, key, queue, secret or role trust
 * policy says, only principals of this organization (and AWS services acting for it) reach them, and
 * only over TLS. RCPs never apply to the management account or to service-linked roles.
 */
import { policyDocument, PolicyDocument } from "./document";

/** Services the perimeter covers (all support RCPs). */
export const PERIMETER_ACTIONS = ["s3:*", "kms:*", "sqs:*", "secretsmanager:*"] as const;

/**
 * STS is covered for role assumption by IAM principals only: federated sign-in (SAML, web identity)
 * comes from principals that belong to no organization and is governed by the role trust policies.
 */
export const PERIMETER_STS_ACTIONS = ["sts:AssumeRole"] as const;

/**
 * A role tagged with this key set to "true" may be assumed from outside the organization (a vendor's
 * integration role, AWS's data-perimeter convention); only the platform may set or remove the tag (SCP).
 */
export const IDENTITY_PERIMETER_EXCLUSION_TAG = "dp:exclude:identity";

/** Lowest TLS version S3 accepts. */
export const MIN_TLS_VERSION = 1.2;

export interface RcpInputs {
    /** The organization id (o-...). */
    readonly organizationId: string;
}

export function dataPerimeterRcp(i: RcpInputs): PolicyDocument {
    if (!/^o-[a-z0-9]{10,32}$/.test(i.organizationId))
        throw new Error(`dataPerimeterRcp: organizationId "${i.organizationId}" is not an organization id (o-...)`);
    const actions = [...PERIMETER_ACTIONS, ...PERIMETER_STS_ACTIONS];
    return policyDocument([
        {
            Sid: "EnforceOrgIdentities",
            Effect: "Deny",
            Principal: "*",
            Action: [...PERIMETER_ACTIONS],
            Resource: "*",
            Condition: {
                StringNotEqualsIfExists: { "aws:PrincipalOrgID": i.organizationId },
                BoolIfExists: { "aws:PrincipalIsAWSService": "false" },
            },
        },
        {
            // Roles only: the one exception to the identity perimeter is a role the platform tagged for
            // an outside integration (whose trust policy still names the vendor and its external id).
            Sid: "EnforceOrgIdentitiesOnRoles",
            Effect: "Deny",
            Principal: "*",
            Action: [...PERIMETER_STS_ACTIONS],
            Resource: "*",
            Condition: {
                StringNotEqualsIfExists: { "aws:PrincipalOrgID": i.organizationId, [`aws:ResourceTag/${IDENTITY_PERIMETER_EXCLUSION_TAG}`]: "true" },
                BoolIfExists: { "aws:PrincipalIsAWSService": "false" },
            },
        },
        {
            // A service acting for someone else's account must not reach our resources (confused deputy).
            Sid: "EnforceConfusedDeputyProtection",
            Effect: "Deny",
            Principal: "*",
            Action: actions,
            Resource: "*",
            Condition: {
                StringNotEqualsIfExists: { "aws:SourceOrgID": i.organizationId },
                Null: { "aws:SourceAccount": "false" },
                Bool: { "aws:PrincipalIsAWSService": "true" },
            },
        },
        {
            Sid: "EnforceSecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: actions,
            Resource: "*",
            Condition: { BoolIfExists: { "aws:SecureTransport": "false" } },
        },
        {
            Sid: "EnforceS3TlsVersion",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: "*",
            Condition: { NumericLessThan: { "s3:TlsVersion": MIN_TLS_VERSION } },
        },
    ]);
}
