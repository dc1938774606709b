import { z } from "zod";
import { accountIdSchema, logicalNameSchema, regionSchema } from "./common";
import { organizationSchema } from "./organization";
import { networkSchema } from "./network";
import { identitySchema } from "./identity";
import { dataSchema, endpointSchema, responseSchema, securitySchema, settingsSchema } from "./services";
import { deploymentSchema, pipelineModeSchema } from "./deployment";
import type { PolicyPackSettings } from "../policy-pack";

/** The whole stack config: each area's schema under its top-level `landing-zone:<key>`. */
export const stackConfigSchema = z.strictObject({
    /** Stack environment name (dev, prod, ...); tags and names carry it. */
    environment: logicalNameSchema,
    managementAccountId: accountIdSchema,
    regions: z.strictObject({
        home: regionSchema,
        allowed: z.array(regionSchema).min(1),
    }),
    organization: organizationSchema,
    network: networkSchema,
    identity: identitySchema,
    security: securitySchema.prefault({}),
    data: dataSchema.prefault({}),
    endpoint: endpointSchema.prefault({}),
    response: responseSchema.prefault({}),
    settings: settingsSchema,
    deployment: deploymentSchema.optional(),
    pipelineMode: pipelineModeSchema,
});

/** A top-level key of the stack config (`landing-zone:<key>`). */
export type ConfigKey = keyof typeof stackConfigSchema.shape;

export const CONFIG_KEYS = Object.keys(stackConfigSchema.shape) as readonly ConfigKey[];

/**
 * A validated stack config, with the stack's policy pack config (policypack/config/<stack>.json, the
 * file the engine gets as --policy-pack-config; `{}` when validated without it).
 */
export type LandingZoneConfig = z.infer<typeof stackConfigSchema> & { readonly policyPack: PolicyPackSettings };
