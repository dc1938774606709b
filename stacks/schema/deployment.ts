import { z } from "zod";
import { logicalNameSchema } from "./common";

/**
 * `landing-zone:deployment`: who may preview and deploy this stack. The program creates GitHub's OIDC
 * provider and two roles in the management account that trust only this repository: a read-only
 * preview role for pull requests and drift checks, and a deploy role for the GitHub environment that
 * runs `pulumi up`. Omit the key to manage deployment identities outside the landing zone.
 */
export const deploymentSchema = z.strictObject({
    /** GitHub repository whose workflows deploy the stack, as owner/name. */
    repository: z.string().regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, "not a GitHub repository (expected owner/name, without wildcards)"),
    /** Branch whose scheduled drift checks may use the preview role. */
    branch: z
        .string()
        .regex(/^[A-Za-z0-9._/-]+$/, "not a branch name (expected letters, digits, ., _, / or -, without wildcards)")
        .default("main"),
    /** GitHub environment whose jobs may use the deploy role; defaults to the stack's environment name. */
    environment: logicalNameSchema.optional(),
    /** Alias of the KMS key the stack's secrets provider uses (awskms://<alias>). */
    stateKeyAlias: z
        .string()
        .regex(/^alias\/[A-Za-z0-9/_-]+$/, "not a KMS alias (expected alias/<name>)")
        .optional(),
    /** Longest session a pipeline role may hold, in seconds. */
    maxSessionSeconds: z.number().int().min(900).max(3600).default(3600),
});

export type DeploymentConfig = z.infer<typeof deploymentSchema>;

/**
 * `landing-zone:pipelineMode`: which role the member accounts' providers assume. `deploy` (the stack
 * file's value) assumes `organization.accessRoleName`; `preview`, which the pull-request and drift
 * workflows set, assumes the read-only preview role the program creates in every member account.
 */
export const pipelineModeSchema = z.enum(["deploy", "preview"]).default("deploy");

export type PipelineMode = z.infer<typeof pipelineModeSchema>;
