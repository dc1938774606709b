import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { childOptions } from "../shared/child-options";

/** An archive rule: findings matching every criterion are archived (expected access, not a finding). */
export interface ArchiveRule {
    /** Stable logical name; the rule's name in AWS. */
    readonly name: string;
    readonly analyzer: "external-access" | "unused-access";
    /** Finding criterion (resourceType, principal.AWS, isPublic, ...) -> values it must equal. */
    readonly filter: Readonly<Record<string, readonly string[]>>;
}

export interface OrganizationAccessAnalyzerArgs {
    /** Stack environment, part of the analyzer names. */
    readonly environment: string;
    /** Create the unused-access analyzer here too (IAM is global: one, in the home region). */
    readonly unusedAccess?: {
        /** Days without use after which access is reported. */
        readonly unusedAccessAgeDays: number;
        /** Principals with any of these tags are not analyzed (break-glass roles are unused by design). */
        readonly excludeTags: readonly Readonly<Record<string, string>>[];
    };
    /** Archive rules; each goes to the analyzer it names (unused-access rules need `unusedAccess`). */
    readonly archiveRules: readonly ArchiveRule[];
    /** Resources that must exist first: the account's delegated-administrator registration for Access Analyzer. */
    readonly dependsOn?: readonly pulumi.Resource[];
}

/**
 * IAM Access Analyzer with the organization as zone of trust, in one region of the delegated
 * administrator (the security-tooling account): an external-access analyzer, and in the home region
 * the unused-access analyzer. The delegated-administrator registration is the organization's.
 */
export class OrganizationAccessAnalyzer extends pulumi.ComponentResource {
    readonly externalAccess: aws.accessanalyzer.Analyzer;
    readonly unusedAccess?: aws.accessanalyzer.Analyzer;

    constructor(name: string, args: OrganizationAccessAnalyzerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:identity:OrganizationAccessAnalyzer", name, {}, opts);
        const names = new Set<string>();
        for (const rule of args.archiveRules) {
            if (names.has(`${rule.analyzer}/${rule.name}`))
                throw new Error(
                    `OrganizationAccessAnalyzer ${name}: archive rule "${rule.name}" appears twice for ${rule.analyzer}; give each rule a unique name`,
                );
            names.add(`${rule.analyzer}/${rule.name}`);
            if (Object.keys(rule.filter).length === 0)
                throw new Error(`OrganizationAccessAnalyzer ${name}: archive rule "${rule.name}" has no filter; add at least one criterion`);
            if (rule.analyzer === "unused-access" && !args.unusedAccess)
                throw new Error(
                    `OrganizationAccessAnalyzer ${name}: archive rule "${rule.name}" targets the unused-access analyzer, which this region does not have; pass unusedAccess`,
                );
        }
        const child = childOptions(this, args.dependsOn);

        this.externalAccess = new aws.accessanalyzer.Analyzer(
            `${name}-external-access`,
            { analyzerName: `lz-${args.environment}-org-external-access`, type: "ORGANIZATION" },
            child,
        );
        if (args.unusedAccess) {
            this.unusedAccess = new aws.accessanalyzer.Analyzer(
                `${name}-unused-access`,
                {
                    analyzerName: `lz-${args.environment}-org-unused-access`,
                    type: "ORGANIZATION_UNUSED_ACCESS",
                    configuration: {
                        unusedAccess: {
                            unusedAccessAge: args.unusedAccess.unusedAccessAgeDays,
                            analysisRule:
                                args.unusedAccess.excludeTags.length > 0
                                    ? { exclusions: [{ resourceTags: args.unusedAccess.excludeTags.map((t) => ({ ...t })) }] }
                                    : undefined,
                        },
                    },
                },
                child,
            );
        }

        for (const rule of args.archiveRules) {
            const analyzer = rule.analyzer === "external-access" ? this.externalAccess : this.unusedAccess!;
            new aws.accessanalyzer.ArchiveRule(
                `${name}-${rule.analyzer}-archive-${rule.name}`,
                {
                    analyzerName: analyzer.analyzerName,
                    ruleName: rule.name,
                    filters: Object.entries(rule.filter)
                        .sort(([a], [b]) => a.localeCompare(b))
                        .map(([criteria, eqs]) => ({ criteria, eqs: [...eqs] })),
                },
                child,
            );
        }

        this.registerOutputs({ externalAccessAnalyzerArn: this.externalAccess.arn, unusedAccessAnalyzerArn: this.unusedAccess?.arn });
    }
}
