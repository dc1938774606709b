import { z } from "zod";
import { Region } from "@pulumi/aws/types/enums";
import { parseCidr } from "cidr-tools";

/** Every region the AWS provider knows; a typo here would silently deploy nowhere. */
export const AWS_REGIONS: readonly string[] = Object.values(Region);

export const regionSchema = z.string().refine((r) => AWS_REGIONS.includes(r), { message: "not a real AWS region (expected a region code such as eu-west-1)" });

export const accountIdSchema = z.string().regex(/^\d{12}$/, "not a 12-digit AWS account id");

/**
 * Logical names become URN segments and resource names, so they are kept short, lowercase and stable.
 * Display names can change freely; these cannot without aliases.
 */
export const logicalNameSchema = z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,38}[a-z0-9]$/, "not a logical name (expected 2-40 lowercase letters, digits or hyphens, starting with a letter)");

export const emailSchema = z.email({ message: "not an email address (expected name@domain)" });

/** An IPv4 CIDR block in canonical form (network address, prefix length 8-28). */
export const ipv4CidrSchema = z.string().superRefine((value, ctx) => {
    const match = /^(\d{1,3}\.){3}\d{1,3}\/(\d{1,2})$/.exec(value);
    if (!match) {
        ctx.addIssue({ code: "custom", message: "not an IPv4 CIDR block (expected a.b.c.d/n)" });
        return;
    }
    let parsed;
    try {
        parsed = parseCidr(value);
    } catch {
        ctx.addIssue({ code: "custom", message: "not an IPv4 CIDR block (expected a.b.c.d/n)" });
        return;
    }
    const prefix = Number(parsed.prefix);
    if (prefix < 8 || prefix > 28) {
        ctx.addIssue({ code: "custom", message: "prefix length out of range (expected /8 to /28, the VPC limits)" });
    } else if (parsed.ip !== value.split("/")[0]) {
        ctx.addIssue({ code: "custom", message: `host bits set (expected the network address ${parsed.ip}/${prefix})` });
    }
});

export const tagMapSchema = z.record(z.string().min(1).max(128), z.string().max(256));

/** Parses a CIDR into its numeric range; callers have already validated the string. */
export function cidrRange(cidr: string): { readonly start: bigint; readonly end: bigint; readonly prefix: number } {
    const parsed = parseCidr(cidr);
    return { start: parsed.start, end: parsed.end, prefix: Number(parsed.prefix) };
}
