/**
 * Tag policy from `organization.requiredTags`: the key's capitalization is fixed everywhere, and where
 * config lists allowed values, tagging a supported resource with any other value is refused.
 */
import type { Assign } from "./declarative";

/** Resource types whose tagging AWS refuses when non-compliant (the enforcement this policy relies on). */
export const TAG_ENFORCED_RESOURCE_TYPES = ["ec2:instance", "ec2:volume", "ec2:snapshot", "secretsmanager:*"] as const;

export interface TagPolicyTag {
    readonly tag_key: Assign<string>;
    readonly tag_value?: Assign<readonly string[]>;
    readonly enforced_for?: Assign<readonly string[]>;
}

export interface TagPolicy {
    readonly tags: Readonly<Record<string, TagPolicyTag>>;
}

/** Required tags by key, each with its allowed values (empty: any value). */
export function tagPolicy(requiredTags: Readonly<Record<string, readonly string[]>>): TagPolicy {
    const keys = Object.keys(requiredTags).sort();
    if (keys.length === 0) throw new Error("tagPolicy: requiredTags is empty; set organization.requiredTags");
    const lower = new Map<string, string>();
    for (const key of keys) {
        // Tag policies address keys case-insensitively: "Owner" and "owner" would be one entry.
        const other = lower.get(key.toLowerCase());
        if (other) throw new Error(`tag keys "${other}" and "${key}" differ only in case; tag policies treat them as one key`);
        lower.set(key.toLowerCase(), key);
    }
    return {
        tags: Object.fromEntries(
            keys.map((key) => {
                const values = requiredTags[key];
                const tag: TagPolicyTag =
                    values.length > 0
                        ? {
                              tag_key: { "@@assign": key },
                              tag_value: { "@@assign": [...values] },
                              enforced_for: { "@@assign": [...TAG_ENFORCED_RESOURCE_TYPES] },
                          }
                        : { tag_key: { "@@assign": key } };
                return [key.toLowerCase(), tag];
            }),
        ),
    };
}
