import { keyPath } from "./config";

/**
 * Account ids that stand for "an account" in AWS's documentation (and, 210987654321, in this repository's
 * dev stack): no organization's real account.
 */
export const EXAMPLE_ACCOUNT_IDS: readonly string[] = ["123456789012", "111122223333", "444455556666", "777788889999", "210987654321"];

/** RFC 5737 ranges, reserved for documentation: no packet from them reaches AWS. */
const DOCUMENTATION_NETWORKS = ["192.0.2.", "198.51.100.", "203.0.113."];

/** RFC 2606 / RFC 6761 names reserved for examples and tests: no mail or request to them arrives anywhere. */
const RESERVED_DOMAIN = /(^|[.@/])(example\.(com|net|org)|[a-z0-9-]+\.(example|test|invalid|localhost)|example|test|invalid|localhost)(\.?$|[/:?#])/i;

/** North American numbers 555-0100 to 555-0199, reserved for fiction: no phone answers them. */
const FICTIONAL_PHONE = /(^|\D)555[\s-]?01\d\d$/;

/**
 * Names of this repository's example organization, Northwind, where only the operator knows the real one
 * and no reserved range exists: the device-management tenants and the GitHub repository.
 */
export const EXAMPLE_NAMES: readonly string[] = ["northwind", "northwind-staging", "northwind/aws-landing-zone"];

/** What a documentation example stands where the operator's value belongs, or undefined for any other value. */
function exampleProblem(value: string): string | undefined {
    if (EXAMPLE_NAMES.includes(value))
        return "the example organization's name, no tenant or repository of yours (expected your device-management tenant id, or your GitHub owner/name)";
    const account = EXAMPLE_ACCOUNT_IDS.find((id) => value === id || new RegExp(`:${id}:`).test(value));
    if (account)
        return value === account
            ? "an example account id, no organization's (expected the 12-digit id of your account, e.g. from aws sts get-caller-identity)"
            : `an ARN in example account ${account}, no organization's (expected the ARN of the principal in your account)`;
    if (DOCUMENTATION_NETWORKS.some((n) => value.startsWith(n)))
        return "an RFC 5737 documentation address range, from which no traffic comes (expected your organization's public egress range)";
    if (FICTIONAL_PHONE.test(value.trim()))
        return "a phone number reserved for fiction (555-0100 to 555-0199), where no one answers (expected your team's phone number)";
    const domain = value.includes("@") ? value.slice(value.lastIndexOf("@")) : value;
    if (RESERVED_DOMAIN.test(domain))
        return "a reserved example domain (RFC 2606), where nothing is delivered (expected a mailbox or endpoint your organization receives at)";
    return undefined;
}

/**
 * Every value of a stack config (`landing-zone:*` keys, namespace stripped) that is still a documentation
 * example, one line each as `<key path>: <what it is> (got <value>; expected <what>)`. The committed stack
 * files hold such examples where only the operator knows the value (README "Before the first pulumi up").
 */
export function exampleValues(raw: Readonly<Record<string, unknown>>): string[] {
    const out: string[] = [];
    const walk = (value: unknown, path: (string | number)[]) => {
        if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
        else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
        else if (typeof value === "string") {
            const problem = exampleProblem(value);
            if (problem) {
                const m = /^(.*) \(expected (.*)\)$/.exec(problem)!;
                out.push(`${keyPath(path)}: ${m[1]} (got ${JSON.stringify(value)}; expected ${m[2]})`);
            }
        }
    };
    walk(raw, []);
    return out;
}
