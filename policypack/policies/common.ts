import type { ResourceValidationPolicy, ReportViolation, ResourceValidationArgs } from "@pulumi/policy";

/** Zero-trust areas of the mission; every policy belongs to one. */
export type ZeroTrustArea = "identity" | "devices" | "network" | "workloads" | "data" | "monitoring" | "governance";

/** A policy with the metadata reviewers and authors need: area, mapped controls, and how to fix it. */
export interface ZeroTrustPolicy extends ResourceValidationPolicy {
    readonly area: ZeroTrustArea;
    /** CIS AWS Foundations Benchmark v5 and AWS Foundational Security Best Practices control ids. */
    readonly controls: readonly string[];
    /** What to change in the Pulumi program to comply. */
    readonly remediation: string;
}

/**
 * Restricts a validation to one Pulumi type. The type is attached to the function the way
 * @pulumi/policy's own helpers do, so the analyzer skips other types without calling it.
 */
export function forType<T = Record<string, any>>(
    pulumiType: string,
    validate: (props: T, args: ResourceValidationArgs, reportViolation: ReportViolation) => void | Promise<void>,
): (args: ResourceValidationArgs, reportViolation: ReportViolation) => void | Promise<void> {
    const fn = (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
        if (args.type === pulumiType) return validate(args.props as T, args, reportViolation);
    };
    (fn as unknown as { __pulumiType: string }).__pulumiType = pulumiType;
    return fn;
}
