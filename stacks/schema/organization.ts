import { z } from "zod";
import { emailSchema, logicalNameSchema, tagMapSchema } from "./common";
import { ALTERNATE_CONTACT_TYPES, coreAccountRoles } from "../../components/shared/config-types";
import type { CoreAccountRole, OrganizationalUnitConfig } from "../../components/shared/config-types";

/** An OU display name as AWS shows it; paths join names with "/". */
const ouNameSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9 _-]{0,63}$/, "not an OU name (expected letters, digits, spaces, _ or -, starting with a letter)");

export type { OrganizationalUnitConfig };

export const organizationalUnitSchema: z.ZodType<OrganizationalUnitConfig> = z.lazy(() =>
    z.strictObject({
        name: ouNameSchema,
        children: z.array(organizationalUnitSchema).optional(),
    }),
);

const accountBaseSchema = {
    /** Stable logical name: the account's URN segment and the key other config refers to. */
    name: logicalNameSchema,
    /** Name shown in AWS; free to change. */
    displayName: z.string().min(1).max(50).optional(),
    email: emailSchema,
    /** OU path such as "Workloads/Prod". */
    ou: z.string().min(1),
    tags: tagMapSchema.default({}),
};

export const coreAccountSchema = z.strictObject(accountBaseSchema);

export const workloadEnvironmentSchema = z.enum(["prod", "nonprod", "sandbox"]);

export const workloadAccountSchema = z.strictObject({
    ...accountBaseSchema,
    environment: workloadEnvironmentSchema,
    /** Owning team, used for tags and notifications. */
    owner: z.string().min(1),
    costCenter: z.string().min(1),
    /**
     * A new account stays in the quarantine OU, under the deny-all-but-baseline SCP, until its
     * baseline has been applied; flip to false once `pulumi up` has built it.
     */
    quarantined: z.boolean().default(false),
});

export { coreAccountRoles };
export type { CoreAccountRole };

/** Policy types an organization root can enable (EnablePolicyType). */
export const ORGANIZATION_POLICY_TYPES = [
    "AISERVICES_OPT_OUT_POLICY",
    "BACKUP_POLICY",
    "BEDROCK_POLICY",
    "CHATBOT_POLICY",
    "DECLARATIVE_POLICY_EC2",
    "INSPECTOR_POLICY",
    "RESOURCE_CONTROL_POLICY",
    "S3_POLICY",
    "SECURITYHUB_POLICY",
    "SERVICE_CONTROL_POLICY",
    "TAG_POLICY",
    "UPGRADE_ROLLOUT_POLICY",
] as const;

export { ALTERNATE_CONTACT_TYPES };

/** A person or team AWS writes to about one side of an account, within PutAlternateContact's limits. */
const contactSchema = z.strictObject({
    name: z.string().min(1).max(64),
    title: z.string().min(1).max(50),
    email: emailSchema,
    phone: z
        .string()
        .max(25)
        .regex(/^[\s0-9()+-]+$/, "not a phone number (expected digits, spaces, +, -, ( and ), e.g. +1 206-555-0100)"),
});

export const organizationSchema = z.strictObject({
    /** Role that Organizations creates in every new account and that Pulumi assumes. */
    accessRoleName: z
        .string()
        .regex(/^[\w+=,.@-]{1,64}$/, "not an IAM role name (expected 1-64 of letters, digits and +=,.@_-)")
        .default("OrganizationAccountAccessRole"),
    organizationalUnits: z.array(organizationalUnitSchema).min(1),
    /** OU path new and quarantined accounts are parked in. */
    quarantineOu: z.string().default("Suspended"),
    coreAccounts: z.strictObject({
        logArchive: coreAccountSchema,
        securityTooling: coreAccountSchema,
        network: coreAccountSchema,
        sharedServices: coreAccountSchema,
        backup: coreAccountSchema,
    }),
    workloadAccounts: z.array(workloadAccountSchema).default([]),
    /**
     * Who AWS contacts about security notices, operations and billing, set on every account the
     * organization holds, the management account included (CIS AWS Foundations 1.2).
     */
    alternateContacts: z.strictObject(
        Object.fromEntries(ALTERNATE_CONTACT_TYPES.map((t) => [t, contactSchema])) as Record<(typeof ALTERNATE_CONTACT_TYPES)[number], typeof contactSchema>,
        {
            error: (issue) =>
                issue.input === undefined
                    ? `missing required value (expected ${ALTERNATE_CONTACT_TYPES.join(", ")} contacts, each { name, title, email, phone }: AWS sends security notices to the security contact of every account)`
                    : undefined,
        },
    ),
    /** Tag keys every resource must carry, with the allowed values (empty list: any value). */
    requiredTags: z.record(z.string().min(1), z.array(z.string())).default({}),
    /**
     * What an adopted organization already uses beyond the landing zone's own lists: the organization's
     * trusted services and root policy types are replaced by what the program sets, so keep them here.
     */
    keep: z
        .strictObject({
            trustedServicePrincipals: z
                .array(z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$/, "not an AWS service principal (expected <service>.amazonaws.com)"))
                .default([]),
            policyTypes: z.array(z.enum(ORGANIZATION_POLICY_TYPES)).default([]),
        })
        .default({ trustedServicePrincipals: [], policyTypes: [] }),
});

export type OrganizationConfig = z.infer<typeof organizationSchema>;
export type WorkloadAccountConfig = z.infer<typeof workloadAccountSchema>;
export type CoreAccountConfig = z.infer<typeof coreAccountSchema>;
export type AlternateContactsConfig = OrganizationConfig["alternateContacts"];
