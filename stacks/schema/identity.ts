import { z } from "zod";
import { accountIdSchema, ipv4CidrSchema, logicalNameSchema } from "./common";
import { builtInPermissionSets } from "../../components/shared/config-types";
export type { BuiltInPermissionSet } from "../../components/shared/config-types";

/** ISO 8601 duration accepted by Identity Center (PT1H .. PT12H). */
const sessionDurationSchema = z
    .string()
    .regex(/^PT([1-9]|1[0-2])H$|^PT([1-9]\d?|[1-6]\d\d|7[01]\d|720)M$/, "not a session duration (expected PT1H..PT12H or PT15M style)");

/** `service:Action`, with * and ? wildcards in the action part. */
const iamActionSchema = z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9*?]+$/, "not an IAM action (expected service:Action, e.g. iam:CreateRole or kms:Delete*)");

const customerManagedPolicyRefSchema = z.strictObject({
    name: z.string().regex(/^[\w+=,.@-]{1,128}$/, "not an IAM policy name (expected 1-128 of letters, digits and +=,.@_-)"),
    path: z
        .string()
        .regex(/^\/([\w+=,.@-]+\/)*$/, "not an IAM path (expected / or /a/b/)")
        .default("/"),
});

export { builtInPermissionSets };

const permissionSetOverrideSchema = z.strictObject({
    sessionDuration: sessionDurationSchema.optional(),
    /** Require `aws:PrincipalTag/<deviceComplianceAttribute>` = "true" for every action. */
    requireCompliantDevice: z.boolean().optional(),
    /** Require sensitive actions to come from trusted networks or VPC endpoints. */
    requireTrustedNetwork: z.boolean().optional(),
    /** Actions (wildcards allowed) that need a trusted network; replaces the built-in list. */
    sensitiveActions: z.array(iamActionSchema).min(1).optional(),
    /** AWS-managed policy names with their path below arn:aws:iam::aws:policy/; replaces the built-in list. */
    managedPolicies: z
        .array(
            z
                .string()
                .regex(/^([\w+=,.@-]+\/)*[\w+=,.@-]{1,128}$/, "not an AWS-managed policy name (expected e.g. ReadOnlyAccess or job-function/ViewOnlyAccess)"),
        )
        .optional(),
    /** Customer-managed policies that must already exist, under this name and path, in every account the set is assigned to. */
    customerManagedPolicies: z.array(customerManagedPolicyRefSchema).optional(),
    /** Console URL users land on after sign-in. */
    relayState: z.url({ protocol: /^https$/, message: "not an https URL (expected e.g. https://console.aws.amazon.com/billing/home)" }).optional(),
});

export const assignmentSchema = z
    .strictObject({
        /** Identity Center group display name, provisioned by SCIM from the identity provider. */
        group: z.string().min(1),
        permissionSet: logicalNameSchema,
        /** Account logical names ("management" for the management account). */
        accounts: z.array(logicalNameSchema).default([]),
        /** OU paths; every account in the OU (and below) gets the assignment. */
        ous: z.array(z.string().min(1)).default([]),
    })
    .refine((a) => a.accounts.length + a.ous.length > 0, { message: "assignment targets nothing (expected at least one of accounts or ous)" });

export const identitySchema = z.strictObject({
    /** Session tag the identity provider sets at sign-in from its device check (SAML `AccessControl:<key>`, never mapped from the identity store). */
    deviceComplianceAttribute: z
        .string()
        .regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/)
        .default("deviceCompliant"),
    /** ABAC attributes mapped from the identity store into session tags (Identity Center's attributes for access control). */
    accessControlAttributes: z.array(z.strictObject({ key: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/), source: z.string().min(1) })).default([]),
    /** Corporate egress ranges and VPC endpoints from which sensitive actions are allowed. */
    trustedNetworks: z
        .strictObject({ cidrs: z.array(ipv4CidrSchema).default([]), vpcEndpointIds: z.array(z.string().regex(/^vpce-[0-9a-f]{8,17}$/)).default([]) })
        .default({ cidrs: [], vpcEndpointIds: [] }),
    groups: z.array(z.string().regex(/^\S(.{0,126}\S)?$/, "not a group display name (expected 1-128 characters without leading or trailing spaces)")).min(1),
    permissionSets: z.record(logicalNameSchema, permissionSetOverrideSchema).default({}),
    assignments: z.array(assignmentSchema).default([]),
    breakGlass: z
        .strictObject({
            /** Emergency role names created in every account. */
            roleNames: z
                .array(z.string().regex(/^[\w+=,.@-]{1,64}$/))
                .min(1)
                .max(3),
            /** Account ids whose MFA-authenticated principals may assume them (normally the management account). */
            trustedAccountIds: z.array(accountIdSchema).min(1),
            /** Roles among roleNames that get read-only access instead of administrator access. */
            readOnlyRoleNames: z.array(z.string()).default([]),
            /** Oldest MFA authentication (seconds) that may still assume a break-glass role. */
            mfaMaxAgeSeconds: z.number().int().min(300).max(43200).default(3600),
        })
        .optional(),
    /** IAM Access Analyzer: unused-access window and archive rules for expected findings. */
    accessAnalyzer: z
        .strictObject({
            unusedAccessAgeDays: z.number().int().min(1).max(365).default(90),
            archiveRules: z
                .array(
                    z.strictObject({
                        name: logicalNameSchema,
                        /** Which analyzer the rule archives findings of. */
                        analyzer: z.enum(["external-access", "unused-access"]).default("external-access"),
                        /** Finding criteria (e.g. resourceType, principal.AWS) and the values they must equal. */
                        filter: z.record(z.string().min(1), z.array(z.string()).min(1)),
                    }),
                )
                .default([]),
        })
        .default({ unusedAccessAgeDays: 90, archiveRules: [] }),
});

export type IdentityConfig = z.infer<typeof identitySchema>;
export type AssignmentConfig = z.infer<typeof assignmentSchema>;
export type PermissionSetOverride = z.infer<typeof permissionSetOverrideSchema>;
export type CustomerManagedPolicyRef = z.infer<typeof customerManagedPolicyRefSchema>;
